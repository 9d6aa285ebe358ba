import ReachModel

/// Per-member figures of SPEC 2.3, computed in fixed chunks of members in
/// parallel; each member's slot has one writer.
///
/// Every figure walks the member's expected days only (contract v2): off
/// days, leave and days without data between two expected days neither
/// break nor extend a streak or a run of misses.
struct MemberStats {
    struct Figures {
        var expectedDays = 0
        var excusedDays = 0
        var checkinDays = 0
        var lastCheckin: Day?
        var currentStreak = 0
        var longestStreak = 0
        var missedRun = 0
        /// Active on A and not on leave on A: may be on the gap list (SPEC 2.4).
        var listable = false
    }

    let figures: [Figures]

    init(roster: [Member], bits: CheckinBits, expectation e: Expectation, options: MetricsOptions) {
        precondition(bits.base == e.base && bits.wordsPerMember == e.wordsPerMember, "bitsets must share their days")
        let n = roster.count
        let slots = SharedSlots<Figures>(repeating: Figures(), count: n)
        let asOfBit = options.asOf - bits.base
        let windowBit = max(0, options.windowStart - bits.base)
        let wpm = e.wordsPerMember
        let chunk = 2048
        parallelFor((n + chunk - 1) / chunk, threads: options.threads) { c in
            for m in (c * chunk)..<min(n, (c + 1) * chunk) {
                var f = Figures()
                f.listable = roster[m].isExpected(on: options.asOf) && !e.onLeaveOnAsOf[m]
                if asOfBit >= 0 {
                    let row = m * wpm
                    f.expectedDays = CheckinBits.count(e.expected, row, windowBit, asOfBit)
                    f.excusedDays = CheckinBits.count(e.excused, row, windowBit, asOfBit)
                    f.checkinDays = bits.count(m, windowBit, asOfBit)
                    f.lastCheckin = bits.last(m, atOrBelow: asOfBit).map { bits.base + $0 }
                    (f.currentStreak, f.missedRun) = Self.runs(expected: e.expected, checkins: bits.words, row: row, hi: asOfBit)
                    f.longestStreak = Self.longestStreak(expected: e.expected, checkins: bits.words, row: row,
                                                         lo: windowBit, hi: asOfBit)
                }
                slots[m] = f
            }
        }
        figures = slots.array
    }

    /// current_streak and missed_run (SPEC 2.3): from the last expected day
    /// at or below bit `hi`, the expected days back to the first one that
    /// differs from it — checked in (a streak) or not (a run of misses).
    /// Check-in bits are a subset of expected bits.
    static func runs(expected: [UInt64], checkins: [UInt64], row: Int, hi: Int) -> (streak: Int, missed: Int) {
        var w = hi >> 6
        let below = hi & 63 == 63 ? ~UInt64(0) : (UInt64(1) << UInt64((hi & 63) + 1)) - 1
        var x = expected[row + w] & below
        var checkingIn: Bool?
        var length = 0
        while true {
            if x != 0 {
                let y = checkins[row + w]
                if checkingIn == nil {
                    let top = 63 - x.leadingZeroBitCount
                    checkingIn = y >> UInt64(top) & 1 == 1
                }
                // Expected days of the other kind end the run.
                let other = checkingIn! ? x & ~y : x & y
                if other == 0 {
                    length += x.nonzeroBitCount
                } else {
                    let stop = 63 - other.leadingZeroBitCount
                    length += (x >> UInt64(stop + 1)).nonzeroBitCount
                    break
                }
            }
            if w == 0 { break }
            w -= 1
            x = expected[row + w]
        }
        guard let checkingIn else { return (0, 0) }
        return checkingIn ? (length, 0) : (0, length)
    }

    /// longest_streak (SPEC 2.3): the longest run of consecutive expected
    /// days in bits `lo…hi`, each with a check-in.
    static func longestStreak(expected: [UInt64], checkins: [UInt64], row: Int, lo: Int, hi: Int) -> Int {
        guard lo <= hi else { return 0 }
        var best = 0, current = 0
        for w in (lo >> 6)...(hi >> 6) {
            var x = expected[row + w]
            let first = w * 64, last = first + 63
            if lo > first { x &= ~UInt64(0) << UInt64(lo - first) }
            if hi < last { x &= ~UInt64(0) >> UInt64(last - hi) }
            let y = checkins[row + w]
            while x != 0 {
                let bit = x.trailingZeroBitCount
                if y >> UInt64(bit) & 1 == 1 {
                    current += 1
                    best = max(best, current)
                } else {
                    current = 0
                }
                x &= x - 1
            }
        }
        return best
    }
}
