import Foundation
import ReachMetrics
import ReachModel

/// Per-group files for counsellors (`by-<scope>/<group>.xlsx` and `.txt`):
/// each group's gap list, members and daily trend, and a reminder to paste
/// into the group chat.
///
/// The rows are sorted into groups once; then every group is one
/// ``WriteJob`` writing its own two files (its own libxlsxwriter workbook,
/// never shared), so the report writer runs them on every core beside the
/// main workbook and the CSV files.
struct GroupSplit: Sendable {
    /// One group's rows, in the order of their tables.
    struct Group: Sendable {
        let name: String
        /// The file name without extension (``uniqueFileNames(_:)``).
        let fileName: String
        let members: [MemberRow]
        let gaps: [GapRow]
        let daily: [DailyRow]
    }

    /// The folder name of a split, e.g. `by-class`.
    static func folderName(_ scope: Scope) -> String { "by-\(scope.description)" }

    /// The groups, by name (Unicode scalar order).
    let groups: [Group]
    private let folder: URL
    private let tables: MetricTables
    private let layout: GroupWorkbook.Layout

    /// Sorts the rows of `input` into the groups of `scope` and creates
    /// `by-<scope>/` in `folder`; nothing else is written yet.
    init(_ input: ReportInput, scope: Scope, language: ReportLanguage, into folder: URL) throws {
        let dir = folder.appendingPathComponent(Self.folderName(scope), isDirectory: true)
        try makeDirectory(dir)
        self.folder = dir
        tables = input.tables
        layout = GroupWorkbook.Layout(language: language, minRate: tables.options.minRate.doubleValue)
        groups = Self.groups(tables, scope: scope)
    }

    /// One job per group, in name order.
    var jobs: [WriteJob] { groups.indices.map { i in { try self.write(i) } } }

    /// Writes group `i`'s workbook and reminder.
    func write(_ i: Int) throws {
        let group = groups[i]
        let trend = TrendDay.window(group.daily, tables: tables, labels: layout.labels)
        try GroupWorkbook(group: group.name, gaps: group.gaps, members: group.members, trend: trend, layout: layout)
            .write(to: folder.appendingPathComponent(group.fileName + ".xlsx").path)
        let reminder = Reminder.text(group: group.name, gaps: group.gaps, options: tables.options)
        try writeFile(reminder, to: folder.appendingPathComponent(group.fileName + ".txt"))
    }

    /// Every group with members or gap-list rows, each with its rows in
    /// table order.
    static func groups(_ tables: MetricTables, scope: Scope) -> [Group] {
        var index: [String: Int] = [:]
        var names: [String] = [], members: [[MemberRow]] = [], gaps: [[GapRow]] = []
        /// The group's place, a new one the first time its name is seen.
        func slot(_ name: String) -> Int {
            if let i = index[name] { return i }
            index[name] = names.count
            names.append(name)
            members.append([])
            gaps.append([])
            return names.count - 1
        }
        for row in tables.members {
            guard let name = group(of: row.member, scope) else { continue }
            let i = slot(name)
            members[i].append(row)
        }
        for row in tables.gaps {
            guard let name = group(of: row.member, scope) else { continue }
            let i = slot(name)
            gaps[i].append(row)
        }
        var daily = Array(repeating: [DailyRow](), count: names.count)
        for row in tables.daily where row.scope == scope {
            if let i = index[row.group] { daily[i].append(row) }
        }
        let order = names.indices.sorted { names[$0].unicodeScalars.lexicographicallyPrecedes(names[$1].unicodeScalars) }
        let files = uniqueFileNames(order.map { names[$0] })
        return order.enumerated().map { position, i in
            Group(name: names[i], fileName: files[position], members: members[i], gaps: gaps[i], daily: daily[i])
        }
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
    let layout: Layout

    static let trendKeys = ["date", "expected", "checked_in", "coverage", "excused", "reached", "sharers", "shares",
                            "commenters", "comments"]

    /// What every group's workbook of one split shares: words, columns and
    /// the threshold, made once for all of them.
    struct Layout: Sendable {
        let language: ReportLanguage
        let minRate: Double
        let labels: Labels
        let gapColumns: [Column<GapRow>]
        let trendColumns: [Column<TrendDay>]
        /// The trend table's coverage column, which the chart draws.
        let coverageColumn: Int

        init(language: ReportLanguage, minRate: Double) {
            self.language = language
            self.minRate = minRate
            labels = Labels(language: language)
            let words = Vocabulary(language)
            gapColumns = Columns.gapSheet(words)
            trendColumns = TrendDay.columns(GroupWorkbook.trendKeys, words: words)
            coverageColumn = trendColumns.firstIndex { $0.key == "coverage" }!
        }
    }

    func write(to path: String) throws {
        let labels = layout.labels, language = layout.language, minRate = layout.minRate
        let book = try Workbook(path: path, partsFolder: PartsFolder.forSplit)
        try book.addSheet(labels.gaps).table(gaps, columns: layout.gapColumns, language: language, minRate: minRate)
        try book.addSheet(labels.members).table(members, columns: Columns.members, language: language, minRate: minRate)
        let sheet = try book.addSheet(labels.daily)
        let columns = layout.trendColumns
        try sheet.table(trend, columns: columns, language: language, minRate: minRate)
        if trend.contains(where: { $0.row != nil }) {
            let chart = try CoverageChart(in: book, title: labels.trend, legend: false)
            try chart.addSeries(from: sheet, rows: 1...trend.count, dayCol: 0, col: layout.coverageColumn,
                                name: .text(labels.coverage))
            try chart.place(on: sheet, row: 1, col: columns.count + 1, xScale: 1.2, yScale: 1.2)
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
