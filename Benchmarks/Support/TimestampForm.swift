import ReachModel

/// The forms a time column may take (SPEC 1.4), each written from an
/// instant as an export in the Asia/Shanghai zone (UTC+8, no daylight
/// saving since 1991) writes it.
public enum TimestampForm: CaseIterable, Sendable {
    /// `2026-11-03 07:12:33`: what nearly every export writes (the parser's fast path).
    case spaced
    /// `2026-11-03 07:12`.
    case minutes
    /// `2026/11/3 7:12:33`.
    case slashed
    /// `2026-11-03T07:12:33.250+08:00`.
    case isoOffset
    /// `2026-11-02T23:12:33Z`.
    case isoUTC
    /// `1793661153`.
    case epochSeconds
    /// `1793661153250`.
    case epochMillis

    /// Shanghai's offset east of UTC.
    public static let offset = 8 * 3600

    /// `instant` in this form, with `milliseconds` where the form has them.
    public func text(_ instant: Int64, milliseconds: Int) -> String {
        let local = CivilTime(instant, offset: Self.offset), utc = CivilTime(instant)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        func three(_ n: Int) -> String { n < 10 ? "00\(n)" : n < 100 ? "0\(n)" : "\(n)" }
        let date = "\(local.year)-\(two(local.month))-\(two(local.day))"
        switch self {
        case .spaced: return "\(date) \(two(local.hour)):\(two(local.minute)):\(two(local.second))"
        case .minutes: return "\(date) \(two(local.hour)):\(two(local.minute))"
        case .slashed: return "\(local.year)/\(local.month)/\(local.day) \(local.hour):\(two(local.minute)):\(two(local.second))"
        case .isoOffset:
            return "\(date)T\(two(local.hour)):\(two(local.minute)):\(two(local.second)).\(three(milliseconds))+08:00"
        case .isoUTC:
            return "\(utc.year)-\(two(utc.month))-\(two(utc.day))T\(two(utc.hour)):\(two(utc.minute)):\(two(utc.second))Z"
        case .epochSeconds: return "\(instant)"
        case .epochMillis: return "\(instant * 1000 + Int64(milliseconds))"
        }
    }

    /// The instant the parser reads back from ``text(_:milliseconds:)``:
    /// `instant`, less its seconds in the form without them.
    public func parsed(_ instant: Int64) -> Int64 {
        self == .minutes ? instant - Int64(CivilTime(instant).second) : instant
    }
}

/// Instants in time order, as an export of a month lists its events.
public enum ExportInstants {
    /// `count` instants spread over the 30 days from 2026-11-01 00:00 in
    /// Shanghai, ascending, a few seconds apart.
    public static func november(count: Int, seed: UInt64) -> [Int64] {
        var random = SplitMix(seed: seed)
        let start = Int64(Day(year: 2026, month: 11, day: 1)!.index) * 86_400 - Int64(TimestampForm.offset)
        let span = Int64(30 * 86_400)
        return (0 ..< count).map { k in start + Int64(k) * span / Int64(count) + Int64(random.next(2)) }
    }
}
