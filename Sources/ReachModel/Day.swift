/// A calendar day, counted in days since 1970-01-01.
///
/// reach reasons in whole local days (SPEC 1.4: an event's day is its local
/// calendar date in the reporting zone), so a plain day number is the unit
/// every stage shares: cheap to compare, subtract and use as an array offset.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public var index: Int32

    @inlinable public init(index: Int32) { self.index = index }

    /// Day numbers of the dates reach reads and writes: 0001-01-01 to
    /// 9999-12-31. A stored day outside them is damage, not a date.
    public static let supported: ClosedRange<Int32> = -719_162 ... 2_932_896

    /// The day of a proleptic Gregorian date, or `nil` when the date does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        self.index = Int32(Day.daysFromCivil(year, month, day))
    }

    /// Parses `YYYY-MM-DD` (the form every report writes).
    public init?(iso text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The (year, month, day) of this day.
    public var civil: (year: Int, month: Int, day: Int) { Day.civilFromDays(Int(index)) }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = civil
        return Day.pad(y, 4) + "-" + Day.pad(m, 2) + "-" + Day.pad(d, 2)
    }

    @inlinable public static func < (a: Day, b: Day) -> Bool { a.index < b.index }
    @inlinable public static func + (a: Day, n: Int) -> Day { Day(index: a.index + Int32(n)) }
    @inlinable public static func - (a: Day, n: Int) -> Day { Day(index: a.index - Int32(n)) }
    /// Whole days from `b` to `a`.
    @inlinable public static func - (a: Day, b: Day) -> Int { Int(a.index) - Int(b.index) }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
    public static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The civil date of a day number (H. Hinnant's algorithm).
    public static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
