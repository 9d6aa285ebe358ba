/// One member of the roster (SPEC 1.3, members).
///
/// The current roster decides every member's groups for every day (SPEC 6.5).
public struct Member: Sendable, Equatable {
    public var memberID: String
    public var name: String
    public var className: String
    public var branch: String
    /// Empty when the roster has no college: such a member is in no college group.
    public var college: String
    public var status: String
    public var counsellor: String
    /// First day the member is expected, if limited.
    public var joined: Day?
    /// Last day the member is expected, if limited.
    public var left: Day?

    public init(memberID: String, name: String, className: String, branch: String, college: String = "",
                status: String = "", counsellor: String = "", joined: Day? = nil, left: Day? = nil) {
        self.memberID = memberID
        self.name = name
        self.className = className
        self.branch = branch
        self.college = college
        self.status = status
        self.counsellor = counsellor
        self.joined = joined
        self.left = left
    }

    /// Whether the member is expected on `day` (SPEC 2).
    @inlinable public func isExpected(on day: Day) -> Bool {
        (joined.map { $0 <= day } ?? true) && (left.map { day <= $0 } ?? true)
    }
}

/// One post (article) of the official account (SPEC 1.3, posts).
public struct Post: Sendable, Equatable {
    public var contentID: String
    public var title: String
    /// Publication instant, epoch seconds.
    public var publishedAt: Int64?
    public var branch: String
    /// 阅读人数 from the official account's analytics (contract v4); `nil` when unknown.
    public var reads: Int?
    /// 阅读次数 from the official account's analytics (contract v4); `nil` when unknown.
    public var readsTotal: Int?

    public init(contentID: String, title: String, publishedAt: Int64? = nil, branch: String = "",
                reads: Int? = nil, readsTotal: Int? = nil) {
        self.contentID = contentID
        self.title = title
        self.publishedAt = publishedAt
        self.branch = branch
        self.reads = reads
        self.readsTotal = readsTotal
    }
}

/// One row of the school calendar (SPEC 1.3 calendar, contract v2): a range
/// of days without check-in (`off`) or of make-up check-in days (`on`), for
/// everyone or for one college, branch or class.
///
/// Its identity is (start, end, type, college, branch, class) (SPEC 1.5): a
/// repeat is a duplicate and changes nothing.
public struct CalendarEntry: Hashable, Sendable {
    public enum DayType: String, Sendable {
        /// No check-in expected (休息, 放假, 假期, 停课, holiday).
        case off
        /// Check-in expected (上课, 补班, workday), e.g. a weekend make-up day.
        case on
    }

    public var start: Day
    /// The last day of the range (the start when the file gives none).
    public var end: Day
    public var type: DayType
    /// Empty when the row names no college (likewise branch and class).
    public var college: String
    public var branch: String
    public var className: String
    /// What the days are (国庆节, 实习周, …): shown in days.csv, no effect.
    public var note: String

    public init(start: Day, end: Day, type: DayType, college: String = "", branch: String = "", className: String = "",
                note: String = "") {
        self.start = start
        self.end = end
        self.type = type
        self.college = college
        self.branch = branch
        self.className = className
        self.note = note
    }
}

/// One counted leave (SPEC 1.3 leave, contract v2): the member is excused on
/// every local day from `start` to `end`, both included (half a day off
/// excuses the day). Leaves whose status is not approved never get here:
/// the reader rejects them.
///
/// Its identity is (member_id, start, end, type) (SPEC 1.5).
public struct LeaveEntry: Hashable, Sendable {
    public var memberID: String
    /// Local day of the leave's start in the reading zone.
    public var start: Day
    /// Local day of its end (the start when the file gives none).
    public var end: Day
    public var type: String
    public var status: String
    public var note: String

    public init(memberID: String, start: Day, end: Day, type: String = "", status: String = "", note: String = "") {
        self.memberID = memberID
        self.start = start
        self.end = end
        self.type = type
        self.status = status
        self.note = note
    }
}

/// Channel and target of an event: kept for export, used by no metric.
public struct EventAttributes: Hashable, Sendable {
    public var channel: String
    public var target: String
    public init(channel: String = "", target: String = "") {
        self.channel = channel
        self.target = target
    }
    public static let none = EventAttributes()
}

/// One event row as read from a file, with its strings replaced by indexes
/// into the dictionaries of its ``EventBatch``.
public struct EventRow: Sendable, Equatable {
    /// Index into ``EventBatch/memberIDs``.
    public var member: UInt32
    /// Epoch seconds, truncated to the second (SPEC 6.2).
    public var instant: Int64
    /// Index into ``EventBatch/contentIDs``; 0 is the empty content_id.
    public var content: UInt32
    /// Index into ``EventBatch/attributes``; 0 is ``EventAttributes/none``.
    public var attributes: UInt32
    /// Comments only: marked as featured (精选).
    public var featured: Bool

    public init(member: UInt32, instant: Int64, content: UInt32 = 0, attributes: UInt32 = 0, featured: Bool = false) {
        self.member = member
        self.instant = instant
        self.content = content
        self.attributes = attributes
        self.featured = featured
    }
}

/// A run of event rows of one kind, dictionary-encoded so that neither the
/// reader nor the store allocates a string per row.
public struct EventBatch: Sendable {
    public var kind: EventKind
    /// Distinct member ids that rows index. The reader lists the file's ids
    /// read so far, in order of first appearance, so a batch may hold ids
    /// that only earlier batches of its file used.
    public var memberIDs: [String]
    /// Distinct content ids that rows index; element 0 is always `""`.
    public var contentIDs: [String]
    /// Distinct attributes that rows index; element 0 is always ``EventAttributes/none``.
    public var attributes: [EventAttributes]
    /// Accepted rows in file order.
    public var rows: [EventRow]
    /// Comments only (contract v4): the non-empty texts (评论内容) of
    /// featured rows — the only texts a report shows (featured.csv) — by
    /// index into ``rows``, in row order. Not part of an event's identity:
    /// the text first stored for an event stays.
    public var texts: [RowText]

    public init(kind: EventKind, memberIDs: [String] = [], contentIDs: [String] = [""],
                attributes: [EventAttributes] = [.none], rows: [EventRow] = [], texts: [RowText] = []) {
        self.kind = kind
        self.memberIDs = memberIDs
        self.contentIDs = contentIDs
        self.attributes = attributes
        self.rows = rows
        self.texts = texts
    }
}

/// The text of one event row of an ``EventBatch`` (a comment's 评论内容).
public struct RowText: Sendable, Equatable {
    /// Index into ``EventBatch/rows``.
    public var row: Int32
    public var text: String

    public init(row: Int32, text: String) {
        self.row = row
        self.text = text
    }
}

/// A data row that could not be read, kept with its place and raw text (SPEC 1.6).
public struct RowReject: Sendable, Equatable {
    /// Base name of the file.
    public var file: String
    /// 1-based physical line of the decoded text where the record starts
    /// (SPEC 6.1), or the sheet row number in a spreadsheet (SPEC 1.2a).
    public var line: Int
    public var reason: String
    /// The record as it stood in the file (decoded), without its line end;
    /// a spreadsheet row as its cells in CSV form.
    public var raw: String
    /// The sheet the row is on, for a spreadsheet; `nil` for a delimited file.
    public var sheet: String?

    public init(file: String, line: Int, reason: String, raw: String, sheet: String? = nil) {
        self.file = file
        self.line = line
        self.reason = reason
        self.raw = raw
        self.sheet = sheet
    }

    /// Where the row is within its file, as rejects.csv's `line` column
    /// writes it: `17`, or `Sheet1!17` for a spreadsheet row (SPEC 1.2a).
    public var location: String { sheet.map { "\($0)!\(line)" } ?? String(line) }
}

/// A consecutive part of one file, read into typed rows.
///
/// A reader hands a file to the store as a stream of batches so that memory
/// stays bounded whatever the file size; all batches of one file are stored
/// in one transaction.
public struct ReadBatch: Sendable {
    public enum Rows: Sendable {
        case members([Member])
        case events(EventBatch)
        case posts([Post])
        case calendar([CalendarEntry])
        case leave([LeaveEntry])
        /// Registry rows (contract v4), in file order.
        case groups([RegisteredGroup])
        /// Rows of a posts file without content_id: the official account's
        /// analytics export (contract v4), matched to posts by title.
        case titleReads([TitleReads])
    }
    /// Accepted rows, in file order.
    public var rows: Rows
    /// Rows of this batch that were rejected.
    public var rejects: [RowReject]
    /// Non-blank data records in this batch: accepted + rejected + absent.
    public var records: Int
    /// Absent rows (SPEC 1.6, contract v3): check-in rows saying the member
    /// did not check in — valid, no event, counted in quality.csv `absent`.
    public var absent: Int
    /// The earliest and latest day of this batch's absent rows: they belong
    /// to the file's data-day span like its check-ins.
    public var absentDays: ClosedRange<Day>?
    /// Member ids stored as spreadsheet numbers that were one leading zero
    /// short of the roster's fixed id width and got it back, with one
    /// example (`123 → 0123`) for the file's quality note.
    public var restoredIDs: Int
    public var restoredExample: String?

    public init(rows: Rows, rejects: [RowReject] = [], records: Int, absent: Int = 0,
                absentDays: ClosedRange<Day>? = nil, restoredIDs: Int = 0, restoredExample: String? = nil) {
        self.rows = rows
        self.rejects = rejects
        self.records = records
        self.absent = absent
        self.absentDays = absentDays
        self.restoredIDs = restoredIDs
        self.restoredExample = restoredExample
    }
}

/// What happened to one input file (one row of quality.csv, SPEC 6.4).
public struct FileOutcome: Sendable, Equatable {
    public enum Status: String, Sendable { case ingested, rejected, skipped }
    /// Base name of the file.
    public var file: String
    /// The file kind, empty when it could not be told.
    public var kind: String
    public var status: Status
    public var rows: Int
    public var accepted: Int
    public var duplicates: Int
    public var rejected: Int
    /// Why a file was rejected or skipped; for an ingested file, its notes
    /// (the sheet read, other sheets, restored ids), often empty.
    public var reason: String
    /// Absent check-in rows (SPEC 1.6, contract v3); rows = accepted +
    /// duplicates + rejected + absent.
    public var absent: Int

    public init(file: String, kind: String, status: Status, rows: Int = 0, accepted: Int = 0,
                duplicates: Int = 0, rejected: Int = 0, reason: String = "", absent: Int = 0) {
        self.file = file
        self.kind = kind
        self.status = status
        self.rows = rows
        self.accepted = accepted
        self.duplicates = duplicates
        self.rejected = rejected
        self.reason = reason
        self.absent = absent
    }
}

/// A member_id with stored events that is not on the current roster (SPEC 1.6):
/// kept, counted in no metric, reported.
public struct UnknownMember: Sendable, Equatable {
    public var memberID: String
    /// Distinct stored events of all kinds.
    public var events: Int
    /// Local days of the member's earliest and latest event.
    public var firstDay: Day
    public var lastDay: Day

    public init(memberID: String, events: Int, firstDay: Day, lastDay: Day) {
        self.memberID = memberID
        self.events = events
        self.firstDay = firstDay
        self.lastDay = lastDay
    }
}
