import ReachMetrics
import ReachModel

/// The workbook `reach-<A>.xlsx` (SPEC 4): an overview first, then the CSV
/// tables as sheets for people. One thread writes it, beside the CSV files
/// and the split workbooks (``ReportWriter``). Every table fits a sheet,
/// whatever the size of the school: long ones end in a note pointing to
/// their CSV file (``maxTableRows``), and the member sheets of a large
/// roster move to the by-college workbooks (``ReportPlan``).
enum MainWorkbook {
    /// Columns of the college, branch and class sheets: the groups table
    /// without its scope column, the headline figures first.
    static let groupSheetKeys = ["rank", "group", "members", "coverage", "prev_coverage", "delta", "at_risk",
                                 "days", "member_days", "checkin_days", "excused_days", "reach_rate", "reached_days",
                                 "full_days", "worst_day", "worst_coverage", "shares", "comments"]

    /// Rows of any one table of the main workbook, past which a note points
    /// to the CSV file with every row: the data-quality blocks (years of
    /// nightly rejects), the silent classes (class × day: 960,000 rows for
    /// a province's 32,000 classes over 30 days), the daily trend of the
    /// colleges over a long window, the group sheets, posts. A sheet this
    /// long is already more than anyone reads, and opens in seconds; the
    /// quality sheet's two long blocks together stay far within Excel's
    /// limit. The members and gap-list sheets are not cut to it: up to
    /// ``ReportOptions/largeRoster`` members they fit, and above it they move
    /// to the by-college workbooks (or, past the split limit, are cut only
    /// at Excel's own limit, ``ReportPlan``).
    static let maxTableRows = 100_000

    /// Writes the whole workbook at `path`, its sheets in order; the member
    /// sheets only when `plan` keeps them here.
    static func write(_ input: ReportInput, plan: ReportPlan, to path: String) throws {
        let language = plan.options.language
        let labels = Labels(language: language)
        let words = Vocabulary(language)
        let minRate = input.tables.options.minRate.doubleValue
        let tables = input.tables
        let book = try Workbook(path: path, footer: PageFooter(asOf: tables.options.asOf, language: language))
        let overview = try book.addSheet(labels.overview)
        func cut(_ csvFile: String, top: Int = 0) -> TableLayout { TableLayout(top: top, maxRows: maxTableRows, csvFile: csvFile) }
        let groupColumns = Columns.groups(words).picking(Self.groupSheetKeys)
        for (scope, sheetName) in [(Scope.college, labels.colleges), (.branch, labels.branches), (.class, labels.classes)] {
            let header = Labels.groupHeader(scope)
            let columns = groupColumns.map { $0.key == "group" ? $0.titled(header.zh, header.en) : $0 }
            try book.addSheet(sheetName)
                .table(tables.groups.lazy.filter { $0.scope == scope }, columns: columns, language: language, minRate: minRate,
                       layout: cut("groups.csv"))
        }
        // The daily trend for people: the school and its colleges. Branch and
        // class rows (hundreds of thousands over a long window) stay in
        // daily.csv and in each group's own workbook (--split).
        try book.addSheet(labels.daily)
            .table(tables.daily.lazy.filter { $0.scope <= .college }, columns: Columns.daily(words), language: language,
                   minRate: minRate, layout: cut("daily.csv"))
        let memberSheets = !plan.movesMemberSheets
        if memberSheets {
            try book.addStreamingSheet(labels.gaps)
                .table(tables.gaps, columns: Columns.gapSheet(words), language: language, minRate: minRate,
                       layout: TableLayout(csvFile: "gaps.csv"))
        }
        try book.addStreamingSheet(labels.silent)
            .table(tables.silent, columns: Columns.silent, language: language, minRate: minRate, layout: cut("silent.csv"))
        if memberSheets {
            try book.addStreamingSheet(labels.members)
                .table(tables.members, columns: Columns.members, language: language, minRate: minRate,
                       layout: TableLayout(csvFile: "members.csv"))
        }
        try book.addSheet(labels.posts)
            .table(tables.posts, columns: Columns.posts(known: input.posts, zone: input.zone), language: language,
                   minRate: minRate, layout: cut("posts.csv"))
        try book.addSheet(labels.calendar)
            .table(tables.days, columns: Columns.days(words), language: language, minRate: minRate, layout: cut("days.csv"))
        try writeQuality(input, on: book.addSheet(labels.quality), labels: labels, words: words)
        // The sheets of contract v4 last, so that every earlier sheet keeps its place.
        let audit = AuditSheets(language: language, window: tables.options.window, posts: input.posts, zone: input.zone)
        if let registry = tables.registry {
            try audit.writeRegistry(registry, in: book, layout: cut(ReportWriter.registryFileName))
        }
        let latest = tables.featured.suffix(AuditSheets.latestComments)
        try audit.writeFeatured(latest, in: book, earlier: tables.featured.count - latest.count)
        try OverviewSheet(input: input, plan: plan, labels: labels, words: words).write(on: overview, book: book)
        try book.close()
    }

    /// About how many cells the workbook holds, for the order of the jobs
    /// (``SizedJob``).
    static func cells(_ input: ReportInput, plan: ReportPlan) -> Int {
        let t = input.tables
        func rows(_ n: Int, limit: Int = maxTableRows) -> Int { min(n, limit) }
        var cells = rows(t.groups.count) * groupSheetKeys.count
            + rows(t.daily.count { $0.scope <= .college }) * Columns.daily(.csv).count
            + rows(t.silent.count) * Columns.silent.count
            + rows(t.posts.count) * Columns.posts(known: [:], zone: input.zone).count
            + rows(t.days.count) * Columns.days(.csv).count
            + rows(input.rejects.count) * Columns.rejects.count
            + rows(t.featured.count, limit: AuditSheets.latestComments) * AuditSheets.featuredKeys.count
            + rows(t.registry?.count ?? 0) * Columns.registry(.csv, window: 0).count
        if !plan.movesMemberSheets {
            cells += rows(t.members.count, limit: Sheet.rowLimit) * Columns.members.count
                + rows(t.gaps.count, limit: Sheet.rowLimit) * Columns.gapSheet(.csv).count
        }
        return cells
    }

    /// Three stacked blocks: files, rejected rows (with the filter, as it is
    /// the long one) and member ids not on the roster.
    static func writeQuality(_ input: ReportInput, on sheet: Sheet, labels: Labels, words: Vocabulary) throws {
        let minRate = input.tables.options.minRate.doubleValue
        let language = labels.language
        var row = 0
        try sheet.text(row, 0, labels.fileSection, sheet.styles.label, fits: false)
        row = try sheet.table(input.quality, columns: Columns.qualitySheet(words), language: language, minRate: minRate,
                              layout: TableLayout(top: row + 1, freeze: false, filter: false)) + 1
        try sheet.text(row, 0, labels.rejectSection, sheet.styles.label, fits: false)
        row = try sheet.table(input.rejects, columns: Columns.rejects, language: language, minRate: minRate,
                              layout: TableLayout(top: row + 1, freeze: false, filter: !input.rejects.isEmpty,
                                                  maxRows: maxTableRows, csvFile: "rejects.csv")) + 1
        try sheet.text(row, 0, labels.unknownSection, sheet.styles.label, fits: false)
        try sheet.table(input.unknownMembers, columns: Columns.unknownMembers, language: language, minRate: minRate,
                        layout: TableLayout(top: row + 1, freeze: false, filter: false, maxRows: maxTableRows,
                                            csvFile: "unknown_members.csv"))
    }
}
