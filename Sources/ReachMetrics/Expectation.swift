import ReachModel

/// On which days each member counts (SPEC 2, contract v2), as two bitsets
/// per member over the days `base…asOf` (bit i = day base+i):
///
/// - **expected**: active (on the roster, joined ≤ d ≤ left), a data day, a
///   check-in day for the member, and not on leave;
/// - **excused**: the same, but on leave.
///
/// Every metric reads the days through these bits, so a holiday, a day
/// without data or a leave day is neither a miss nor a check-in anywhere.
struct Expectation: Sendable {
    let base: Day
    /// Days covered: `base…asOf`.
    let days: Int
    let wordsPerMember: Int
    let expected: [UInt64]
    let excused: [UInt64]
    /// Data days over `base…asOf`, one bit per day.
    let data: [UInt64]
    /// The check-in days of the school as a whole (days.csv), likewise.
    let calendar: CheckinCalendar
    /// Whether each member is on leave on A (SPEC 2.4 keeps them off the gap list).
    let onLeaveOnAsOf: [Bool]
    /// Each member's class key: members with one key share college, branch
    /// and class, hence their groups and their check-in days.
    let keyOf: [Int32]
    /// A member of each key (the first by roster order).
    let keyMember: [Int]

    init(roster: [Member], groups: GroupIndex, denominators: Denominators, base: Day, asOf: Day,
         offWeekdays: Set<Int>, threads: Int) {
        self.base = base
        let days = max(0, asOf - base + 1)
        self.days = days
        let wpm = max(1, (days + 63) / 64)
        wordsPerMember = wpm
        data = Self.dataMask(denominators.dataDays, base: base, days: days, words: wpm)
        let calendar = CheckinCalendar(rows: denominators.calendar, offWeekdays: offWeekdays, base: base, days: days)
        self.calendar = calendar

        // Class keys, from the group numbers of college, branch and class.
        var keys: [ClassKey: Int32] = [:]
        var keyOf = [Int32](repeating: 0, count: roster.count)
        var keyMember: [Int] = []
        for m in roster.indices {
            let key = ClassKey(college: groups.group(of: m, .college), branch: groups.group(of: m, .branch),
                               className: groups.group(of: m, .class))
            if let k = keys[key] {
                keyOf[m] = k
            } else {
                keys[key] = Int32(keyMember.count)
                keyOf[m] = Int32(keyMember.count)
                keyMember.append(m)
            }
        }
        self.keyOf = keyOf
        self.keyMember = keyMember
        // Data and check-in days of each key, side by side.
        let keyMasks = SharedSlots<[UInt64]>(repeating: [], count: keyMember.count)
        let dataMask = data
        parallelFor(keyMember.count, threads: threads) { [keyMember] k in
            let member = roster[keyMember[k]]
            var mask = calendar.mask(college: member.college, branch: member.branch, className: member.className)
            for w in mask.indices { mask[w] &= dataMask[w] }
            keyMasks[k] = mask
        }

        // Leave by member.
        var leave = [[ClosedRange<Int32>]](repeating: [], count: roster.count)
        var onLeaveOnAsOf = [Bool](repeating: false, count: roster.count)
        for l in denominators.leave where Int(l.member) < roster.count && l.start <= l.end {
            leave[Int(l.member)].append(l.start.index ... l.end.index)
            if l.start <= asOf && asOf <= l.end { onLeaveOnAsOf[Int(l.member)] = true }
        }
        self.onLeaveOnAsOf = onLeaveOnAsOf

        let expected = SharedSlots<UInt64>(repeating: 0, count: roster.count * wpm)
        let excused = SharedSlots<UInt64>(repeating: 0, count: roster.count * wpm)
        let chunk = 2048
        parallelFor((roster.count + chunk - 1) / chunk, threads: threads) { [keyOf, leave] c in
            var active = [UInt64](repeating: 0, count: wpm)
            var away = [UInt64](repeating: 0, count: wpm)
            for m in (c * chunk)..<min(roster.count, (c + 1) * chunk) {
                let member = roster[m]
                Self.fill(&active, from: member.joined?.index ?? .min, to: member.left?.index ?? .max, base: base, days: days)
                for w in away.indices { away[w] = 0 }
                for range in leave[m] { Self.set(&away, from: range.lowerBound, to: range.upperBound, base: base, days: days) }
                let mask = keyMasks[Int(keyOf[m])]
                for w in 0..<wpm {
                    let counts = active[w] & mask[w]
                    expected[m * wpm + w] = counts & ~away[w]
                    excused[m * wpm + w] = counts & away[w]
                }
            }
        }
        self.expected = expected.array
        self.excused = excused.array
    }

    /// Whether `member` is expected on day number `day` (within `base…asOf`).
    @inline(__always) func contains(_ member: Int, _ day: Int32) -> Bool {
        let bit = Int(day - base.index)
        guard bit >= 0 && bit < days else { return false }
        return expected[member * wordsPerMember + bit >> 6] & (UInt64(1) << UInt64(bit & 63)) != 0
    }

    /// Whether day number `day` is a data day.
    func isDataDay(_ day: Day) -> Bool {
        let bit = day - base
        guard bit >= 0 && bit < days else { return false }
        return data[bit >> 6] & (UInt64(1) << UInt64(bit & 63)) != 0
    }

    /// Whether `day` is a check-in day by the level-all rows and the weekday rule.
    func isSchoolCheckinDay(_ day: Day) -> Bool {
        let bit = day - base
        guard bit >= 0 && bit < days else { return false }
        return calendar.school[bit >> 6] & (UInt64(1) << UInt64(bit & 63)) != 0
    }

    /// The first data day, if any lies in `base…asOf`.
    var firstDataDay: Day? {
        for (w, word) in data.enumerated() where word != 0 { return base + (w * 64 + word.trailingZeroBitCount) }
        return nil
    }

    /// The data-day mask: every day when `ranges` is `nil`.
    private static func dataMask(_ ranges: [ClosedRange<Day>]?, base: Day, days: Int, words: Int) -> [UInt64] {
        var mask = [UInt64](repeating: 0, count: words)
        guard let ranges else {
            set(&mask, from: base.index, to: (base + max(0, days - 1)).index, base: base, days: days)
            return mask
        }
        for range in ranges { set(&mask, from: range.lowerBound.index, to: range.upperBound.index, base: base, days: days) }
        return mask
    }

    /// Clears `words` and sets the bits of day numbers `from…to`.
    private static func fill(_ words: inout [UInt64], from: Int32, to: Int32, base: Day, days: Int) {
        for w in words.indices { words[w] = 0 }
        set(&words, from: from, to: to, base: base, days: days)
    }

    /// Sets the bits of day numbers `from…to` (clipped to the days covered).
    static func set(_ words: inout [UInt64], from: Int32, to: Int32, base: Day, days: Int) {
        let lo = max(0, Int(from) - Int(base.index)), hi = min(days - 1, Int(to) - Int(base.index))
        guard lo <= hi else { return }
        for w in (lo >> 6)...(hi >> 6) {
            var word = ~UInt64(0)
            let first = w * 64, last = first + 63
            if lo > first { word &= ~UInt64(0) << UInt64(lo - first) }
            if hi < last { word &= ~UInt64(0) >> UInt64(last - hi) }
            words[w] |= word
        }
    }
}

/// College, branch and class group numbers of a member: the members of one
/// key count on the same days and in the same groups.
private struct ClassKey: Hashable {
    var college: Int32
    var branch: Int32
    var className: Int32
}
