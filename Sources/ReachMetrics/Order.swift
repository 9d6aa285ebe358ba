import ReachModel

/// The row orders of SPEC 3. Names and ids compare by Unicode code points.
enum Order {
    @inline(__always) static func less(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// members.csv: college, branch, class, member_id.
    static func members(_ a: MemberRow, _ b: MemberRow) -> Bool {
        let x = a.member, y = b.member
        if x.college != y.college { return less(x.college, y.college) }
        if x.branch != y.branch { return less(x.branch, y.branch) }
        if x.className != y.className { return less(x.className, y.className) }
        return less(x.memberID, y.memberID)
    }

    /// gaps.csv: class, then `never` first, then days_since descending, then member_id.
    static func gaps(_ a: GapRow, _ b: GapRow) -> Bool {
        if a.member.className != b.member.className { return less(a.member.className, b.member.className) }
        let neverA = a.reasons.first == .never, neverB = b.reasons.first == .never
        if neverA != neverB { return neverA }
        let da = a.daysSince ?? Int.max, db = b.daysSince ?? Int.max
        if da != db { return da > db }
        return less(a.member.memberID, b.member.memberID)
    }

    /// Ranks each scope by exact coverage, descending, with standard
    /// competition ranking ("1224"); ties are listed by group name.
    static func ranked(_ rows: [GroupRow]) -> [GroupRow] {
        var out: [GroupRow] = []
        out.reserveCapacity(rows.count)
        for scope in Scope.allCases {
            var inScope = rows.filter { $0.scope == scope }
            inScope.sort { a, b in
                if a.coverage != b.coverage { return b.coverage < a.coverage }
                return less(a.group, b.group)
            }
            for i in inScope.indices {
                inScope[i].rank = (i > 0 && inScope[i].coverage == inScope[i - 1].coverage) ? inScope[i - 1].rank : i + 1
            }
            out += inScope
        }
        return out
    }
}
