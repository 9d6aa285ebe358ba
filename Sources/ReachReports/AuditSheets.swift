import ReachMetrics
import ReachModel

/// The registry audit's two sheets (contract v4), written alike in the main
/// workbook and in each group's own (``GroupWorkbook``):
///
/// - 群组备案 (Groups registry): registry.csv with its problems in words,
///   the rows with a problem (listed first) filled red;
/// - 优秀评论 (Featured comments): featured.csv ready to publish — title,
///   name, class, the comment wrapped in a wide column, the time.
struct AuditSheets: Sendable {
    let language: ReportLanguage
    let labels: Labels
    let registryColumns: [Column<RegistryRow>]
    let featuredColumns: [Column<FeaturedRow>]

    /// The registry.csv columns the 群组备案 sheet shows, in its order: the
    /// problems in words next to the group's name, where a reader looks first.
    static let registryKeys = ["group_name", "problems", "type", "college", "branch", "class", "org", "owner_id", "owner",
                               "registered", "member_count", "roster", "missing", "shares_to"]
    /// The featured.csv columns the 优秀评论 sheet shows, in its order.
    static let featuredKeys = ["title", "name", "class", "text", "time"]

    /// `window`: W, for 近 W 天无转发; `posts` and `zone`: the titles and
    /// local times of the featured comments.
    init(language: ReportLanguage, window: Int, posts: [String: Post], zone: ReportingZone) {
        self.language = language
        labels = Labels(language: language)
        let words = Vocabulary(language)
        registryColumns = Columns.registry(words, window: window).picking(Self.registryKeys)
        featuredColumns = Columns.featured(known: posts, zone: zone).picking(Self.featuredKeys)
    }

    /// Adds the 群组备案 sheet with `rows` (registry.csv order). In a split
    /// workbook (`split`), the college, branch and class every row shares
    /// go into the title line (``SplitSheet``).
    func writeRegistry(_ rows: some Collection<RegistryRow>, in book: Workbook, layout: TableLayout = TableLayout(),
                       split: Bool = false) throws {
        let shared = split ? SplitSheet<RegistryRow>.shared(rows, keys: ["college", "branch", "class"]) { row, k in
            [row.college, row.branch, row.className][k]
        } : [:]
        var layout = layout
        layout.flaggedBy = "problems"
        _ = try write(rows, named: labels.registry, columns: registryColumns, shared: shared, split: split,
                      layout: layout, in: book)
    }

    /// Featured comments the main workbook's 优秀评论 sheet shows at most:
    /// the latest ones. A publication (公示) picks from recent comments, and
    /// more than a few thousand is more than anyone reads; a year's window
    /// of a 50,000-member campus holds 130,000, which took the workbook
    /// from 1.9 s to 3.6 s (BENCHMARKS.md, contract v4). featured.csv keeps
    /// every one.
    static let latestComments = 5_000

    /// Adds the 优秀评论 sheet with `rows` (featured.csv order); in a split
    /// workbook the class (college, branch, counsellor) every writer shares
    /// goes into the title line. `earlier` rows left out before `rows` are
    /// counted in a note below the table naming featured.csv.
    func writeFeatured(_ rows: some Collection<FeaturedRow>, in book: Workbook, layout: TableLayout = TableLayout(),
                       split: Bool = false, earlier: Int = 0) throws {
        let (sheet, next) = try write(rows, named: labels.featured, columns: featuredColumns,
                                      shared: split ? SplitSheet<FeaturedRow>.shared(rows.lazy.map(\.member)) : [:],
                                      split: split, layout: layout, in: book)
        if earlier > 0 {
            try sheet.text(next, layout.left, labels.earlierComments(earlier, csvFile: "featured.csv"),
                           sheet.styles.label, fits: false)
        }
    }

    private func write<Row>(_ rows: some Collection<Row>, named name: String, columns: [Column<Row>],
                            shared: [String: String], split: Bool, layout: TableLayout,
                            in book: Workbook) throws -> (Sheet, next: Int) {
        let sheet = SplitSheet(name: name, columns: columns, shared: shared, language: language)
        var layout = layout
        if split {
            // The title line above the header, printed with it on every page.
            layout.top += 1
            layout.title = sheet.title
        }
        let added = try book.addSheet(name)
        let next = try added.table(rows, columns: sheet.columns, language: language, minRate: 0, layout: layout)
        return (added, next)
    }
}
