import ReachModel

/// Computes every metric table of SPEC 2 from an ``Activity``.
///
/// Pure: no I/O, no clocks. The work is spread over `options.threads`
/// threads (days for the group counts, member chunks for the member
/// figures), and every result slot has a single writer or is an integer
/// sum, so the tables are identical for any thread count.
public enum MetricsEngine {
    /// The tables of SPEC 2 and 3 for `activity` under `options`.
    ///
    /// The activity is consumed: its event arrays, the bulk of it over a
    /// long window, are released as soon as the counts are taken, before
    /// the tables are built, which keeps the peak memory of a report down.
    /// Callers pass `consume activity` when they do not need it afterwards.
    public static func compute(_ activity: consuming Activity, options: MetricsOptions) -> MetricTables {
        var activity = activity
        precondition(options.window >= 1, "window must be at least one day")
        assert(zip(activity.roster, activity.roster.dropFirst()).allSatisfy { $0.memberID.precedesByCodePoint($1.memberID) },
               "the roster must be sorted by member_id")
        let roster = activity.roster
        let groups = GroupIndex(roster: roster, threads: options.threads)
        // Bits from the earliest day anything can count: the first check-in,
        // the first data day (a member expected then and never checked in
        // has a run of misses from it), the previous window.
        let firstData = activity.denominators.dataDays?.map(\.lowerBound).min() ?? activity.firstDay
        let base = min(activity.firstDay, options.previousStart, max(firstData, Day(index: Day.supported.lowerBound)))
        let expected = Expectation(roster: roster, groups: groups, denominators: activity.denominators, base: base,
                                   asOf: options.asOf, offWeekdays: options.offWeekdays, threads: options.threads)
        let bits = CheckinBits(activity: activity, base: base, expected: expected, threads: options.threads)
        let counters = DayCounters(activity: activity, options: options, groups: groups, expectation: expected)
        let stats = MemberStats(roster: roster, bits: bits, expectation: expected, options: options)
        let posts = PostCounts.rows(activity: activity, options: options, expected: expected)
        let registry = RegistryAudit.rows(activity: activity, options: options, groups: groups, expected: expected)
        let featured = RegistryAudit.featured(activity: activity, options: options, expected: expected)
        activity.checkins = []
        activity.shares = []
        activity.comments = []

        // Pass 1: who appears, in which order. Sorting small integer keys
        // (not rows holding a member's strings) keeps the sort cheap. Group
        // numbers follow name order within a scope and the roster is in
        // member_id order, so these keys give SPEC 3's orders without
        // comparing strings.
        var memberOrder: [(college: Int32, branch: Int32, class: Int32, m: Int)] = []
        var gapOrder: [(class: Int32, notNever: Bool, missed: Int, m: Int, reasons: GapReasons)] = []
        var atRisk = [Int](repeating: 0, count: groups.count)
        var membersInWindow = [Int](repeating: 0, count: groups.count)
        for m in roster.indices {
            let f = stats.figures[m]
            // Members.csv lists members expected or excused in D; the other
            // figures count the expected ones only.
            guard f.expectedDays > 0 || f.excusedDays > 0 else { continue }
            memberOrder.append((groups.group(of: m, .college), groups.group(of: m, .branch), groups.group(of: m, .class), m))
            guard f.expectedDays > 0 else { continue }
            groups.forEachGroup(of: m) { membersInWindow[$0] += 1 }
            guard f.listable else { continue }
            let reasons = GapReasons(f, options: options)
            guard !reasons.isEmpty else { continue }
            // `never` first, then the longest run of misses first.
            gapOrder.append((groups.group(of: m, .class), f.lastCheckin != nil, -f.missedRun, m, reasons))
            groups.forEachGroup(of: m) { atRisk[$0] += 1 }
        }
        memberOrder.sort { ($0.college, $0.branch, $0.class, $0.m) < ($1.college, $1.branch, $1.class, $1.m) }
        gapOrder.sort { a, b in
            if a.class != b.class { return a.class < b.class }
            if a.notNever != b.notNever { return b.notNever }
            return (a.missed, a.m) < (b.missed, b.m)
        }

        // Pass 2: the rows, built in their final order, a chunk per task.
        let memberRows = [MemberRow](building: memberOrder.count, threads: options.threads) { [memberOrder] k in
            let entry = memberOrder[k], f = stats.figures[entry.m]
            return MemberRow(
                member: roster[entry.m], expectedDays: f.expectedDays, checkinDays: f.checkinDays,
                shares: Int(counters.memberShares[entry.m]), comments: Int(counters.memberComments[entry.m]),
                lastCheckin: f.lastCheckin, daysSince: f.lastCheckin.map { options.asOf - $0 },
                currentStreak: f.currentStreak, longestStreak: f.longestStreak, excusedDays: f.excusedDays,
                missedRun: f.missedRun)
        }
        let gapRows = [GapRow](building: gapOrder.count, threads: options.threads) { [gapOrder] k in
            let entry = gapOrder[k], f = stats.figures[entry.m]
            return GapRow(member: roster[entry.m], lastCheckin: f.lastCheckin,
                          daysSince: f.lastCheckin.map { options.asOf - $0 },
                          checkinRate: Ratio(f.checkinDays, f.expectedDays), reasons: entry.reasons.list,
                          missedRun: f.missedRun, excusedDays: f.excusedDays)
        }

        let daily = dailyRows(counters: counters, groups: groups, options: options)
        let groupRows = windowRows(counters: counters, groups: groups, membersInWindow: membersInWindow, atRisk: atRisk,
                                   threads: options.threads)
        return MetricTables(options: options, daily: daily, groups: groupRows, members: memberRows,
                            gaps: gapRows, posts: posts, days: dayRows(counters: counters, expectation: expected),
                            silent: silentRows(counters: counters, groups: groups, roster: roster),
                            registry: registry, featured: featured)
    }

    /// daily.csv rows: days of D, scopes in order, groups by name; only where expected > 0.
    /// Built a day per task, each day into its own slice of the result.
    static func dailyRows(counters c: DayCounters, groups: GroupIndex, options: MetricsOptions) -> [DailyRow] {
        let days = c.days - c.windowOffset
        // Where each day's rows begin: a day has a row per group expected
        // that day (counted a day per task, then summed in day order).
        let rowsOfDay = SharedSlots<Int>(repeating: 0, count: days)
        parallelFor(days, threads: options.threads) { k in
            var rows = 0
            for g in 0..<groups.count where c.expected[c.at(c.windowOffset + k, g)] > 0 { rows += 1 }
            rowsOfDay[k] = rows
        }
        var first = [Int](repeating: 0, count: days + 1)
        for k in 0..<days { first[k + 1] = first[k] + rowsOfDay[k] }
        return [DailyRow](count: first[days], parts: days, threads: options.threads) { [first] k, storage in
            var slot = first[k]
            let offset = c.windowOffset + k
            let day = c.start + offset
            for g in 0..<groups.count {
                let i = c.at(offset, g)
                let expected = Int(c.expected[i])
                guard expected > 0 else { continue }
                storage.initialize(slot, to: DailyRow(
                    day: day, scope: groups.scopes[g], group: groups.names[g], expected: expected,
                    checkedIn: Int(c.checkedIn[i]), reached: Int(c.reached[i]),
                    sharers: Int(c.sharers[i]), shares: Int(c.shares[i]),
                    commenters: Int(c.commenters[i]), comments: Int(c.comments[i]), excused: Int(c.excused[i])))
                slot += 1
            }
        }
    }

    /// groups.csv rows: one per group with member_days > 0, ranked within its scope.
    /// Built in parallel by group, each group into its own slot.
    static func windowRows(counters c: DayCounters, groups: GroupIndex, membersInWindow: [Int], atRisk: [Int],
                           threads: Int) -> [GroupRow] {
        let slots = SharedSlots<GroupRow?>(repeating: nil, count: groups.count)
        parallelFor(groups.count, threads: threads) { g in
            var memberDays = 0, checkinDays = 0, reachedDays = 0, fullDays = 0, shares = 0, comments = 0
            var days = 0, excusedDays = 0
            var worst: (day: Day, coverage: Ratio)?
            for k in c.windowOffset..<c.days {
                let i = c.at(k, g)
                excusedDays += Int(c.excused[i])
                let expected = Int(c.expected[i])
                guard expected > 0 else { continue }
                let checked = Int(c.checkedIn[i])
                days += 1
                memberDays += expected
                checkinDays += checked
                reachedDays += Int(c.reached[i])
                shares += Int(c.shares[i])
                comments += Int(c.comments[i])
                if checked == expected { fullDays += 1 }
                let coverage = Ratio(checked, expected)
                if worst == nil || coverage < worst!.coverage { worst = (c.start + k, coverage) }
            }
            guard memberDays > 0 else { return }
            var previousDays = 0, previousCheckins = 0
            for k in 0..<c.windowOffset {
                previousDays += Int(c.expected[c.at(k, g)])
                previousCheckins += Int(c.checkedIn[c.at(k, g)])
            }
            slots[g] = GroupRow(
                scope: groups.scopes[g], group: groups.names[g], members: membersInWindow[g],
                memberDays: memberDays, checkinDays: checkinDays, reachedDays: reachedDays, fullDays: fullDays,
                worstDay: worst?.day, worstCoverage: worst?.coverage, shares: shares, comments: comments,
                atRisk: atRisk[g], previousCoverage: previousDays > 0 ? Ratio(previousCheckins, previousDays) : nil,
                rank: 0, days: days, excusedDays: excusedDays)
        }
        return Order.ranked(slots.array.compactMap { $0 })
    }
}

extension MetricsEngine {
    /// days.csv rows: every day of the previous window and D (SPEC 3).
    static func dayRows(counters c: DayCounters, expectation e: Expectation) -> [DayRow] {
        (0..<c.days).map { k in
            let day = c.start + k
            let i = c.at(k, 0)  // group 0 is `all`
            return DayRow(day: day, data: e.isDataDay(day), checkinDay: e.isSchoolCheckinDay(day),
                          expected: c.groupCount > 0 ? Int(c.expected[i]) : 0,
                          excused: c.groupCount > 0 ? Int(c.excused[i]) : 0, note: e.calendar.schoolNote(day))
        }
    }

    /// silent.csv rows: each class and day of D with members expected and no
    /// event from any of them, by date then class (SPEC 3).
    static func silentRows(counters c: DayCounters, groups: GroupIndex, roster: [Member]) -> [SilentRow] {
        // College and branch of each class: those of its first member by member_id.
        var place: [Int: Member] = [:]
        for m in roster.indices {
            let g = Int(groups.group(of: m, .class))
            if place[g] == nil { place[g] = roster[m] }
        }
        var rows: [SilentRow] = []
        for k in c.windowOffset..<c.days {
            for g in 0..<groups.count where groups.scopes[g] == .class {
                let i = c.at(k, g)
                guard c.expected[i] > 0 && c.reached[i] == 0, let member = place[g] else { continue }
                rows.append(SilentRow(day: c.start + k, college: member.college, branch: member.branch,
                                      className: groups.names[g], expected: Int(c.expected[i])))
            }
        }
        return rows
    }
}

/// The gap-list reasons of SPEC 2.4 for one member, as bits: found once
/// while the gap list is ordered, turned into the row's list at the end.
struct GapReasons: OptionSet {
    let rawValue: UInt8

    static let never = GapReasons(rawValue: 1 << GapReason.never.rawValue)
    static let gap = GapReasons(rawValue: 1 << GapReason.gap.rawValue)
    static let lowRate = GapReasons(rawValue: 1 << GapReason.lowRate.rawValue)

    init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Empty when the member is not on the gap list.
    init(_ f: MemberStats.Figures, options: MetricsOptions) {
        self = []
        if f.lastCheckin == nil { insert(.never) }
        if f.lastCheckin != nil && f.missedRun >= options.gapDays { insert(.gap) }
        if Ratio(f.checkinDays, f.expectedDays) < options.minRate { insert(.lowRate) }
    }

    /// The reasons in SPEC order.
    var list: [GapReason] { GapReason.allCases.filter { contains(GapReasons(rawValue: 1 << $0.rawValue)) } }
}
