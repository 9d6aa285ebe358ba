import ReachModel

/// The groups of one report: every member's group in each scope, and the
/// groups of each scope sorted by name (Unicode code points).
///
/// Groups are numbered across scopes: `all` is 0, then colleges, branches
/// and classes, each block in name order, so that a group number's order
/// is the report order.
struct GroupIndex: Sendable {
    /// Names by group number.
    let names: [String]
    /// Scope by group number.
    let scopes: [Scope]
    /// `groupsOf[m * 4 + s]`: member m's group number in scope s, or -1 (empty college).
    let groupsOf: [Int32]

    var count: Int { names.count }

    /// Member `m`'s group number in `scope`, or -1 (an empty college).
    @inline(__always) func group(of m: Int, _ scope: Scope) -> Int32 { groupsOf[m * 4 + scope.rawValue] }

    /// Calls `body` with the number of each group member `m` belongs to:
    /// all, the college (when set), the branch and the class.
    @inline(__always) func forEachGroup(of m: Int, _ body: (Int) -> Void) {
        for scope in 0..<4 where groupsOf[m * 4 + scope] >= 0 { body(Int(groupsOf[m * 4 + scope])) }
    }

    /// The number of the group of `scope` called exactly `name` (the same
    /// code points), `nil` when no member has it: binary searches of the
    /// scope's block, which is in name order, so a lookup costs no table.
    func group(named name: String, _ scope: Scope) -> Int32? {
        let first = partitionPoint(in: scopes.indices) { scopes[$0] >= scope }
        let end = partitionPoint(in: first..<scopes.count) { scopes[$0] > scope }
        return sortedPosition(of: name, in: first..<end) { names[$0] }.map(Int32.init)
    }

    /// `threads`: the three scopes are numbered side by side.
    init(roster: [Member], threads: Int = 1) {
        let fields: [@Sendable (Member) -> String] = [{ $0.college }, { $0.branch }, { $0.className }]
        let found = SharedSlots<ScopeGroups?>(repeating: nil, count: fields.count)
        parallelFor(fields.count, threads: threads) { i in
            found[i] = ScopeGroups(roster: roster, field: fields[i], skipEmpty: i == 0)
        }
        var names = ["all"]
        var scopes = [Scope.all]
        var groupsOf = [Int32](repeating: -1, count: roster.count * 4)
        for m in roster.indices { groupsOf[m * 4] = 0 }
        for (i, scope) in [Scope.college, .branch, .class].enumerated() {
            let groups = found[i]!
            // Renumber from first-seen order to name order (code points),
            // after the groups of the scopes before.
            let byName = groups.seen.indices.sorted { groups.seen[$0].precedesByCodePoint(groups.seen[$1]) }
            var final = [Int32](repeating: -1, count: groups.seen.count)
            for index in byName {
                final[index] = Int32(names.count)
                names.append(groups.seen[index])
                scopes.append(scope)
            }
            for m in roster.indices where groups.ofMember[m] >= 0 {
                groupsOf[m * 4 + scope.rawValue] = final[Int(groups.ofMember[m])]
            }
        }
        self.names = names
        self.scopes = scopes
        self.groupsOf = groupsOf
    }
}

/// The groups of one scope in first-seen order, from one hashing pass.
private struct ScopeGroups {
    /// Names in first-seen order.
    var seen: [String] = []
    /// Each member's position in `seen`, or -1 (an empty college).
    var ofMember: [Int32]

    init(roster: [Member], field: (Member) -> String, skipEmpty: Bool) {
        var numbers: [ExactName: Int32] = [:]
        ofMember = [Int32](repeating: -1, count: roster.count)
        for (m, member) in roster.enumerated() {
            let name = field(member)
            if skipEmpty && name.isEmpty { continue }
            if let p = numbers[ExactName(name)] {
                ofMember[m] = p
            } else {
                let p = Int32(seen.count)
                numbers[ExactName(name)] = p
                seen.append(name)
                ofMember[m] = p
            }
        }
    }
}

/// A group name compared and hashed by its UTF-8 bytes: groups are the
/// exact values of the roster (SPEC orders them by code point), and byte
/// hashing skips the Unicode normalization `String` hashing does.
private struct ExactName: Hashable {
    let name: String

    init(_ name: String) { self.name = name }

    static func == (a: ExactName, b: ExactName) -> Bool {
        var x = a.name, y = b.name
        return x.withUTF8 { x in y.withUTF8 { y in x.elementsEqual(y) } }
    }

    func hash(into hasher: inout Hasher) {
        var name = name
        name.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
