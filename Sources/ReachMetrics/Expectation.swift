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
    /// Each key's days that count (data days that are check-in days for its
    /// members), bits over `base…asOf`.
    let keyMasks: [[UInt64]]
    /// Each member's first and last active day numbers (joined, left; open
    /// ends at the extremes). A roster row may give left before joined: the
    /// member is then never active.
    let activeFirst: [Int32]
    let activeLast: [Int32]
    /// Each member's leave, merged into disjoint, sorted day-number ranges.
    let leave: [[ClosedRange<Int32>]]
    /// ``expected`` day-major, for ``withDay(_:_:)``.
    let byDay: [UInt64]
    let memberWords: Int

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

        self.keyMasks = keyMasks.array
        activeFirst = roster.map { $0.joined?.index ?? .min }
        activeLast = roster.map { $0.left?.index ?? .max }

        // Leave by member, merged.
        var leave = [[ClosedRange<Int32>]](repeating: [], count: roster.count)
        var onLeaveOnAsOf = [Bool](repeating: false, count: roster.count)
        for l in denominators.leave where Int(l.member) < roster.count && l.start <= l.end {
            leave[Int(l.member)].append(l.start.index ... l.end.index)
            if l.start <= asOf && asOf <= l.end { onLeaveOnAsOf[Int(l.member)] = true }
        }
        for m in leave.indices where leave[m].count > 1 { leave[m] = Self.merged(leave[m]) }
        self.leave = leave

        self.onLeaveOnAsOf = onLeaveOnAsOf

        let expected = SharedSlots<UInt64>(repeating: 0, count: roster.count * wpm)
        let excused = SharedSlots<UInt64>(repeating: 0, count: roster.count * wpm)
        let chunk = 2048
        parallelFor((roster.count + chunk - 1) / chunk, threads: threads) { [keyOf, leave, activeFirst, activeLast] c in
            var active = [UInt64](repeating: 0, count: wpm)
            var away = [UInt64](repeating: 0, count: wpm)
            for m in (c * chunk)..<min(roster.count, (c + 1) * chunk) {
                Self.fill(&active, from: activeFirst[m], to: activeLast[m], base: base, days: days)
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
        (byDay, memberWords) = Self.transposed(self.expected, members: roster.count, wordsPerMember: wpm, days: days,
                                               threads: threads)
    }

    /// Expected and excused members of each class key on each of the `days`
    /// days from `first` (which lie in `base…asOf`), laid out `[key * days + k]`.
    ///
    /// Counted from the members' active ranges and merged leave with
    /// difference arrays, then masked by the key's days: the same numbers as
    /// counting the member bitsets, without walking every bit.
    func keyCounts(from first: Day, days: Int) -> (expected: [Int32], excused: [Int32]) {
        let keys = keyMember.count, width = days + 1
        let lo = first.index, hi = (first + (days - 1)).index
        var present = [Int32](repeating: 0, count: keys * width)
        var away = [Int32](repeating: 0, count: keys * width)
        for m in activeFirst.indices {
            let s = max(lo, activeFirst[m]), e = min(hi, activeLast[m])
            guard s <= e else { continue }
            let row = Int(keyOf[m]) * width
            present[row + Int(s - lo)] += 1
            present[row + Int(e - lo) + 1] -= 1
            for range in leave[m] {
                let a = max(s, range.lowerBound), b = min(e, range.upperBound)
                guard a <= b else { continue }
                away[row + Int(a - lo)] += 1
                away[row + Int(b - lo) + 1] -= 1
            }
        }
        var expected = [Int32](repeating: 0, count: keys * days)
        var excused = [Int32](repeating: 0, count: keys * days)
        let offset = first - base
        for key in 0..<keys {
            var members: Int32 = 0, onLeave: Int32 = 0
            let mask = keyMasks[key]
            for k in 0..<days {
                members += present[key * width + k]
                onLeave += away[key * width + k]
                let bit = offset + k
                guard mask[bit >> 6] & (UInt64(1) << UInt64(bit & 63)) != 0 else { continue }
                expected[key * days + k] = members - onLeave
                excused[key * days + k] = onLeave
            }
        }
        return (expected, excused)
    }

    /// Disjoint, sorted ranges covering the same days as `ranges`.
    static func merged(_ ranges: [ClosedRange<Int32>]) -> [ClosedRange<Int32>] {
        var result: [ClosedRange<Int32>] = []
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, Int(r.lowerBound) <= Int(last.upperBound) + 1 {
                result[result.count - 1] = last.lowerBound ... max(last.upperBound, r.upperBound)
            } else {
                result.append(r)
            }
        }
        return result
    }

    /// Who is expected on one day, for the per-event loops: the day's row of
    /// ``byDay``, a bit per member (6 KB for 50,000 members), so that events
    /// in random member order test bits that stay in L1 instead of reaching
    /// into megabytes of member-major bits.
    ///
    /// `@unchecked Sendable`: a read-only view, valid inside ``withDay(_:_:)``
    /// only, of bits nobody changes once the expectation is built.
    struct DayColumn: @unchecked Sendable {
        fileprivate let row: UnsafePointer<UInt64>?

        /// Whether `member` is expected on the day.
        @inline(__always) func contains(_ member: Int) -> Bool {
            guard let row else { return false }
            return row[member &>> 6] &>> UInt64(member & 63) & 1 != 0
        }
    }

    /// Calls `body` with who is expected on day number `day` (nobody outside
    /// `base…asOf`); the view is valid inside `body` only.
    func withDay<T>(_ day: Int32, _ body: (DayColumn) throws -> T) rethrows -> T {
        let bit = Int(day) - Int(base.index)
        return try byDay.withUnsafeBufferPointer { rows in
            guard bit >= 0 && bit < days, let start = rows.baseAddress else { return try body(DayColumn(row: nil)) }
            return try body(DayColumn(row: start + bit * memberWords))
        }
    }

    /// The expected bits day-major (`[day * memberWords + member / 64]`),
    /// from the member-major ones by 64 × 64 bit-matrix transposes.
    static func transposed(_ bits: [UInt64], members n: Int, wordsPerMember wpm: Int, days: Int,
                           threads: Int) -> (rows: [UInt64], memberWords: Int) {
        let memberWords = max(1, (n + 63) / 64)
        let out = SharedSlots<UInt64>(repeating: 0, count: max(1, days) * memberWords)
        parallelFor(memberWords, threads: threads) { block in
            var matrix = [UInt64](repeating: 0, count: 64)
            for w in 0..<wpm {
                for i in 0..<64 {
                    let m = block * 64 + i
                    matrix[i] = m < n ? bits[m * wpm + w] : 0
                }
                transpose64(&matrix)
                for j in 0..<64 where w * 64 + j < days {
                    out[(w * 64 + j) * memberWords + block] = matrix[j]
                }
            }
        }
        return (out.array, memberWords)
    }

    /// Transposes a 64 × 64 bit matrix in place: bit c of word r becomes
    /// bit r of word c (Hacker's Delight's block swaps, low bits first).
    static func transpose64(_ a: inout [UInt64]) {
        var j = 32
        var m: UInt64 = 0x0000_0000_FFFF_FFFF
        while j != 0 {
            var k = 0
            while k < 64 {
                let t = ((a[k] &>> UInt64(j)) ^ a[k + j]) & m
                a[k] ^= t &<< UInt64(j)
                a[k + j] ^= t
                k = (k + j + 1) & ~j
            }
            j >>= 1
            m ^= m &<< UInt64(j)
        }
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
