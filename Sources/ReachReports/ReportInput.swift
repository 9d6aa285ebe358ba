import ReachMetrics
import ReachModel

/// Everything one report folder is made from: computed metrics plus the
/// ingest record, ready to be formatted. The writer computes nothing itself.
public struct ReportInput: Sendable {
    /// The metric tables, rows already in SPEC 3 order.
    public var tables: MetricTables
    /// One outcome per input file, in ingest order (quality.csv).
    public var quality: [FileOutcome]
    /// Rejected rows, ordered by file, sheet (rows without one first) and
    /// line number, as the store returns them (rejects.csv).
    public var rejects: [RowReject]
    /// Known posts by content_id, for the title and published_at of posts.csv.
    public var posts: [String: Post]
    /// Member ids with events but no roster row, ordered by member_id.
    public var unknownMembers: [UnknownMember]
    /// The reporting zone, for published_at in local time.
    public var zone: ReportingZone
    /// When the report was made, as the overview sheet should show it
    /// (e.g. `2026-11-21 02:00:00`); never part of a CSV, so CSVs stay byte-identical.
    public var generatedAt: String

    public init(tables: MetricTables, quality: [FileOutcome] = [], rejects: [RowReject] = [],
                posts: [String: Post] = [:], unknownMembers: [UnknownMember] = [],
                zone: ReportingZone = .shanghai, generatedAt: String = "") {
        self.tables = tables
        self.quality = quality
        self.rejects = rejects
        self.posts = posts
        self.unknownMembers = unknownMembers
        self.zone = zone
        self.generatedAt = generatedAt
    }
}

/// The language of the workbook's sheet names, headers and the overview.
/// CSV headers are fixed by SPEC 3 and never translated.
public enum ReportLanguage: String, Sendable, CaseIterable {
    case zh, en
}

/// How a report folder is written.
public struct ReportOptions: Sendable {
    /// Start every CSV with a UTF-8 byte order mark, so Excel shows Chinese correctly.
    public var bom: Bool
    /// Workbook language.
    public var language: ReportLanguage
    /// When set, also write one small workbook and one reminder text per group
    /// of this scope into `by-<scope>/`, for counsellors.
    public var split: Scope?
    /// The most groups a split may write (`--split-limit`); a split with
    /// more is left out, and so are the automatic by-college workbooks of a
    /// large roster. `nil`: no limit.
    public var splitLimit: Int?
    /// Members (members.csv rows) up to which the main workbook holds the
    /// members and gap-list sheets; above it they move to by-college
    /// workbooks. ``largeRoster`` but in tests.
    public var mainWorkbookMembers: Int

    /// The default split limit: 5,000 groups, i.e. 10,000 files a night.
    /// A campus has a few thousand classes at most (1,600 for 50,000
    /// students, written in about 2.5 s); a province's 32,000 classes would
    /// be 64,000 files every night, which nobody opens and every backup
    /// copies.
    public static let defaultSplitLimit = 5_000

    /// The roster size above which the member-level sheets (one row per
    /// member, one per member on the gap list) leave the main workbook for
    /// one workbook per college: 100,000 members.
    ///
    /// Up to it the main workbook stays a file a laptop opens in seconds
    /// (about 10 MB at 100,000 members, 2 µs a cell on one thread). A
    /// province of 1,000,000 members made it 95 MB, 37 s to write on one
    /// core while the other idled, and close to Excel's limit of 1,048,576
    /// rows a sheet; nobody reads a million-row sheet, while a college's
    /// counsellors read their own college's list. The college workbooks are
    /// independent jobs, so both cores write them.
    public static let largeRoster = 100_000

    public init(bom: Bool = true, language: ReportLanguage = .zh, split: Scope? = nil,
                splitLimit: Int? = ReportOptions.defaultSplitLimit,
                mainWorkbookMembers: Int = ReportOptions.largeRoster) {
        self.bom = bom
        self.language = language
        self.split = split
        self.splitLimit = splitLimit
        self.mainWorkbookMembers = mainWorkbookMembers
    }
}
