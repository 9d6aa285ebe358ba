import ReachModel

/// The registry audit of SPEC 3 (registry.csv, contract v4): the registry's
/// groups checked against the roster and the window's shares, and the
/// window's featured comments worth publishing (featured.csv).
///
/// A join of a few thousand registry rows and share targets with the
/// roster: every name is found by binary search in a list already in code
/// point order (the roster by member_id, the groups of each scope, the
/// share targets), so the audit builds no table of strings and costs a
/// pass over the roster and over the window's shares.
enum RegistryAudit {
    /// The registry.csv rows in SPEC 3 order; `nil` when the activity has
    /// no registry (no groups file was ever ingested).
    static func rows(activity: Activity, options: MetricsOptions, groups: GroupIndex,
                     expected: Expectation) -> [RegistryRow]? {
        guard let registry = activity.registry else { return nil }
        let roster = activity.roster, asOf = options.asOf
        let targets = activity.targets
        assert(zip(targets, targets.dropFirst()).allSatisfy { $0.precedesByCodePoint($1) },
               "share targets must be distinct and in code point order")
        let sharesTo = countedShares(activity: activity, options: options, expected: expected)

        // Members active on A in each group (the roster column), whether a
        // class has a member expected on A (no_group), each class's first member.
        var active = [Int](repeating: 0, count: groups.count)
        var expectedOnA = [Bool](repeating: false, count: groups.count)
        var firstMember = [Int](repeating: -1, count: groups.count)
        expected.withDay(asOf.index) { expectedToday in
            for m in roster.indices {
                if roster[m].isExpected(on: asOf) { groups.forEachGroup(of: m) { active[$0] += 1 } }
                let c = Int(groups.group(of: m, .class))
                if firstMember[c] < 0 { firstMember[c] = m }
                if expectedToday.contains(m) { expectedOnA[c] = true }
            }
        }

        var rows: [RegistryRow] = []
        var hasGroup = [Bool](repeating: false, count: groups.count)
        var isRegistered = [Bool](repeating: false, count: targets.count)
        for group in registry where !group.isClosed {
            let level = Self.level(of: group)
            let roster = level.map { level in groups.group(named: level.name, level.scope).map { active[Int($0)] } ?? 0 }
            if !group.className.isEmpty, let c = groups.group(named: group.className, .class) { hasGroup[Int(c)] = true }
            let target = index(of: group.groupName, in: targets)
            if let target { isRegistered[target] = true }
            var stated = group
            stated.memberCount = group.memberCount.flatMap { $0 >= 0 ? $0 : nil }
            var row = RegistryRow(group: stated, roster: roster,
                                  missing: roster.flatMap { r in stated.memberCount.map { max(0, r - $0) } },
                                  sharesTo: target.map { sharesTo[$0] } ?? 0)
            row.problems = problems(of: row, roster: activity.roster, asOf: asOf)
            rows.append(row)
        }
        for t in targets.indices where sharesTo[t] > 0 && !isRegistered[t] {
            rows.append(RegistryRow(groupName: targets[t], sharesTo: sharesTo[t], problems: [.unregistered]))
        }
        for g in 0..<groups.count where groups.scopes[g] == .class && expectedOnA[g] && !hasGroup[g] {
            let member = roster[firstMember[g]]
            rows.append(RegistryRow(college: member.college, branch: member.branch, className: groups.names[g],
                                    roster: active[g], problems: [.noGroup]))
        }
        return ordered(rows)
    }

    /// The problems of a registered group's row, in SPEC order.
    static func problems(of row: RegistryRow, roster: [Member], asOf: Day) -> [RegistryProblem] {
        var problems: [RegistryProblem] = []
        if row.ownerID.isEmpty && row.owner.isEmpty { problems.append(.noOwner) }
        if !row.ownerID.isEmpty {
            if let owner = memberIndex(of: row.ownerID, in: roster) {
                if let left = roster[owner].left, left < asOf { problems.append(.ownerLeft) }
            } else {
                problems.append(.ownerNotOnRoster)
            }
        }
        if let missing = row.missing, missing > 0 { problems.append(.missingMembers) }
        if row.sharesTo == 0 { problems.append(.unused) }
        return problems
    }

    /// The level whose members a group stands for: its class, else its
    /// branch, else its college; `nil` when it names none.
    static func level(of group: RegisteredGroup) -> (scope: Scope, name: String)? {
        if !group.className.isEmpty { return (.class, group.className) }
        if !group.branch.isEmpty { return (.branch, group.branch) }
        if !group.college.isEmpty { return (.college, group.college) }
        return nil
    }

    /// Rows with problems first, then those without; within each by
    /// group_name, class, college, branch (code points), then as found.
    static func ordered(_ rows: [RegistryRow]) -> [RegistryRow] {
        func precedes(_ a: RegistryRow, _ b: RegistryRow) -> Bool? {
            if a.problems.isEmpty != b.problems.isEmpty { return !a.problems.isEmpty }
            for (x, y) in [(a.groupName, b.groupName), (a.className, b.className), (a.college, b.college),
                           (a.branch, b.branch)] {
                if x.precedesByCodePoint(y) { return true }
                if y.precedesByCodePoint(x) { return false }
            }
            return nil
        }
        return rows.indices.sorted { i, j in precedes(rows[i], rows[j]) ?? (i < j) }.map { rows[$0] }
    }

    /// Counted shares in D (by members expected on the share's day) per
    /// share target, indexed like ``ReachModel/Activity/targets``.
    static func countedShares(activity: Activity, options: MetricsOptions, expected: Expectation) -> [Int] {
        var counts = [Int](repeating: 0, count: activity.targets.count)
        let first = max(options.windowStart, activity.firstDay)
        guard !counts.isEmpty, first <= options.asOf else { return counts }
        for day in first.index...options.asOf.index {
            let k = Int(day - activity.firstDay.index)
            guard k < activity.shares.count else { break }
            let events = activity.shares[k]
            expected.withDay(day) { expectedToday in
                for (i, target) in events.targets.enumerated() where target >= 0 && Int(target) < counts.count {
                    if i < events.members.count && expectedToday.contains(Int(events.members[i])) {
                        counts[Int(target)] += 1
                    }
                }
            }
        }
        return counts
    }

    /// featured.csv rows: featured comments on days of D by members
    /// expected on that day, by time, then member_id (then as the store
    /// listed them).
    static func featured(activity: Activity, options: MetricsOptions, expected: Expectation) -> [FeaturedRow] {
        let roster = activity.roster
        var kept: [(instant: Int64, member: Int32, k: Int)] = []
        for (k, comment) in activity.featuredComments.enumerated()
        where options.windowStart <= comment.day && comment.day <= options.asOf
            && comment.member >= 0 && Int(comment.member) < roster.count {
            guard expected.withDay(comment.day.index, { $0.contains(Int(comment.member)) }) else { continue }
            kept.append((comment.instant, comment.member, k))
        }
        kept.sort { ($0.instant, $0.member, $0.k) < ($1.instant, $1.member, $1.k) }
        return kept.map { entry in
            let comment = activity.featuredComments[entry.k]
            let content = Int(comment.content)
            return FeaturedRow(member: roster[Int(comment.member)], day: comment.day, instant: comment.instant,
                               contentID: activity.contentIDs.indices.contains(content) ? activity.contentIDs[content] : "",
                               text: comment.text)
        }
    }

    /// Where `id` is on the roster (sorted by member_id), if it is.
    static func memberIndex(of id: String, in roster: [Member]) -> Int? {
        sortedPosition(of: id, in: roster.indices) { roster[$0].memberID }
    }

    /// Where `name` is in `names` (distinct, in code point order), if it is.
    static func index(of name: String, in names: [String]) -> Int? {
        sortedPosition(of: name, in: names.indices) { names[$0] }
    }
}
