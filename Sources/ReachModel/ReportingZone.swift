import Foundation

/// The time zone in which reach decides which calendar day an instant falls on.
///
/// Ingest uses it to read timestamps written without an offset (SPEC 1.4);
/// reports use it to bucket events into days and to find "yesterday".
/// Offsets are precomputed from the zone's transitions (1970–2100), so the
/// conversions below are allocation-free and safe to call from many threads.
public struct ReportingZone: Sendable, Equatable {
    /// The IANA identifier, e.g. `Asia/Shanghai`.
    public let identifier: String
    /// Instants (epoch seconds) at which the offset changes, ascending.
    private let transitions: [Int64]
    /// `offsets[i]` is the offset (seconds east of UTC) before `transitions[i]`;
    /// the last element holds after the last transition.
    private let offsets: [Int32]

    /// The default reporting zone.
    public static let shanghai = try! ReportingZone(identifier: "Asia/Shanghai")

    /// A zone by IANA identifier; throws when the identifier is unknown.
    public init(identifier: String) throws {
        guard let tz = TimeZone(identifier: identifier) else {
            throw ReachError.usage("unknown time zone '\(identifier)'; use an IANA name such as Asia/Shanghai or UTC")
        }
        self.identifier = identifier
        var transitions: [Int64] = []
        var offsets: [Int32] = [Int32(tz.secondsFromGMT(for: Date(timeIntervalSince1970: 0)))]
        var cursor = Date(timeIntervalSince1970: 0)
        let end = Date(timeIntervalSince1970: 4_102_444_800)  // 2100-01-01
        while let next = tz.nextDaylightSavingTimeTransition(after: cursor), next < end {
            transitions.append(Int64(next.timeIntervalSince1970.rounded()))
            offsets.append(Int32(tz.secondsFromGMT(for: next)))
            cursor = next
        }
        self.transitions = transitions
        self.offsets = offsets
    }

    /// Seconds east of UTC in force at `instant` (epoch seconds).
    @inlinable public func offset(at instant: Int64) -> Int {
        Int(offsetAt(instant))
    }

    @usableFromInline func offsetAt(_ instant: Int64) -> Int32 {
        if transitions.isEmpty { return offsets[0] }
        // Number of transitions at or before `instant`.
        var lo = 0, hi = transitions.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if transitions[mid] <= instant { lo = mid + 1 } else { hi = mid }
        }
        return offsets[lo]
    }

    /// The local calendar day of an instant.
    @inlinable public func day(of instant: Int64) -> Day {
        let local = instant + Int64(offset(at: instant))
        return Day(index: Int32(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400))
    }

    /// The instant of a local wall-clock time (`secondOfDay` from local midnight).
    /// In a gap (spring forward) the time is read with the offset before the gap;
    /// in an overlap the earlier instant wins.
    @inlinable public func instant(day: Day, secondOfDay: Int) -> Int64 {
        let local = Int64(day.index) * 86_400 + Int64(secondOfDay)
        // Offsets change at most a few times a year, so the offsets a day
        // before and a day after are the only ones this wall time can carry.
        let before = local - Int64(offsetAt(local - 86_400))
        let after = local - Int64(offsetAt(local + 86_400))
        let beforeValid = before + Int64(offsetAt(before)) == local
        let afterValid = after + Int64(offsetAt(after)) == local
        switch (beforeValid, afterValid) {
        case (true, true): return min(before, after)
        case (true, false): return before
        case (false, true): return after
        case (false, false): return before  // in a gap: read with the earlier offset
        }
    }

    /// Local midnight that starts `day`, as an instant.
    @inlinable public func startOfDay(_ day: Day) -> Int64 { instant(day: day, secondOfDay: 0) }

    /// Today's local day at `now`.
    public func today(now: Date = Date()) -> Day { day(of: Int64(now.timeIntervalSince1970.rounded(.down))) }

    /// `YYYY-MM-DD HH:MM:SS` in local time (posts' published_at, SPEC 6.6).
    public func localTimestamp(_ instant: Int64) -> String {
        let local = instant + Int64(offset(at: instant))
        let d = Day(index: Int32(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400))
        let s = Int(local - Int64(d.index) * 86_400)
        return d.description + " " + Day.pad(s / 3600, 2) + ":" + Day.pad(s / 60 % 60, 2) + ":" + Day.pad(s % 60, 2)
    }

    public static func == (a: ReportingZone, b: ReportingZone) -> Bool { a.identifier == b.identifier }
}
