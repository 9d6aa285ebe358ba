import Foundation
import ReachModel

/// What `reach status` shows about a store.
public struct StoreStatus: Sendable, Equatable {
    /// The packing zone recorded when the store was created.
    public var zone: String
    /// Members on the current roster.
    public var members: Int
    /// Posts known from posts files.
    public var posts: Int
    /// Distinct stored events per kind (all kinds present, zero when none).
    public var events: [EventKind: Int]
    /// Local day (in the store zone) of the earliest and latest stored event.
    public var firstEventDay: Day?
    public var lastEventDay: Day?
    /// Ledger rows by status.
    public var filesIngested: Int
    public var filesSkipped: Int
    public var filesRejected: Int
    /// The latest run recorded with ``Store/recordRun(startedAt:finishedAt:asOf:exitCode:summary:)``.
    public var lastRun: RunRecord?
    /// School calendar rows and counted leave (contract v2).
    public var calendarRows = 0
    public var leaveRows = 0
    /// Groups of the registry (contract v4), closed ones included; `nil`
    /// until a groups file has been ingested.
    public var registryGroups: Int?
    /// Of those, the groups the registry marks closed (注销, closed).
    public var closedGroups = 0

    public init(zone: String, members: Int, posts: Int, events: [EventKind: Int], firstEventDay: Day?,
                lastEventDay: Day?, filesIngested: Int, filesSkipped: Int, filesRejected: Int, lastRun: RunRecord?) {
        self.zone = zone
        self.members = members
        self.posts = posts
        self.events = events
        self.firstEventDay = firstEventDay
        self.lastEventDay = lastEventDay
        self.filesIngested = filesIngested
        self.filesSkipped = filesSkipped
        self.filesRejected = filesRejected
        self.lastRun = lastRun
    }
}

/// One run of the nightly job (or of `reach ingest` / `reach report`), as recorded by the caller.
public struct RunRecord: Sendable, Equatable {
    public var startedAt: Date
    public var finishedAt: Date
    /// The as-of day reported on, when the run reported.
    public var asOf: Day?
    public var exitCode: Int32
    /// A one-line summary for `reach status`.
    public var summary: String

    public init(startedAt: Date, finishedAt: Date, asOf: Day?, exitCode: Int32, summary: String) {
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.asOf = asOf
        self.exitCode = exitCode
        self.summary = summary
    }
}


/// One stored event, as `reach export events` writes it.
public struct ExportedEvent: Sendable, Equatable {
    /// Local day in the export's zone.
    public var day: Day
    public var kind: EventKind
    public var memberID: String
    /// Epoch seconds.
    public var instant: Int64
    /// Empty when the event had none.
    public var contentID: String
    public var channel: String
    public var target: String
    public var featured: Bool

    public init(day: Day, kind: EventKind, memberID: String, instant: Int64, contentID: String = "",
                channel: String = "", target: String = "", featured: Bool = false) {
        self.day = day
        self.kind = kind
        self.memberID = memberID
        self.instant = instant
        self.contentID = contentID
        self.channel = channel
        self.target = target
        self.featured = featured
    }
}
