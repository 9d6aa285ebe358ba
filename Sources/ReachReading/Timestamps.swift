import ReachModel

/// Reads timestamps and dates straight from field bytes (SPEC 1.4, 6.2).
///
/// Timestamps: `YYYY-MM-DD HH:MM:SS`, `YYYY-MM-DD HH:MM`,
/// `YYYY/M/D H:MM[:SS]` (padding optional), ISO 8601
/// `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`, 10-digit epoch seconds and 13-digit
/// epoch milliseconds. Fractions and milliseconds are truncated; every field
/// is range-checked. A time without an offset is local in the reporting
/// zone; the zone's offset is cached per local day, since exports are
/// mostly in time order.
struct TimestampParser {
    let zone: ReportingZone
    private var cachedKey = -1
    private var cachedDayStart: Int64 = 0  // instant of local midnight
    private var cachedUniform = false      // no offset change during the day

    init(zone: ReportingZone) { self.zone = zone }

    /// Epoch seconds, or `nil` when the bytes are no accepted timestamp.
    mutating func instant(_ f: UnsafeBufferPointer<UInt8>) -> Int64? {
        let n = f.count
        guard n >= 10, let p = f.baseAddress else { return nil }
        if n == 10 || n == 13, let value = Self.digits(p, 0, n) {
            return n == 10 ? Int64(value) : Int64(value / 1000)
        }
        if n == 19, let fast = fixedLocal(p) { return fast }
        guard let (year, month, day, dateEnd, slashed) = Self.datePart(p, n), dateEnd < n else { return nil }
        let separator = p[dateEnd]
        var i = dateEnd + 1
        if separator == 0x20 {
            // Space form: HH:MM[:SS]; the slashed form may omit the hour's zero.
            let hourDigits = slashed && i + 1 < n && p[i + 1] == 0x3A ? 1 : 2
            guard i + hourDigits <= n, let hour = Self.digits(p, i, i + hourDigits) else { return nil }
            i += hourDigits
            guard i + 3 <= n, p[i] == 0x3A, let minute = Self.digits(p, i + 1, i + 3) else { return nil }
            i += 3
            var second = 0
            if i < n {
                guard i + 3 == n, p[i] == 0x3A, let s = Self.digits(p, i + 1, i + 3) else { return nil }
                second = s
            }
            guard hour < 24, minute < 60, second < 60 else { return nil }
            return localInstant(year, month, day, hour * 3600 + minute * 60 + second)
        }
        guard separator == 0x54, !slashed, i + 8 <= n,  // 'T' HH:MM:SS
              let hour = Self.digits(p, i, i + 2), p[i + 2] == 0x3A,
              let minute = Self.digits(p, i + 3, i + 5), p[i + 5] == 0x3A,
              let second = Self.digits(p, i + 6, i + 8),
              hour < 24, minute < 60, second < 60 else { return nil }
        i += 8
        if i < n && p[i] == 0x2E {  // fraction, truncated
            i += 1
            let fractionStart = i
            while i < n && p[i] >= 0x30 && p[i] <= 0x39 { i += 1 }
            guard i > fractionStart else { return nil }
        }
        guard i < n else { return nil }  // `T` needs Z or an offset
        var offset = 0
        if p[i] == 0x5A {
            guard i + 1 == n else { return nil }
        } else {
            guard p[i] == 0x2B || p[i] == 0x2D, i + 6 == n,
                  let oh = Self.digits(p, i + 1, i + 3), p[i + 3] == 0x3A,
                  let om = Self.digits(p, i + 4, i + 6), oh < 24, om < 60 else { return nil }
            offset = (oh * 3600 + om * 60) * (p[i] == 0x2D ? -1 : 1)
        }
        let days = Int64(Day.daysFromCivil(year, month, day))
        return days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
    }

    /// `YYYY-MM-DD HH:MM:SS`, the form nearly every export writes, read
    /// with the digits checked eight bytes at a time; `nil` sends the bytes
    /// to the general parser.
    @inline(__always) private mutating func fixedLocal(_ p: UnsafePointer<UInt8>) -> Int64? {
        let raw = UnsafeRawPointer(p)
        // Bytes 0–7 "YYYY-MM-", 8–15 "DD HH:MM", 11–18 "HH:MM:SS".
        let a = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)) &- 0x2D30_302D_3030_3030
        let b = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) &- 0x3030_3A30_3020_3030
        let c = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 11, as: UInt64.self)) &- 0x3030_3A30_303A_3030
        // After subtracting, digits are 0–9 and separators 0: every byte < 10.
        let tooBig: UInt64 = 0x7676_7676_7676_7676  // byte + 0x76 sets bit 7 when byte ≥ 10
        guard ((a | b | c) & 0x8080_8080_8080_8080) == 0,
              ((a &+ tooBig) | (b &+ tooBig) | (c &+ tooBig)) & 0x8080_8080_8080_8080 == 0 else { return nil }
        @inline(__always) func byte(_ w: UInt64, _ k: Int) -> Int { Int(truncatingIfNeeded: w >> UInt64(k * 8)) & 0xFF }
        let year = byte(a, 0) * 1000 + byte(a, 1) * 100 + byte(a, 2) * 10 + byte(a, 3)
        let month = byte(a, 5) * 10 + byte(a, 6)
        let day = byte(b, 0) * 10 + byte(b, 1)
        let hour = byte(c, 0) * 10 + byte(c, 1), minute = byte(c, 3) * 10 + byte(c, 4), second = byte(c, 6) * 10 + byte(c, 7)
        guard byte(a, 4) == 0, byte(a, 7) == 0, byte(b, 2) == 0, byte(c, 2) == 0, byte(c, 5) == 0,
              year >= 1, month >= 1, month <= 12, day >= 1,
              day <= 28 || day <= Day.daysIn(month: month, year: year),  // every month has 28 days: no call for most
              hour < 24, minute < 60, second < 60 else { return nil }
        return localInstant(year, month, day, hour * 3600 + minute * 60 + second)
    }

    /// A roster date, `YYYY-MM-DD` or `YYYY/M/D`; `nil` when not one.
    static func date(_ f: UnsafeBufferPointer<UInt8>) -> Day? {
        guard let p = f.baseAddress, let (year, month, day, end, _) = datePart(p, f.count), end == f.count else { return nil }
        return Day(year: year, month: month, day: day)
    }

    /// The instant of `secondOfDay` on local `day` (a time of day beside a
    /// date column, contract v3).
    mutating func instant(day: Day, secondOfDay: Int) -> Int64 {
        let (year, month, dayOfMonth) = day.civil
        return localInstant(year, month, dayOfMonth, secondOfDay)
    }

    /// A time of day alone, `H:MM`, `HH:MM`, `H:MM:SS` or `HH:MM:SS`, with
    /// an optional fraction after the seconds (`08:52:30.000`, truncated):
    /// its second of the day, or `nil` when the bytes are no such time.
    static func timeOfDay(_ f: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = f.count
        guard n >= 4, let p = f.baseAddress else { return nil }
        let hourDigits = p[1] == 0x3A ? 1 : 2
        guard let hour = digits(p, 0, hourDigits), hourDigits < n, p[hourDigits] == 0x3A else { return nil }
        var i = hourDigits + 1
        guard i + 2 <= n, let minute = digits(p, i, i + 2) else { return nil }
        i += 2
        var second = 0
        if i < n {
            guard p[i] == 0x3A, i + 3 <= n, let s = digits(p, i + 1, i + 3) else { return nil }
            second = s
            i += 3
            if i < n {
                guard p[i] == 0x2E, allDigits(p, i + 1, n) else { return nil }
            }
        }
        guard hour < 24, minute < 60, second < 60 else { return nil }
        return hour * 3600 + minute * 60 + second
    }

    /// What a date column holds (contract v3): `YYYY-MM-DD` or `YYYY/M/D`,
    /// alone or followed by whitespace and a weekday (`2026-11-03 星期二`,
    /// `2026-11-03 周二`, `2026/11/3 Tue`), or by a midnight time
    /// (`2026-11-03 00:00:00`, a date cell saved with its time). `nil` when
    /// the bytes are none of these; `weekdayMatches` is false when the
    /// weekday written is not the date's.
    static func labelledDate(_ f: UnsafeBufferPointer<UInt8>) -> (day: Day, weekdayMatches: Bool)? {
        guard let p = f.baseAddress, let (year, month, dayOfMonth, end, _) = datePart(p, f.count),
              let day = Day(year: year, month: month, day: dayOfMonth) else { return nil }
        if end == f.count { return (day, true) }
        // Whitespace: spaces, U+3000, tabs.
        var i = end
        while i < f.count {
            if p[i] == 0x20 || p[i] == 0x09 { i += 1; continue }
            if i + 3 <= f.count, p[i] == 0xE3, p[i + 1] == 0x80, p[i + 2] == 0x80 { i += 3; continue }
            break
        }
        guard i > end, i < f.count else { return nil }
        let rest = UnsafeBufferPointer(rebasing: f[i...])
        if let second = timeOfDay(rest) { return second == 0 ? (day, true) : nil }
        guard let weekday = weekday(rest) else { return nil }
        return (day, weekday == Self.weekday(of: day))
    }

    /// The weekday of `day`, 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday).
    static func weekday(of day: Day) -> Int {
        let k = (Int(day.index) + 4) % 7
        return k < 0 ? k + 7 : k
    }

    /// The weekday a word names, 0 = Sunday … 6 = Saturday: 星期一…星期日
    /// (星期天), 周一…周日 (周天), 礼拜一…礼拜日 (礼拜天), and English
    /// names, full or of three letters, in any case.
    static func weekday(_ f: UnsafeBufferPointer<UInt8>) -> Int? {
        let text = String(decoding: f, as: UTF8.self)
        for prefix in ["星期", "周", "礼拜"] where text.hasPrefix(prefix) {
            let rest = text.dropFirst(prefix.count)
            guard rest.count == 1, let k = "日一二三四五六".firstIndex(of: rest.first!) else {
                return rest == "天" ? 0 : nil
            }
            return "日一二三四五六".distance(from: "日一二三四五六".startIndex, to: k)
        }
        let names = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
        let lower = text.lowercased()
        return names.firstIndex { $0 == lower || $0.prefix(3) == lower }
    }

    /// The instant of a local wall-clock time, through the per-day cache.
    private mutating func localInstant(_ year: Int, _ month: Int, _ day: Int, _ secondOfDay: Int) -> Int64 {
        let key = year << 9 | month << 5 | day
        if key != cachedKey {
            let d = Day(index: Int32(Day.daysFromCivil(year, month, day)))
            cachedDayStart = zone.instant(day: d, secondOfDay: 0)
            cachedUniform = zone.instant(day: d, secondOfDay: 86_399) - cachedDayStart == 86_399
            cachedKey = key
        }
        if cachedUniform { return cachedDayStart + Int64(secondOfDay) }
        return zone.instant(day: Day(index: Int32(Day.daysFromCivil(year, month, day))), secondOfDay: secondOfDay)
    }

    /// Year, month and day of a date prefix, where the date ends, and
    /// whether it was the slashed form. The day must exist.
    @inline(__always)
    static func datePart(_ p: UnsafePointer<UInt8>, _ n: Int) -> (Int, Int, Int, Int, Bool)? {
        guard n >= 8, let year = digits(p, 0, 4), year >= 1 else { return nil }
        let month: Int, day: Int, end: Int
        if p[4] == 0x2D {
            guard n >= 10, let m = digits(p, 5, 7), p[7] == 0x2D, let d = digits(p, 8, 10) else { return nil }
            (month, day, end) = (m, d, 10)
        } else if p[4] == 0x2F {
            var i = 5
            guard let m = shortNumber(p, &i, n), i < n, p[i] == 0x2F else { return nil }
            i += 1
            guard let d = shortNumber(p, &i, n) else { return nil }
            (month, day, end) = (m, d, i)
        } else {
            return nil
        }
        guard month >= 1, month <= 12, day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        return (year, month, day, end, p[4] == 0x2F)
    }

    /// One or two digits at `i`, advancing `i`.
    @inline(__always) static func shortNumber(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ n: Int) -> Int? {
        guard i < n, let first = digit(p[i]) else { return nil }
        i += 1
        guard i < n, let second = digit(p[i]) else { return first }
        i += 1
        return first * 10 + second
    }

    /// The decimal value of `p[s..<e]`, all digits, or `nil`.
    @inline(__always) static func digits(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
        var value = 0
        var i = s
        while i < e {
            guard let d = digit(p[i]) else { return nil }
            value = value * 10 + d
            i += 1
        }
        return value
    }

    /// `p[s..<e]` is one or more digits (any number of them).
    static func allDigits(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        s < e && (s ..< e).allSatisfy { p[$0] >= 0x30 && p[$0] <= 0x39 }
    }

    @inline(__always) static func digit(_ c: UInt8) -> Int? {
        c >= 0x30 && c <= 0x39 ? Int(c &- 0x30) : nil
    }
}
