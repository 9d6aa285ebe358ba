import ReachModel

/// Counted check-ins (SPEC 6.7: on the roster, expected that day, not after
/// A) as one bitset per member over the days `base…asOf`.
///
/// Streaks, last_checkin and checkin_days all become word operations on it.
struct CheckinBits {
    /// Day of bit 0.
    let base: Day
    /// Number of days covered (bits per member that are used).
    let days: Int
    let wordsPerMember: Int
    private(set) var words: [UInt64]

    /// Builds the bitsets; work is split by 64-day word columns, so each
    /// word has a single writer.
    init(activity: Activity, base: Day, expected: Expectation, threads: Int) {
        self.base = base
        let days = max(0, activity.asOf - base + 1)
        self.days = days
        let wpm = max(1, (days + 63) / 64)
        self.wordsPerMember = wpm
        let slots = SharedSlots<UInt64>(repeating: 0, count: activity.roster.count * wpm)
        let firstIndex = activity.firstDay - base  // offset of activity day 0 in bits
        parallelFor(wpm, threads: threads) { column in
            let lo = max(column * 64, firstIndex), hi = min(column * 64 + 63, days - 1)
            guard lo <= hi else { return }
            for bit in lo...hi {
                let dayIndex = bit - firstIndex
                guard dayIndex >= 0, dayIndex < activity.checkins.count else { continue }
                let mask = UInt64(1) << UInt64(bit & 63)
                let dayNumber = Int32(bit) + base.index
                expected.withDay(dayNumber) { expectedToday in
                    for m in activity.checkins[dayIndex].members {
                        let member = Int(m)
                        guard expectedToday.contains(member) else { continue }
                        slots[member * wpm + column] |= mask
                    }
                }
            }
        }
        self.words = slots.array
    }

    @inline(__always) func isSet(_ member: Int, _ bit: Int) -> Bool {
        words[member * wordsPerMember + bit >> 6] & (UInt64(1) << UInt64(bit & 63)) != 0
    }

    /// Set bits of `member` in `lo...hi` (bit indexes).
    func count(_ member: Int, _ lo: Int, _ hi: Int) -> Int {
        Self.count(words, member * wordsPerMember, lo, hi)
    }

    /// Set bits in `lo...hi` of the bit row starting at word `row` of `words`.
    static func count(_ words: [UInt64], _ row: Int, _ lo: Int, _ hi: Int) -> Int {
        guard lo <= hi else { return 0 }
        var total = 0
        for w in (lo >> 6)...(hi >> 6) {
            var word = words[row + w]
            let first = w * 64, last = first + 63
            if lo > first { word &= ~UInt64(0) << UInt64(lo - first) }
            if hi < last { word &= ~UInt64(0) >> UInt64(last - hi) }
            total += word.nonzeroBitCount
        }
        return total
    }

    /// The highest set bit of `member` at or below `hi`, if any.
    func last(_ member: Int, atOrBelow hi: Int) -> Int? {
        guard hi >= 0 else { return nil }
        let row = member * wordsPerMember
        var w = hi >> 6
        var word = words[row + w] & (hi & 63 == 63 ? ~UInt64(0) : (UInt64(1) << UInt64((hi & 63) + 1)) - 1)
        while true {
            if word != 0 { return w * 64 + 63 - word.leadingZeroBitCount }
            if w == 0 { return nil }
            w -= 1
            word = words[row + w]
        }
    }
}
