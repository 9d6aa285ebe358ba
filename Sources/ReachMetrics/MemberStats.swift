import ReachModel

/// Per-member figures of SPEC 2.3, computed in fixed chunks of members in
/// parallel; each member's slot has one writer.
struct MemberStats {
    struct Figures {
        var expectedDays = 0
        var checkinDays = 0
        var lastCheckin: Day?
        var currentStreak = 0
        var longestStreak = 0
        var expectedOnAsOf = false
    }

    let figures: [Figures]

    init(roster: [Member], bits: CheckinBits, expected: ExpectedDays, options: MetricsOptions) {
        let n = roster.count
        let slots = SharedSlots<Figures>(repeating: Figures(), count: n)
        let asOfBit = options.asOf - bits.base
        let windowBit = max(0, options.windowStart - bits.base)
        let chunk = 2048
        parallelFor((n + chunk - 1) / chunk, threads: options.threads) { c in
            for m in (c * chunk)..<min(n, (c + 1) * chunk) {
                var f = Figures()
                f.expectedDays = expected.overlap(m, options.windowStart.index, options.asOf.index)
                f.expectedOnAsOf = expected.contains(m, options.asOf.index)
                if asOfBit >= 0 {
                    f.checkinDays = bits.count(m, windowBit, asOfBit)
                    f.lastCheckin = bits.last(m, atOrBelow: asOfBit).map { bits.base + $0 }
                    f.currentStreak = bits.run(m, endingAt: asOfBit)
                    f.longestStreak = bits.longestRun(m, windowBit, asOfBit)
                }
                slots[m] = f
            }
        }
        figures = slots.array
    }
}
