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
        // A messy registry (`--messy`): a row of each kind the reader
        // rejects, and its first group again at the end (a replacement,
        // which the reader accepts: a later row for a name replaces it).
        if config.mess == .full { style.badRows = Broken.allCases.count }
        return ExportFile(name: "群组备案-\(CalendarFile.term(config.end).tag).csv", kind: .groups, style: style, in: dir)
    }

    /// What a messy registry gets wrong, one row each (SPEC 1.6, contract v4).
    enum Broken: CaseIterable {
        /// No 群名称.
        case emptyName
        /// 群人数 below zero.
        case negativeCount
        /// 备案日期 on a day that does not exist.
        case impossibleDate
    }

    static func write(_ file: ExportFile, registry: GroupRegistry) throws {
        file.begin()
        let rows = registry.rows
        for (k, row) in rows.enumerated() {
            write(row, to: file, role: .accepted)
            if k == rows.count / 2 {
                for broken in Broken.allCases.prefix(file.style.badRows) { write(row, to: file, role: .rejected, broken: broken) }
            }
        }
        if file.style.badRows > 0, var again = rows.first {
            again.memberCount = (again.memberCount ?? 0) + 1
            write(again, to: file, role: .accepted)
        }
        try file.finish()
    }

    private static func write(_ row: RegisteredGroup, to file: ExportFile, role: ExportFile.Role, broken: Broken? = nil) {
        let d = file.style.delimiter
        for (i, column) in file.style.columns.enumerated() {
            if i > 0 { file.separator() }
            switch column {
            case .groupName: if broken != .emptyName { file.out.appendField(row.groupName, delimiter: d) }
            case .category: file.out.appendField(row.type, delimiter: d)
            case .college: file.out.appendField(row.college, delimiter: d)
            case .branch: file.out.appendField(row.branch, delimiter: d)
            case .className: file.out.appendField(row.className, delimiter: d)
            case .org: file.out.appendField(row.org, delimiter: d)
            case .ownerID: file.out.append(row.ownerID)
            case .owner: file.out.appendField(row.owner, delimiter: d)
            case .registered:
                if broken == .impossibleDate { file.out.append("2026-02-30") }
                else if let day = row.registered { file.out.appendDate(day) }
            case .memberCount:
                if broken == .negativeCount { file.out.append("-3") }
                else if let n = row.memberCount { file.out.appendDecimal(n) }
            case .status: file.out.appendField(row.status, delimiter: d)
            default: break
            }
        }
        file.endLine(role)
    }
}
