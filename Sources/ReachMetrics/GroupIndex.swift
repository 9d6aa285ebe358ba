import ReachModel

/// The groups of one report: every member's group in each scope, and the
/// groups of each scope sorted by name (Unicode code points).
///
/// Groups are numbered across scopes: `all` is 0, then colleges, branches
/// and classes, each block in name order, so that a group number's order
/// is the report order.
struct GroupIndex {
    /// Names by group number.
    let names: [String]
    /// Scope by group number.
    let scopes: [Scope]
    /// `groupsOf[m * 4 + s]`: member m's group number in scope s, or -1 (empty college).
    let groupsOf: [Int32]

    var count: Int { names.count }

    init(roster: [Member]) {
        var names = ["all"]
        var scopes = [Scope.all]
        var groupsOf = [Int32](repeating: -1, count: roster.count * 4)
        for m in roster.indices { groupsOf[m * 4] = 0 }
        let keyPaths: [(Scope, KeyPath<Member, String>)] = [(.college, \.college), (.branch, \.branch), (.class, \.className)]
        for (scope, keyPath) in keyPaths {
            var distinct = Set<String>()
            for member in roster {
                let name = member[keyPath: keyPath]
                if scope == .college && name.isEmpty { continue }
                distinct.insert(name)
            }
            let sorted = distinct.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            var number: [String: Int32] = [:]
            number.reserveCapacity(sorted.count)
            for name in sorted {
                number[name] = Int32(names.count)
                names.append(name)
                scopes.append(scope)
            }
            for (m, member) in roster.enumerated() {
                if let g = number[member[keyPath: keyPath]] { groupsOf[m * 4 + scope.rawValue] = g }
            }
        }
        self.names = names
        self.scopes = scopes
        self.groupsOf = groupsOf
    }
}
