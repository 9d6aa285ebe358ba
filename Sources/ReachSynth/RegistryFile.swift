import Foundation
import ReachModel

/// The group registry export (`群组备案-2026秋.csv`, SPEC 1.3 groups,
/// contract v4): the header 群名称, 类型, 学院, 支部, 班级, 所属组织, 负责人学号,
/// 负责人, 备案日期, 群人数, 状态 and one row per group of a `GroupRegistry`,
/// named after the term of the last day (as the school calendar is).
enum RegistryFile {
    static let columns: [Column] = [.groupName, .category, .college, .branch, .className, .org, .ownerID, .owner,
                                    .registered, .memberCount, .status]

    static func make(config: SynthConfig, in dir: URL) -> ExportFile {
        var style = FileStyle(columns: columns)
        style.chinese = true
        return ExportFile(name: "群组备案-\(CalendarFile.term(config.end).tag).csv", kind: .groups, style: style, in: dir)
    }

    static func write(_ file: ExportFile, registry: GroupRegistry) throws {
        let d = file.style.delimiter
        file.begin()
        for row in registry.rows {
            for (i, column) in file.style.columns.enumerated() {
                if i > 0 { file.separator() }
                switch column {
                case .groupName: file.out.appendField(row.groupName, delimiter: d)
                case .category: file.out.appendField(row.type, delimiter: d)
                case .college: file.out.appendField(row.college, delimiter: d)
                case .branch: file.out.appendField(row.branch, delimiter: d)
                case .className: file.out.appendField(row.className, delimiter: d)
                case .org: file.out.appendField(row.org, delimiter: d)
                case .ownerID: file.out.append(row.ownerID)
                case .owner: file.out.appendField(row.owner, delimiter: d)
                case .registered: if let day = row.registered { file.out.appendDate(day) }
                case .memberCount: if let n = row.memberCount { file.out.appendDecimal(n) }
                case .status: file.out.appendField(row.status, delimiter: d)
                default: break
                }
            }
            file.endLine(.accepted)
        }
        try file.finish()
    }
}
