import Foundation
import ReachModel

/// What a report on the store will hold in memory, estimated from the store
/// before anything is loaded (issue 18), so that a report too large for the
/// machine is refused with a clear message instead of being killed part-way.
///
/// A report's memory grows with the roster (each member's rows, columns
/// and per-day arrays), the events it loads (check-ins from the earliest
/// day its streaks look back to, shares and comments of the window) and
/// the rejected rows it lists; everything else is small. The coefficients
/// of ``bytes`` were fitted to peak RSS measured on four stores (a month
/// and a year of a 50,000-member campus, a 200,000-member region and a
/// 1,000,000-member province, each at W = 30 and W = 365: within 11 %,
/// docs/reading.md "Memory budget") and one holding 3,000,000 rejected
/// rows, and rounded up.
public struct ReportFootprint: Sendable, Equatable {
    /// Members on the roster.
    public var members = 0
    /// Days the report loads: from the earliest day it looks back to
    /// through the as-of day (at least 2W).
    public var days = 0
    /// Check-ins it loads (all days loaded).
    public var checkins = 0
    /// Shares and comments of the window.
    public var windowEvents = 0
    /// Rejected rows, and the bytes of their texts (file, reason, raw).
    public var rejects = 0
    public var rejectBytes = 0

    public init(members: Int = 0, days: Int = 0, checkins: Int = 0, windowEvents: Int = 0, rejects: Int = 0,
                rejectBytes: Int = 0) {
        self.members = members
        self.days = days
        self.checkins = checkins
        self.windowEvents = windowEvents
        self.rejects = rejects
        self.rejectBytes = rejectBytes
    }

    /// Peak bytes the report needs, about: 64 MiB, 1,000 bytes a member and
    /// 2 a member-day loaded, 8 bytes a check-in, 32 a share or comment of
    /// the window (24 before contract v4 added share targets and featured
    /// comments with their texts), 400 a rejected row and its text.
    public var bytes: Int {
        (64 << 20) + 1_000 * members + 2 * members * days + 8 * checkins + 32 * windowEvents
            + 400 * rejects + rejectBytes
    }

    /// `12.3 GB`: the estimate as a message gives it.
    public var bytesText: String {
        let gb = Double(bytes) / 1e9
        return gb >= 10 ? "\(Int(gb.rounded())) GB" : String(format: "%.1f GB", gb)
    }

    /// Why a report on the store `path` is refused when it would need more
    /// than `limit` bytes, with what to do; `nil` when it fits.
    public func refusal(path: String, asOf: Day, window: Int, limit: Int) -> String? {
        guard bytes > limit else { return nil }
        let what = "\(MemoryBudget.countText(members)) members on the roster, \(MemoryBudget.countText(checkins)) check-ins and \(MemoryBudget.countText(windowEvents)) shares and comments to load, \(MemoryBudget.countText(rejects)) rejected rows to list"
        let rejectsDominate = 400 * rejects + rejectBytes > bytes / 2
        let todo = rejectsDominate
            ? "the store lists so many rejected rows that rejects.csv cannot be written in memory: ingest the archive into a new store (--store NEW.sqlite) without the files that were rejected row by row, fix those exports and ingest them again"
            : "report a shorter window (--window), or keep one store per college (each its own --store and roster) so that each report covers fewer members"
        return "\(path): a report for \(asOf) over \(window) days would need about \(bytesText) of memory (\(what)), more than the \(MemoryBudget.bytesText(limit)) a report may use; \(todo)"
    }
}

extension Store {
    /// The estimated memory of a report for `asOf` over `window` days, from
    /// counts the store keeps (a few indexed queries, nothing decoded).
    public func reportFootprint(asOf: Day, window: Int) throws -> ReportFootprint {
        try guarded { try snapshot {
            let members = Int(try db.integer("SELECT count(*) FROM roster") ?? 0)
            var first = asOf - (2 * window - 1)
            if let earliest = try db.integer("SELECT min(day) FROM day_events WHERE kind = ? AND count > 0",
                                             Int64(EventKind.checkin.rawValue)),
               let day = Int32(exactly: earliest), day < first.index {
                first = Day(index: day)
            }
            // A count outside 0…maxCount is damage, which loading the row
            // reports; here it adds nothing (and cannot overflow the sum).
            func events(_ kinds: String, from: Day) throws -> Int {
                Int(try db.integer("""
                    SELECT coalesce(sum(count), 0) FROM day_events
                    WHERE kind \(kinds) AND day BETWEEN ? AND ? AND count BETWEEN 0 AND \(DayRows.maxCount)
                    """, Int64(from.index), Int64(asOf.index)) ?? 0)
            }
            let rejects = try db.query("SELECT count(*), coalesce(sum(length(file) + length(reason) + length(raw)), 0) FROM rejects") { row in
                _ = try row.step()
                return (Int(row.int64(0)), Int(row.int64(1)))
            }
            return ReportFootprint(members: members, days: asOf - first + 1,
                                   checkins: try events("= \(EventKind.checkin.rawValue)", from: first),
                                   windowEvents: try events("<> \(EventKind.checkin.rawValue)", from: asOf - (window - 1)),
                                   rejects: rejects.0, rejectBytes: rejects.1)
        } }
    }

    /// Refuses a report that would need more memory than `budget` lets a
    /// report use (``ReachModel/MemoryBudget/reportBytes``): throws
    /// ``ReachModel/ReachError/cannotRun(_:)`` (exit status 2) naming the
    /// store, what the report would hold and what to do. Call it before
    /// ``loadActivity(asOf:window:zone:)``.
    public func checkReportBudget(asOf: Day, window: Int, budget: MemoryBudget = .standard) throws {
        let footprint = try reportFootprint(asOf: asOf, window: window)
        if let reason = footprint.refusal(path: path, asOf: asOf, window: window, limit: budget.reportBytes) {
            throw ReachError.cannotRun(reason)
        }
    }
}
