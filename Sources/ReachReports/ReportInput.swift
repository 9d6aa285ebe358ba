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

    public init(bom: Bool = true, language: ReportLanguage = .zh, split: Scope? = nil) {
        self.bom = bom
        self.language = language
        self.split = split
    }
}
