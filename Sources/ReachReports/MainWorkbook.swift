import ReachMetrics
import ReachModel

/// The workbook `reach-<A>.xlsx` (SPEC 4): an overview first, then the CSV
/// tables as sheets for people.
///
/// The members sheet (a row per member, most of the workbook) is filled on
/// its own, so that a caller can fill it on one core while the other sheets
/// and the CSV files are written on another; the sheets are separate
/// libxlsxwriter worksheets and every format's index is fixed up front
/// (``Styles``), so the two fills share no mutable state.
final class MainWorkbook: @unchecked Sendable {
    /// Columns of the college, branch and class sheets: the groups table
    /// without its scope column, the headline figures first.
    static let groupSheetKeys = ["rank", "group", "members", "coverage", "prev_coverage", "delta", "at_risk",
                                 "days", "member_days", "checkin_days", "excused_days", "reach_rate", "reached_days",
                                 "full_days", "worst_day", "worst_coverage", "shares", "comments"]

    private let input: ReportInput
    private let labels: Labels
    private let words: Vocabulary
    private let language: ReportLanguage
    private let minRate: Double
    private let book: Workbook
    private let overview: Sheet, groupSheets: [(Scope, Sheet)], daily: Sheet, gaps: Sheet, silent: Sheet
    private let members: Sheet, posts: Sheet, calendar: Sheet, quality: Sheet

    /// Starts the workbook at `path` with its sheets in order, all empty.
    init(_ input: ReportInput, language: ReportLanguage, path: String) throws {
        self.input = input
        self.language = language
        labels = Labels(language: language)
        words = Vocabulary(language)
        minRate = input.tables.options.minRate.doubleValue
        let book = try Workbook(path: path)
        self.book = book
        overview = try book.addSheet(labels.overview)
        let labels = self.labels
        groupSheets = try [(Scope.college, labels.colleges), (.branch, labels.branches), (.class, labels.classes)]
            .map { ($0.0, try book.addSheet($0.1)) }
        daily = try book.addSheet(labels.daily)
        gaps = try book.addSheet(labels.gaps, streaming: true)
        silent = try book.addSheet(labels.silent, streaming: true)
        members = try book.addSheet(labels.members, streaming: true)
        posts = try book.addSheet(labels.posts)
        calendar = try book.addSheet(labels.calendar)
        quality = try book.addSheet(labels.quality)
    }

    /// Writes the whole workbook on the calling thread.
    static func write(_ input: ReportInput, language: ReportLanguage, to path: String) throws {
        let workbook = try MainWorkbook(input, language: language, path: path)
        try workbook.fillMembers()
        try workbook.fillOthers()
        try workbook.close()
    }

    /// The 成员 sheet: a row per member.
    func fillMembers() throws {
        try members.table(input.tables.members, columns: Columns.members, language: language, minRate: minRate)
    }

    /// Every sheet but the members sheet.
    func fillOthers() throws {
        let tables = input.tables
        let groupColumns = Columns.groups(words).picking(Self.groupSheetKeys)
        for (scope, sheet) in groupSheets {
            let header = Labels.groupHeader(scope)
            let columns = groupColumns.map { $0.key == "group" ? $0.titled(header.zh, header.en) : $0 }
            try sheet.table(tables.groups.lazy.filter { $0.scope == scope }, columns: columns, language: language, minRate: minRate)
        }
        // The daily trend for people: the school and its colleges. Branch and
        // class rows (hundreds of thousands over a long window) stay in
        // daily.csv and in each group's own workbook (--split).
        try daily.table(tables.daily.lazy.filter { $0.scope <= .college }, columns: Columns.daily(words), language: language, minRate: minRate)
        try gaps.table(tables.gaps, columns: Columns.gapSheet(words),
                       language: language, minRate: minRate)
        try silent.table(tables.silent, columns: Columns.silent, language: language, minRate: minRate)
        try posts.table(tables.posts, columns: Columns.posts(known: input.posts, zone: input.zone), language: language, minRate: minRate)
        try calendar.table(tables.days, columns: Columns.days(words), language: language, minRate: minRate)
        try Self.writeQuality(input, on: quality, labels: labels, words: words)
        try OverviewSheet(input: input, labels: labels, words: words).write(on: overview, book: book)
    }

    /// Writes the file, after both fills.
    func close() throws {
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
