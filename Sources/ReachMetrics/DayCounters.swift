import ReachModel

/// Per-group, per-day counts over the previous window and the window
/// (days `start…asOf`), the raw material of daily.csv and groups.csv.
///
/// Stored day-major: `[dayOffset * groupCount + group]`.
struct DayCounters: Sendable {
    let start: Day
    let days: Int
    let groupCount: Int
    /// First offset that lies in the window D (earlier offsets are the previous window).
    let windowOffset: Int

    let expected: [Int32]
    /// Members excused (on leave) per day and group (contract v2).
    let excused: [Int32]
    // Filled by the day workers and read as they left them (no copy into
    // arrays: over a year-long window these are tens of megabytes).
    let checkedIn: SharedSlots<Int32>
    let reached: SharedSlots<Int32>
    let sharers: SharedSlots<Int32>
    let shares: SharedSlots<Int32>
    let commenters: SharedSlots<Int32>
    let comments: SharedSlots<Int32>
    /// Counted shares and comments of each member in D.
    let memberShares: [Int32]
    let memberComments: [Int32]

    @inline(__always) func at(_ offset: Int, _ group: Int) -> Int { offset * groupCount + group }

    init(activity: Activity, options: MetricsOptions, groups: GroupIndex, expectation: Expectation) {
        let start = options.previousStart
        let days = 2 * options.window
        let g = groups.count
        let n = activity.roster.count
        self.start = start
        self.days = days
        self.groupCount = g
        self.windowOffset = options.window
        let lo = start.index

        // Expected and excused: counted per class key (its members share
        // their groups and their days), then added into the key's groups.
        let keys = expectation.keyMember.count
        let (keyExpected, keyExcused) = expectation.keyCounts(from: start, days: days)
        // Added up group-major (each key's days are contiguous), then laid
        // out day-major as the other counters are.
        var groupExpected = [Int32](repeating: 0, count: g * days)
        var groupExcused = [Int32](repeating: 0, count: g * days)
        for key in 0..<keys {
            groups.forEachGroup(of: expectation.keyMember[key]) { group in
                for k in 0..<days {
                    groupExpected[group * days + k] &+= keyExpected[key * days + k]
                    groupExcused[group * days + k] &+= keyExcused[key * days + k]
                }
            }
        }
        var expected = [Int32](repeating: 0, count: days * g)
        var excused = [Int32](repeating: 0, count: days * g)
        for k in 0..<days {
            for group in 0..<g {
                expected[k * g + group] = groupExpected[group * days + k]
                excused[k * g + group] = groupExcused[group * days + k]
            }
        }
        self.expected = expected
        self.excused = excused

        // Event counts: each day has one writer; member totals are per-worker partial sums.
        let checkedIn = SharedSlots<Int32>(repeating: 0, count: days * g)
        let reached = SharedSlots<Int32>(repeating: 0, count: days * g)
        let sharers = SharedSlots<Int32>(repeating: 0, count: days * g)
        let shares = SharedSlots<Int32>(repeating: 0, count: days * g)
        let commenters = SharedSlots<Int32>(repeating: 0, count: days * g)
        let comments = SharedSlots<Int32>(repeating: 0, count: days * g)
        let workers = parallelWorkers(days, threads: options.threads)
        let partialShares = SharedSlots<[Int32]>(repeating: [], count: workers)
        let partialComments = SharedSlots<[Int32]>(repeating: [], count: workers)
        let windowOffset = options.window
        let groupsOf = groups.groupsOf

        @Sendable func countDay(_ k: Int, stamps: inout DayStamps, ownShares: inout [Int32], ownComments: inout [Int32]) {
            let dayNumber = lo + Int32(k)
            let a = Int(dayNumber - activity.firstDay.index)
            guard a >= 0, a < activity.checkins.count else { return }
            let row = k * g
            @inline(__always) func bump(_ target: SharedSlots<Int32>, _ m: Int) {
                target.withMutableElements { slots in
                    let counts = slots.baseAddress! + row
                    groupsOf.withUnsafeBufferPointer { groupsOf in
                        for scope in 0..<4 {
                            let group = Int(groupsOf[m &* 4 &+ scope])
                            if group >= 0 { counts[group] &+= 1 }
                        }
                    }
                }
            }
            expectation.withDay(dayNumber) { expectedToday in
                let inWindow = k >= windowOffset
                for raw in activity.checkins[a].members {
                    let m = Int(raw)
                    guard expectedToday.contains(m) else { continue }
                    if stamps.checkin[m] != Int32(k) {
                        stamps.checkin[m] = Int32(k)
                        bump(checkedIn, m)
                    }
                    if inWindow && stamps.reached[m] != Int32(k) {
                        stamps.reached[m] = Int32(k)
                        bump(reached, m)
                    }
                }
                guard inWindow else { return }
                /// Shares or comments: events, distinct members, reach, and the member's own total.
                func engagement(_ events: DayEvents, total: SharedSlots<Int32>, distinct: SharedSlots<Int32>,
                                seen: inout [Int32], own: inout [Int32], expectedToday: Expectation.DayColumn) {
                    for raw in events.members {
                        let m = Int(raw)
                        guard expectedToday.contains(m) else { continue }
                        bump(total, m)
                        own[m] += 1
                        if seen[m] != Int32(k) {
                            seen[m] = Int32(k)
                            bump(distinct, m)
                        }
                        if stamps.reached[m] != Int32(k) {
                            stamps.reached[m] = Int32(k)
                            bump(reached, m)
                        }
                    }
                }
                engagement(activity.shares[a], total: shares, distinct: sharers, seen: &stamps.share, own: &ownShares,
                           expectedToday: expectedToday)
                engagement(activity.comments[a], total: comments, distinct: commenters, seen: &stamps.comment, own: &ownComments,
                           expectedToday: expectedToday)
            }
        }

        parallelWorkers(days, threads: options.threads) { worker, dayOffsets in
            var stamps = DayStamps(members: n)
            var ownShares = [Int32](repeating: 0, count: n)
            var ownComments = [Int32](repeating: 0, count: n)
            for k in dayOffsets {
                countDay(k, stamps: &stamps, ownShares: &ownShares, ownComments: &ownComments)
            }
            partialShares[worker] = ownShares
            partialComments[worker] = ownComments
        }
        self.checkedIn = checkedIn
        self.reached = reached
        self.sharers = sharers
        self.shares = shares
        self.commenters = commenters
        self.comments = comments
        var memberShares = [Int32](repeating: 0, count: n)
        var memberComments = [Int32](repeating: 0, count: n)
        for w in 0..<workers {
            for m in 0..<n {
                memberShares[m] += partialShares[w][m]
                memberComments[m] += partialComments[w][m]
            }
        }
        self.memberShares = memberShares
        self.memberComments = memberComments
    }
}

/// Per-worker "already counted on this day" marks, one per member and kind.
private struct DayStamps {
    var checkin: [Int32]
    var reached: [Int32]
    var share: [Int32]
    var comment: [Int32]

    init(members: Int) {
        checkin = [Int32](repeating: -1, count: members)
        reached = checkin
        share = checkin
        comment = checkin
    }
}
