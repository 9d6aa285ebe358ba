import CXLSXWriter
import Foundation
import ReachMetrics
import ReachModel

/// Per-group files for counsellors (`by-<scope>/<group>.xlsx` and `.txt`):
/// each group's gap list, members and daily trend, and a reminder to paste
/// into the group chat.
enum GroupSplit {
    /// The folder name of a split, e.g. `by-class`.
    static func folderName(_ scope: Scope) -> String { "by-\(scope.description)" }

    static func write(_ input: ReportInput, scope: Scope, language: ReportLanguage, into folder: URL) throws {
        let dir = folder.appendingPathComponent(folderName(scope), isDirectory: true)
        try makeDirectory(dir)
        let tables = input.tables
        var members: [String: [MemberRow]] = [:]
        var gaps: [String: [GapRow]] = [:]
        var daily: [String: [DailyRow]] = [:]
        for row in tables.members {
            if let g = group(of: row.member, scope) { members[g, default: []].append(row) }
        }
        for row in tables.gaps {
            if let g = group(of: row.member, scope) { gaps[g, default: []].append(row) }
        }
        for row in tables.daily where row.scope == scope {
            daily[row.group, default: []].append(row)
        }
        let names = Set(members.keys).union(gaps.keys)
            .sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        let files = uniqueFileNames(names)
        let (m, g, d) = (members, gaps, daily)
        let labels = Labels(language: language)
        let lanes = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        try runConcurrently((0..<lanes).map { lane in
            { @Sendable in
                for i in stride(from: lane, to: names.count, by: lanes) {
                    let name = names[i], groupGaps = g[name] ?? []
                    let trend = TrendDay.window(d[name] ?? [], tables: tables, labels: labels)
                    try GroupWorkbook(group: name, gaps: groupGaps, members: m[name] ?? [], trend: trend,
                                      options: tables.options, language: language)
                        .write(to: dir.appendingPathComponent(files[i] + ".xlsx").path)
                    let reminder = Reminder.text(group: name, gaps: groupGaps, options: tables.options)
                    try writeFile(Data(reminder.utf8), to: dir.appendingPathComponent(files[i] + ".txt"))
                }
            }
        })
    }

    /// The member's group of `scope`; `nil` for an empty college (SPEC 2).
    static func group(of member: Member, _ scope: Scope) -> String? {
        switch scope {
        case .all: return "all"
        case .college: return member.college.isEmpty ? nil : member.college
        case .branch: return member.branch
        case .class: return member.className
        }
    }
}

/// One group's small workbook: gap list, members, daily trend with a chart.
struct GroupWorkbook {
    let group: String
    let gaps: [GapRow]
    let members: [MemberRow]
    /// Every day of D, empty where the group has no daily row.
    let trend: [TrendDay]
    let options: MetricsOptions
    let language: ReportLanguage

    static let trendKeys = ["date", "expected", "checked_in", "coverage", "excused", "reached", "sharers", "shares",
                            "commenters", "comments"]

    func write(to path: String) throws {
        let labels = Labels(language: language)
        let words = Vocabulary(language)
        let minRate = options.minRate.doubleValue
        let book = try Workbook(path: path)
        let gapColumns = Columns.gapSheet(words)
        try book.addSheet(labels.gaps).table(gaps, columns: gapColumns, language: language, minRate: minRate)
        try book.addSheet(labels.members).table(members, columns: Columns.members, language: language, minRate: minRate)
        let sheet = try book.addSheet(labels.daily)
        let columns = TrendDay.columns(GroupWorkbook.trendKeys, words: words)
        try sheet.table(trend, columns: columns, language: language, minRate: minRate)
        if trend.contains(where: { $0.row != nil }) {
            let chart = try book.addLineChart()
            chart_title_set_name(chart, labels.trend)
            chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_NONE.rawValue))
            chart_axis_set_num_format(chart.pointee.x_axis, "mm-dd")
            chart_axis_set_num_format(chart.pointee.y_axis, "0%")
            chart_axis_set_min(chart.pointee.y_axis, 0)
            chart_axis_set_max(chart.pointee.y_axis, 1)
            guard let series = chart_add_series(chart, nil, nil) else {
                throw ReachError.cannotRun("cannot add a chart series to \(path)")
            }
            chart_series_set_name(series, labels.coverage)
            let coverageCol = lxw_col_t(columns.firstIndex { $0.key == "coverage" }!)
            chart_series_set_categories(series, sheet.name, 1, 0, lxw_row_t(trend.count), 0)
            chart_series_set_values(series, sheet.name, 1, coverageCol, lxw_row_t(trend.count), coverageCol)
            try sheet.insertChart(chart, row: 1, col: columns.count + 1, xScale: 1.2, yScale: 1.2)
        }
        try book.close()
    }
}

/// Creates a folder (and its parents), naming it in the error when that fails.
func makeDirectory(_ url: URL) throws {
    do {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    } catch {
        throw ReachError.cannotRun("cannot create the folder \(url.path): \(error.localizedDescription); check that its parent is writable")
    }
}
