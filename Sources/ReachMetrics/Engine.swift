import ReachModel

/// Computes every metric table of SPEC 2 from an ``Activity``.
///
/// Pure: no I/O, no clocks. The work is spread over `options.threads`
/// threads (days for the group counts, member chunks for the member
/// figures), and every result slot has a single writer or is an integer
/// sum, so the tables are identical for any thread count.
public enum MetricsEngine {
    public static func compute(_ activity: Activity, options: MetricsOptions) -> MetricTables {
        precondition(options.window >= 1, "window must be at least one day")
        assert(zip(activity.roster, activity.roster.dropFirst()).allSatisfy { Order.less($0.memberID, $1.memberID) },
               "the roster must be sorted by member_id")
        let roster = activity.roster
        let groups = GroupIndex(roster: roster)
        let expected = ExpectedDays(roster: roster)
        let base = min(activity.firstDay, options.previousStart)
        let bits = CheckinBits(activity: activity, base: base, expected: expected, threads: options.threads)
        let counters = DayCounters(activity: activity, options: options, groups: groups, expectedDays: expected)
        let stats = MemberStats(roster: roster, bits: bits, expected: expected, options: options)

        var memberRows: [(index: Int, row: MemberRow)] = []
        var gapRows: [(index: Int, row: GapRow)] = []
        var atRisk = [Int](repeating: 0, count: groups.count)
        var membersInWindow = [Int](repeating: 0, count: groups.count)
        for (m, member) in roster.enumerated() {
            let f = stats.figures[m]
            guard f.expectedDays > 0 else { continue }
            let daysSince = f.lastCheckin.map { options.asOf - $0 }
            memberRows.append((m, MemberRow(
                member: member, expectedDays: f.expectedDays, checkinDays: f.checkinDays,
                shares: Int(counters.memberShares[m]), comments: Int(counters.memberComments[m]),
                lastCheckin: f.lastCheckin, daysSince: daysSince,
                currentStreak: f.currentStreak, longestStreak: f.longestStreak)))
            for scope in 0..<4 where groups.groupsOf[m * 4 + scope] >= 0 {
                membersInWindow[Int(groups.groupsOf[m * 4 + scope])] += 1
            }
            guard f.expectedOnAsOf else { continue }
            let rate = Ratio(f.checkinDays, f.expectedDays)
            var reasons: [GapReason] = []
            if f.lastCheckin == nil { reasons.append(.never) }
            if let d = daysSince, d >= options.gapDays { reasons.append(.gap) }
            if rate < options.minRate { reasons.append(.lowRate) }
            guard !reasons.isEmpty else { continue }
            gapRows.append((m, GapRow(member: member, lastCheckin: f.lastCheckin, daysSince: daysSince,
                                      checkinRate: rate, reasons: reasons)))
            for scope in 0..<4 where groups.groupsOf[m * 4 + scope] >= 0 {
                atRisk[Int(groups.groupsOf[m * 4 + scope])] += 1
            }
        }
        // Group numbers follow name order within a scope and the roster is in
        // member_id order, so integer keys give SPEC 3's orders without
        // comparing strings.
        let key = { (m: Int, scope: Scope) in groups.groupsOf[m * 4 + scope.rawValue] }
        memberRows.sort { a, b in
            for scope in [Scope.college, .branch, .class] where key(a.index, scope) != key(b.index, scope) {
                return key(a.index, scope) < key(b.index, scope)
            }
            return a.index < b.index
        }
        gapRows.sort { a, b in
            if key(a.index, .class) != key(b.index, .class) { return key(a.index, .class) < key(b.index, .class) }
            let neverA = a.row.reasons.first == .never, neverB = b.row.reasons.first == .never
            if neverA != neverB { return neverA }
            let da = a.row.daysSince ?? Int.max, db = b.row.daysSince ?? Int.max
            if da != db { return da > db }
            return a.index < b.index
        }

        let daily = dailyRows(counters: counters, groups: groups, options: options)
        let groupRows = windowRows(counters: counters, groups: groups, membersInWindow: membersInWindow, atRisk: atRisk)
        let posts = PostCounts.rows(activity: activity, options: options, expected: expected)
        return MetricTables(options: options, daily: daily, groups: groupRows, members: memberRows.map(\.row),
                            gaps: gapRows.map(\.row), posts: posts)
    }

    /// daily.csv rows: days of D, scopes in order, groups by name; only where expected > 0.
    static func dailyRows(counters c: DayCounters, groups: GroupIndex, options: MetricsOptions) -> [DailyRow] {
        var rows: [DailyRow] = []
        for k in c.windowOffset..<c.days {
            let day = c.start + k
            for g in 0..<groups.count {
                let i = c.at(k, g)
                let expected = Int(c.expected[i])
                guard expected > 0 else { continue }
                rows.append(DailyRow(day: day, scope: groups.scopes[g], group: groups.names[g], expected: expected,
                                     checkedIn: Int(c.checkedIn[i]), reached: Int(c.reached[i]),
                                     sharers: Int(c.sharers[i]), shares: Int(c.shares[i]),
                                     commenters: Int(c.commenters[i]), comments: Int(c.comments[i])))
            }
        }
        return rows
    }

    /// groups.csv rows: one per group with member_days > 0, ranked within its scope.
    static func windowRows(counters c: DayCounters, groups: GroupIndex, membersInWindow: [Int], atRisk: [Int]) -> [GroupRow] {
        var rows: [GroupRow] = []
        for g in 0..<groups.count {
            var memberDays = 0, checkinDays = 0, reachedDays = 0, fullDays = 0, shares = 0, comments = 0
            var worst: (day: Day, coverage: Ratio)?
            for k in c.windowOffset..<c.days {
                let i = c.at(k, g)
                let expected = Int(c.expected[i])
                guard expected > 0 else { continue }
                let checked = Int(c.checkedIn[i])
                memberDays += expected
                checkinDays += checked
                reachedDays += Int(c.reached[i])
                shares += Int(c.shares[i])
                comments += Int(c.comments[i])
                if checked == expected { fullDays += 1 }
                let coverage = Ratio(checked, expected)
                if worst == nil || coverage < worst!.coverage { worst = (c.start + k, coverage) }
            }
            guard memberDays > 0 else { continue }
            var previousDays = 0, previousCheckins = 0
            for k in 0..<c.windowOffset {
                previousDays += Int(c.expected[c.at(k, g)])
                previousCheckins += Int(c.checkedIn[c.at(k, g)])
            }
            rows.append(GroupRow(
                scope: groups.scopes[g], group: groups.names[g], members: membersInWindow[g],
                memberDays: memberDays, checkinDays: checkinDays, reachedDays: reachedDays, fullDays: fullDays,
                worstDay: worst?.day, worstCoverage: worst?.coverage, shares: shares, comments: comments,
                atRisk: atRisk[g], previousCoverage: previousDays > 0 ? Ratio(previousCheckins, previousDays) : nil,
                rank: 0))
        }
        return Order.ranked(rows)
    }
}
