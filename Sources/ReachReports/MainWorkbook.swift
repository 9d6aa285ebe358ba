import ReachMetrics
import ReachModel

/// The workbook `reach-<A>.xlsx` (SPEC 4): an overview first, then the CSV
/// tables as sheets for people. One thread writes it, beside the CSV files
/// and the split workbooks (``ReportWriter``).
enum MainWorkbook {
    /// Columns of the college, branch and class sheets: the groups table
    /// without its scope column, the headline figures first.
    static let groupSheetKeys = ["rank", "group", "members", "coverage", "prev_coverage", "delta", "at_risk",
                                 "days", "member_days", "checkin_days", "excused_days", "reach_rate", "reached_days",
                                 "full_days", "worst_day", "worst_coverage", "shares", "comments"]

    /// Writes the whole workbook at `path`, its sheets in order.
    static func write(_ input: ReportInput, language: ReportLanguage, to path: String) throws {
        let labels = Labels(language: language)
        let words = Vocabulary(language)
        let minRate = input.tables.options.minRate.doubleValue
        let tables = input.tables
        let book = try Workbook(path: path)
        let overview = try book.addSheet(labels.overview)
        let groupColumns = Columns.groups(words).picking(Self.groupSheetKeys)
        for (scope, sheetName) in [(Scope.college, labels.colleges), (.branch, labels.branches), (.class, labels.classes)] {
            let header = Labels.groupHeader(scope)
            let columns = groupColumns.map { $0.key == "group" ? $0.titled(header.zh, header.en) : $0 }
            try book.addSheet(sheetName)
                .table(tables.groups.lazy.filter { $0.scope == scope }, columns: columns, language: language, minRate: minRate)
        }
        // The daily trend for people: the school and its colleges. Branch and
        // class rows (hundreds of thousands over a long window) stay in
        // daily.csv and in each group's own workbook (--split).
        try book.addSheet(labels.daily)
            .table(tables.daily.lazy.filter { $0.scope <= .college }, columns: Columns.daily(words), language: language, minRate: minRate)
        try book.addStreamingSheet(labels.gaps)
            .table(tables.gaps, columns: Columns.gapSheet(words), language: language, minRate: minRate)
        try book.addStreamingSheet(labels.silent)
            .table(tables.silent, columns: Columns.silent, language: language, minRate: minRate)
        try book.addStreamingSheet(labels.members)
            .table(tables.members, columns: Columns.members, language: language, minRate: minRate)
        try book.addSheet(labels.posts)
            .table(tables.posts, columns: Columns.posts(known: input.posts, zone: input.zone), language: language, minRate: minRate)
        try book.addSheet(labels.calendar).table(tables.days, columns: Columns.days(words), language: language, minRate: minRate)
        try writeQuality(input, on: book.addSheet(labels.quality), labels: labels, words: words)
        try OverviewSheet(input: input, labels: labels, words: words).write(on: overview, book: book)
        try book.close()
    }

    /// Rows of each long block of the data-quality sheet (rejected rows,
    /// unknown ids); past it, a note points to rejects.csv and
    /// unknown_members.csv. Years of nightly rejects must not fill the
    /// sheet past Excel's row limit, nor hide the blocks below.
    static let qualityBlockRows = 100_000

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
                                                  maxRows: qualityBlockRows)) + 1
        try sheet.text(row, 0, labels.unknownSection, sheet.styles.label, fits: false)
        try sheet.table(input.unknownMembers, columns: Columns.unknownMembers, language: language, minRate: minRate,
                        layout: TableLayout(top: row + 1, freeze: false, filter: false, maxRows: qualityBlockRows))
    }
}
