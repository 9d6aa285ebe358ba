import Foundation
import ReachMetrics
import ReachModel

/// Per-group files for counsellors (`by-<scope>/<group>.xlsx` and `.txt`):
/// each group's gap list, members and daily trend, and a reminder to paste
/// into the group chat.
///
/// The rows are sorted into groups once; then every group is one job
/// writing its own two files (its own libxlsxwriter workbook, never
/// shared), so the report writer runs them on every core beside the main
/// workbook and the CSV files.
struct GroupSplit: Sendable {
    /// One group's rows, in the order of their tables.
    struct Group: Sendable {
        let name: String
        /// The file name without extension (``uniqueFileNames(_:)``).
        let fileName: String
        let members: PickedRows<MemberRow>
        let gaps: PickedRows<GapRow>
        /// `nil` for the members without a college, who have no college
        /// group and so no daily rows (SPEC 2); their workbook has no trend.
        let daily: PickedRows<DailyRow>?
        /// The registry rows of the group (``GroupSplit/place(of:_:)``);
        /// `nil` when there is no registry.
        var registry: PickedRows<RegistryRow>? = nil
        /// The featured comments of the group's members.
        var featured = PickedRows<FeaturedRow>(table: [], places: [])

        /// The group of the members without a college.
        var isWithoutCollege: Bool { daily == nil }
    }

    /// The folder name of a split, e.g. `by-class`.
    static func folderName(_ scope: Scope) -> String { "by-\(scope.description)" }

    let scope: Scope
    /// The groups, by name (Unicode scalar order); the group of members
    /// without a college, when asked for, last.
    let groups: [Group]
    private let tables: MetricTables
    private let layout: GroupWorkbook.Layout

    /// Sorts the rows of `input` into the groups of `scope`; nothing is
    /// written yet. `withoutCollege`: a college split also gets a group of
    /// the members whose college is empty (``Labels/withoutCollege``), so
    /// that every member is in one file.
    init(_ input: ReportInput, scope: Scope, language: ReportLanguage, withoutCollege: Bool = false) {
        self.scope = scope
        tables = input.tables
        layout = GroupWorkbook.Layout(language: language, minRate: tables.options.minRate.doubleValue,
                                      asOf: tables.options.asOf,
                                      audit: AuditSheets(language: language, window: tables.options.window,
                                                         posts: input.posts, zone: input.zone))
        let unassigned = withoutCollege && scope == .college ? layout.labels.withoutCollege : nil
        groups = Self.groups(tables, scope: scope, unassigned: unassigned)
    }

    /// Creates `by-<scope>/` in `folder` and returns one job per group, in
    /// name order, each with its cost.
    func jobs(into folder: URL) throws -> [SizedJob] {
        let dir = folder.appendingPathComponent(Self.folderName(scope), isDirectory: true)
        try makeDirectory(dir)
        return groups.indices.map { i in
            SizedJob(cost: SizedJob.cost(workbookCells: layout.cells(groups[i], window: tables.options.window))) {
                try self.write(i, into: dir)
            }
        }
    }

    /// Writes group `i`'s workbook and reminder into `dir`.
    func write(_ i: Int, into dir: URL) throws {
        let group = groups[i]
        let trend = group.daily.map { TrendDay.window($0, tables: tables, labels: layout.labels) }
        try GroupWorkbook(gaps: group.gaps, members: group.members, trend: trend, layout: layout,
                          registry: group.registry, featured: group.featured)
            .write(to: dir.appendingPathComponent(group.fileName + ".xlsx").path)
        let reminder = Reminder.text(group: group.name, gaps: group.gaps, options: tables.options)
        try writeFile(reminder, to: dir.appendingPathComponent(group.fileName + ".txt"))
    }

    /// Every group with members or gap-list rows, each with its rows in
    /// table order, by name; then, when `unassigned` names it, the group of
    /// the members without a group of `scope` (empty college), if any. Its
    /// file name is reserved before the others', so no group's file can take
    /// it (a college of that very name gets `-2`).
    static func groups(_ tables: MetricTables, scope: Scope, unassigned: String? = nil) -> [Group] {
        var index: [String: Int] = [:]
        var names: [String] = [], members: [[Int]] = [], gaps: [[Int]] = []
        var unassignedMembers: [Int] = [], unassignedGaps: [Int] = []
        /// The group's place, a new one the first time its name is seen.
        func slot(_ name: String) -> Int {
            if let i = index[name] { return i }
            index[name] = names.count
            names.append(name)
            members.append([])
            gaps.append([])
            return names.count - 1
        }
        for (place, row) in tables.members.enumerated() {
            if let name = group(of: row.member, scope) { members[slot(name)].append(place) } else { unassignedMembers.append(place) }
        }
        for (place, row) in tables.gaps.enumerated() {
            if let name = group(of: row.member, scope) { gaps[slot(name)].append(place) } else { unassignedGaps.append(place) }
        }
        var daily = Array(repeating: [Int](), count: names.count)
        for (place, row) in tables.daily.enumerated() where row.scope == scope {
            if let i = index[row.group] { daily[i].append(place) }
        }
        // Registry rows and featured comments go to the groups found above,
        // and make none of their own.
        var registry = Array(repeating: [Int](), count: names.count)
        for (place, row) in (tables.registry ?? []).enumerated() {
            if let name = Self.place(of: row, scope), let i = index[name] { registry[i].append(place) }
        }
        var featured = Array(repeating: [Int](), count: names.count), unassignedFeatured: [Int] = []
        for (place, row) in tables.featured.enumerated() {
            if let name = group(of: row.member, scope) {
                if let i = index[name] { featured[i].append(place) }
            } else {
                unassignedFeatured.append(place)
            }
        }
        func registryRows(_ places: [Int]) -> PickedRows<RegistryRow>? {
            tables.registry.map { PickedRows(table: $0, places: places) }
        }
        let order = names.indices.sorted { names[$0].precedesByCodePoint(names[$1]) }
        let extra = unassigned.flatMap { unassignedMembers.isEmpty && unassignedGaps.isEmpty ? nil : $0 }
        let reserved = extra.map { [$0] } ?? []
        let files = uniqueFileNames(reserved + order.map { names[$0] })
        var groups = order.enumerated().map { position, i in
            Group(name: names[i], fileName: files[reserved.count + position],
                  members: PickedRows(table: tables.members, places: members[i]),
                  gaps: PickedRows(table: tables.gaps, places: gaps[i]),
                  daily: PickedRows(table: tables.daily, places: daily[i]), registry: registryRows(registry[i]),
                  featured: PickedRows(table: tables.featured, places: featured[i]))
        }
        if let extra {
            groups.append(Group(name: extra, fileName: files[0],
                                members: PickedRows(table: tables.members, places: unassignedMembers),
                                gaps: PickedRows(table: tables.gaps, places: unassignedGaps), daily: nil,
                                registry: registryRows([]),
                                featured: PickedRows(table: tables.featured, places: unassignedFeatured)))
        }
        return groups
    }

    /// The group of `scope` a registry row belongs to: its value at that
    /// level (a class without a group by its class, college and branch);
    /// `nil` when it names none there (a share target naming no group).
    static func place(of row: RegistryRow, _ scope: Scope) -> String? {
        let name: String
        switch scope {
        case .all: return nil
        case .college: name = row.college
        case .branch: name = row.branch
        case .class: name = row.className
        }
        return name.isEmpty ? nil : name
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
    let gaps: PickedRows<GapRow>
    let members: PickedRows<MemberRow>
    /// Every day of D, empty where the group has no daily row; `nil`: the
    /// group has no daily rows at all (members without a college), and the
    /// workbook no trend sheet.
    let trend: [TrendDay]?
    let layout: Layout
    /// The group's registry rows, its 群组备案 sheet when there are any.
    var registry: PickedRows<RegistryRow>? = nil
    /// Its members' featured comments, its 优秀评论 sheet when there are any.
    var featured: PickedRows<FeaturedRow>? = nil

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
        /// Rows of the gap list and the members sheet, past which a note
        /// points to gaps.csv and members.csv. Excel's limit but in tests:
        /// a college of more members than a sheet holds is absurd, but must
        /// still give a good file.
        let maxRows: Int
        /// The footer of every printed page, with the as-of day.
        let footer: PageFooter
        /// The 群组备案 and 优秀评论 sheets.
        let audit: AuditSheets

        init(language: ReportLanguage, minRate: Double, asOf: Day, audit: AuditSheets, maxRows: Int = Sheet.rowLimit) {
            self.audit = audit
            self.language = language
            footer = PageFooter(asOf: asOf, language: language)
            self.minRate = minRate
            self.maxRows = maxRows
            labels = Labels(language: language)
            let words = Vocabulary(language)
            gapColumns = Columns.gapSheet(words)
            trendColumns = TrendDay.columns(GroupWorkbook.trendKeys, words: words)
            coverageColumn = trendColumns.firstIndex { $0.key == "coverage" }!
        }

        /// The cells of a group's workbook, for the order of the jobs.
        func cells(_ group: GroupSplit.Group, window: Int) -> Int {
            group.members.count * Columns.members.count + group.gaps.count * gapColumns.count
                + (group.isWithoutCollege ? 0 : window * trendColumns.count)
                + (group.registry?.count ?? 0) * audit.registryColumns.count
                + group.featured.count * audit.featuredColumns.count
        }
    }

    /// Rows above which the gap list and the members sheet of a group's
    /// workbook stream (``StreamingSheet``): a college of a large roster
    /// has ten thousand members or more, and a normal sheet keeps every
    /// cell in memory until the workbook is closed. Below it (every class
    /// and branch, a campus's colleges) the sheets are normal, as they
    /// always were.
    static let streamingRows = 5_000

    /// The gap list's first columns: who, then why (contract v4).
    static let gapLead = ["member_id", "name", "reasons", "missed_run", "checkin_rate"]

    func write(to path: String) throws {
        let labels = layout.labels, language = layout.language, minRate = layout.minRate
        let book = try Workbook(path: path, footer: layout.footer, partsFolder: PartsFolder.forSplit)
        // The values a group column holds for the whole group, for the title
        // of a sheet without rows of its own.
        let group = SplitSheet<MemberRow>.shared(members.isEmpty ? gaps.map(\.member) : members.map(\.member))
        func shared(_ rows: some Collection<Member>) -> [String: String] { rows.isEmpty ? group : SplitSheet<MemberRow>.shared(rows) }
        try longTable(gaps, in: book, csvFile: "gaps.csv",
                      SplitSheet(name: labels.gaps, columns: layout.gapColumns, shared: shared(gaps.lazy.map(\.member)),
                                 lead: Self.gapLead, language: language))
        try longTable(members, in: book, csvFile: "members.csv",
                      SplitSheet(name: labels.members, columns: Columns.members, shared: shared(members.lazy.map(\.member)),
                                 language: language))
        if let trend {
            let sheet = try book.addSheet(labels.daily)
            let split = SplitSheet(name: labels.daily, columns: layout.trendColumns, shared: group, language: language)
            try sheet.table(trend, columns: split.columns, language: language, minRate: minRate,
                            layout: TableLayout(top: 1, title: split.title))
            if trend.contains(where: { $0.row != nil }) {
                let chart = try CoverageChart(in: book, title: labels.trend, legend: false)
                try chart.addSeries(from: sheet, rows: 2...trend.count + 1, dayCol: 0, col: layout.coverageColumn,
                                    name: .text(labels.coverage))
                try chart.place(on: sheet, row: 2, col: split.columns.count + 1, xScale: 1.2, yScale: 1.2)
            }
        }
        if let registry, !registry.isEmpty { try layout.audit.writeRegistry(registry, in: book, split: true) }
        if let featured, !featured.isEmpty { try layout.audit.writeFeatured(featured, in: book, split: true) }
        try book.close()
    }

    /// The gap list or the members sheet under its title line (row 0):
    /// streamed when long, cut at ``Layout/maxRows`` with a note naming the
    /// CSV file.
    private func longTable<Row>(_ rows: PickedRows<Row>, in book: Workbook, csvFile: String, _ split: SplitSheet<Row>) throws {
        let layout = TableLayout(top: 1, maxRows: self.layout.maxRows, csvFile: csvFile, title: split.title)
        if rows.count > Self.streamingRows {
            try book.addStreamingSheet(split.name).table(rows, columns: split.columns, language: self.layout.language,
                                                         minRate: self.layout.minRate, layout: layout)
        } else {
            try book.addSheet(split.name).table(rows, columns: split.columns, language: self.layout.language,
                                                minRate: self.layout.minRate, layout: layout)
        }
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
