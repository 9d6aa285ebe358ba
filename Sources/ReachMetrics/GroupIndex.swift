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
            // One hashing pass: provisional numbers in first-seen order, then
            // renumbered by name.
            var provisional: [String: Int32] = [:]
            var seen: [String] = []
            var memberProvisional = [Int32](repeating: -1, count: roster.count)
            for (m, member) in roster.enumerated() {
                let name = member[keyPath: keyPath]
                if scope == .college && name.isEmpty { continue }
                if let p = provisional[name] {
                    memberProvisional[m] = p
                } else {
                    let p = Int32(seen.count)
                    provisional[name] = p
                    seen.append(name)
                    memberProvisional[m] = p
                }
            }
            let byName = seen.indices.sorted { seen[$0].utf8.lexicographicallyPrecedes(seen[$1].utf8) }
            var final = [Int32](repeating: -1, count: seen.count)
            for index in byName {
                final[index] = Int32(names.count)
                names.append(seen[index])
                scopes.append(scope)
            }
            for m in roster.indices where memberProvisional[m] >= 0 {
                groupsOf[m * 4 + scope.rawValue] = final[Int(memberProvisional[m])]
            }
        }
        self.names = names
        self.scopes = scopes
        self.groupsOf = groupsOf
    }
}
