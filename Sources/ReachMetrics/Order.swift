import ReachModel

/// The row orders of SPEC 3. Names and ids compare by Unicode code points
/// (`String.precedesByCodePoint`).
enum Order {
    /// Ranks each scope by exact coverage, descending, with standard
    /// competition ranking ("1224"); ties are listed by group name.
    static func ranked(_ rows: [GroupRow]) -> [GroupRow] {
        var out: [GroupRow] = []
        out.reserveCapacity(rows.count)
        for scope in Scope.allCases {
            var inScope = rows.filter { $0.scope == scope }
            inScope.sort { a, b in
                if a.coverage != b.coverage { return b.coverage < a.coverage }
                return a.group.precedesByCodePoint(b.group)
            }
            for i in inScope.indices {
                inScope[i].rank = (i > 0 && inScope[i].coverage == inScope[i - 1].coverage) ? inScope[i - 1].rank : i + 1
            }
            out += inScope
        }
        return out
    }
}
