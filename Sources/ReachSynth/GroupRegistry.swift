import ReachModel

/// The registry of official groups and accounts (备案, SPEC 1.3 groups,
/// contract v4) of a campus: a WeChat group for most classes, a group for
/// two branches in three, an official account (公众号) per college and a few
/// student organisations' groups, each with its responsible person.
///
/// It holds, whatever the shape, one case of every problem the audit finds
/// (``Cases``): a group without a responsible person, one whose responsible
/// person has left, one short of members, a closed group, a class without a
/// group and a responsible person on no roster; and about 1–3% more of them
/// at random in larger shapes. With `registryRows` the campus's rows are
/// cut (classes lose their groups first) or padded with class league-branch
/// groups (团支部群) and club groups to that count.
struct GroupRegistry {
    /// Rows in file order.
    private(set) var rows: [RegisteredGroup] = []
    /// What the registry plants, by the names of the rows that show it.
    private(set) var cases = SynthSummary.GroupCases()
    /// Per class: where its members share to (first the class group, then
    /// the branch group, the organisation group and a closed group's name).
    private(set) var classTargets: [[String]] = []

    /// A row and how readily it is dropped when the registry is cut to size.
    private struct Draft {
        var row: RegisteredGroup
        /// 0: carries a planted case; 1: account or organisation; 2: branch; 3: class.
        var priority: Int
    }

    init(campus: Campus, config: SynthConfig) {
        var rng = Random(seed: config.seed, purpose: .registry)
        let asOf = config.end
        let active = (0..<campus.rosterCount).map { i -> Bool in
            let p = campus.people[i]
            return (p.joined.map { $0 <= asOf } ?? true) && (p.left.map { $0 >= asOf } ?? true)
        }
        var classRoster = Array(repeating: 0, count: campus.classes.count)
        var classMembers = Array(repeating: [Int](), count: campus.classes.count)
        for i in 0..<campus.rosterCount where active[i] {
            classRoster[campus.people[i].classIndex] += 1
            if !campus.people[i].id.hasPrefix("0") { classMembers[campus.people[i].classIndex].append(i) }
        }
        let branchClasses = (0..<campus.branches.count).map { b in campus.classes.indices.filter { campus.classes[$0].branch == b } }
        let onRoster = Set(campus.people.prefix(campus.rosterCount).map(\.id))
        // Past the planted cases, problems at random only in shapes of more than 30 classes.
        let random = campus.classes.count > 30

        // The planted cases fall on distinct classes: the leaver's own, then three drawn.
        let leaver = (0..<campus.rosterCount).first { campus.people[$0].left.map { $0 < asOf } ?? false }
        let leaverClass = leaver.map { campus.people[$0].classIndex }
        var others = campus.classes.indices.filter { $0 != leaverClass }
        for i in stride(from: others.count - 1, to: 0, by: -1) { others.swapAt(i, rng.below(i + 1)) }
        let withoutGroup = others.first
        let short = others.dropFirst().first
        let closed = others.dropFirst(2).first

        var drafts: [Draft] = []
        func person(_ i: Int) -> (id: String, name: String) { (campus.people[i].id, campus.people[i].name) }
        func registered(_ year: Int, _ month: Int) -> Day {
            min(asOf, Day(year: year, month: month, day: 1 + rng.below(25))!)
        }

        for (c, college) in campus.colleges.enumerated() {
            let classes = campus.classes.indices.filter { campus.classes[$0].college == c }
            let roster = classes.reduce(0) { $0 + classRoster[$1] }
            // The college league committee's official account; a teacher answers for one in five
            // (the first always), with a staff number on no roster.
            var account = RegisteredGroup(groupName: college.name + "团委", type: "公众号", college: college.name,
                                          org: college.name + "团委", registered: registered(asOf.civil.year - 6 + c % 4, 3),
                                          memberCount: roster * 3 / 2 + rng.below(roster + 1), status: "正常")
            let students = classes.flatMap { classMembers[$0] }
            if c == 0 || rng.chance(0.2) || students.isEmpty {
                account.owner = classes.first.map { campus.classes[$0].counsellor } ?? Campus.personName(&rng)
                account.ownerID = String(2010 + c % 12) + Campus.pad(c + 1, 4)
                if c == 0 { cases.ownerNotOnRoster = account.groupName }
            } else {
                (account.ownerID, account.owner) = person(rng.pick(students))
            }
            if c == 0 { cases.unused = account.groupName }
            drafts.append(Draft(row: account, priority: c == 0 ? 0 : 1))

            for b in campus.branches.indices where campus.branches[b].college == c {
                let branch = campus.branches[b]
                if b % 3 != 2 {
                    // Two branches in three have a group of all their members.
                    var group = RegisteredGroup(groupName: branch.name + "群", type: "企业微信群", college: college.name,
                                                branch: branch.name, registered: registered(asOf.civil.year - 1, 5),
                                                memberCount: branchClasses[b].reduce(0) { $0 + classRoster[$1] } + 1 + rng.below(3),
                                                status: "正常")
                    let members = branchClasses[b].flatMap { classMembers[$0] }
                    let party = members.filter { ["中共党员", "预备党员"].contains(campus.people[$0].status) }
                    var priority = 2
                    if cases.noOwner.isEmpty && b % 3 == 1 {
                        cases.noOwner = group.groupName
                        priority = 0
                    } else if !(random && rng.chance(0.01)), let owner = party.isEmpty ? members.first : rng.pick(party) {
                        (group.ownerID, group.owner) = person(owner)
                    }
                    drafts.append(Draft(row: group, priority: priority))
                }

                for k in branchClasses[b] {
                    let cls = campus.classes[k]
                    if k == withoutGroup || (random && rng.chance(0.01)) { continue }
                    if k == closed {
                        // The class's first group, closed when it moved to a new one.
                        drafts.append(Draft(row: RegisteredGroup(groupName: cls.name + "级群（旧）", type: "微信群",
                                                                 college: college.name, branch: branch.name,
                                                                 className: cls.name, registered: registered(cls.grade, 9),
                                                                 memberCount: classRoster[k] / 2, status: "注销"),
                                            priority: 0))
                        cases.closed = cls.name + "级群（旧）"
                    }
                    var group = RegisteredGroup(groupName: cls.name + "级群", type: rng.chance(0.15) ? "企业微信群" : "微信群",
                                                college: college.name, branch: branch.name, className: cls.name,
                                                registered: registered(cls.grade, 9),
                                                memberCount: classRoster[k] + 1 + rng.below(3), status: "正常")
                    var priority = 3
                    if k == leaverClass, let leaver {
                        (group.ownerID, group.owner) = person(leaver)
                        cases.ownerLeft = group.groupName
                        priority = 0
                    } else if random && rng.chance(0.01) {
                        // Nobody named; or (below) a mistyped number on no roster.
                    } else if let owner = classMembers[k].isEmpty ? nil : rng.pick(classMembers[k]) {
                        (group.ownerID, group.owner) = person(owner)
                        if random && rng.chance(0.01) {
                            let typo = String(group.ownerID.dropLast(4)) + "9" + Campus.pad(rng.below(1000), 3)
                            if !onRoster.contains(typo) { group.ownerID = typo }
                        }
                    }
                    if k == short || (random && rng.chance(0.02)) {
                        // People left the group (or never joined it): fewer than the class.
                        group.memberCount = max(0, classRoster[k] - 2 - rng.below(5))
                        if k == short {
                            cases.shortOfMembers = group.groupName
                            priority = 0
                        }
                    }
                    drafts.append(Draft(row: group, priority: priority))
                }
            }
        }
        if let withoutGroup { cases.classWithoutGroup = campus.classes[withoutGroup].name }

        // Student organisations of the whole school: one per five colleges, at least one.
        let allStudents = classMembers.flatMap { $0 }
        for k in 0..<max(1, campus.colleges.count / 5) {
            let org = Vocabulary.organisations[k % Vocabulary.organisations.count]
            let round = k / Vocabulary.organisations.count
            var group = RegisteredGroup(groupName: org.group + (round == 0 ? "" : String(round + 1)), type: "微信群",
                                        org: org.name, registered: registered(asOf.civil.year - 2 + k % 2, 10),
                                        memberCount: 40 + rng.below(80), status: "正常")
            if !allStudents.isEmpty { (group.ownerID, group.owner) = person(rng.pick(allStudents)) }
            drafts.append(Draft(row: group, priority: 1))
        }

        rows = GroupRegistry.sized(drafts, to: config.registryRows, campus: campus, classRoster: classRoster,
                                   classMembers: classMembers, rng: &rng)
        classTargets = GroupRegistry.targets(campus: campus, rows: rows)
        cases.unregisteredTarget = withoutGroup.map { campus.classes[$0].name + "级群" } ?? ""
    }

    /// The drafts cut or padded to about `count` rows (all of them when nil),
    /// in file order: cut rows go by priority, then from the end; padding
    /// comes after, a league-branch group (团支部群) per class, then clubs.
    private static func sized(_ drafts: [Draft], to count: Int?, campus: Campus, classRoster: [Int],
                              classMembers: [[Int]], rng: inout Random) -> [RegisteredGroup] {
        guard let count else { return drafts.map(\.row) }
        if count <= drafts.count {
            let kept = Set(drafts.indices.sorted { (drafts[$0].priority, $0) < (drafts[$1].priority, $1) }.prefix(count))
            return drafts.indices.filter(kept.contains).map { drafts[$0].row }
        }
        var rows = drafts.map(\.row)
        var k = 0
        while rows.count < count {
            if k < campus.classes.count {
                let cls = campus.classes[k]
                var group = RegisteredGroup(groupName: cls.name + "团支部群", type: "微信群",
                                            college: campus.colleges[cls.college].name,
                                            branch: campus.branches[cls.branch].name, className: cls.name, org: "团支部",
                                            registered: Day(year: cls.grade, month: 10, day: 1 + rng.below(28)),
                                            memberCount: classRoster[k] + rng.below(2), status: "正常")
                if !classMembers[k].isEmpty {
                    let owner = campus.people[rng.pick(classMembers[k])]
                    (group.ownerID, group.owner) = (owner.id, owner.name)
                }
                rows.append(group)
            } else {
                let n = k - campus.classes.count
                let club = Vocabulary.clubs[n % Vocabulary.clubs.count]
                rows.append(RegisteredGroup(groupName: club + "\(n / Vocabulary.clubs.count + 1)群", type: "微信群",
                                            org: "校社团联合会", memberCount: 20 + rng.below(200), status: "正常"))
            }
            k += 1
        }
        return rows
    }

    /// Where each class shares to: its own group (or, without one, the
    /// unregistered group it uses anyway), its branch's group, the first
    /// student organisation's group, and a closed group's name still in use.
    private static func targets(campus: Campus, rows: [RegisteredGroup]) -> [[String]] {
        let open = rows.filter { !$0.isClosed }
        let byClass = Dictionary(open.filter { !$0.className.isEmpty && $0.groupName.hasSuffix("级群") }
                                     .map { ($0.className, $0.groupName) }, uniquingKeysWith: { a, _ in a })
        let byBranch = Dictionary(open.filter { $0.className.isEmpty && !$0.branch.isEmpty }.map { ($0.branch, $0.groupName) },
                                  uniquingKeysWith: { a, _ in a })
        let closedByClass = Dictionary(rows.filter(\.isClosed).map { ($0.className, $0.groupName) },
                                       uniquingKeysWith: { a, _ in a })
        let org = open.first { !$0.org.isEmpty && $0.college.isEmpty }?.groupName
        return campus.classes.map { cls in
            let own = byClass[cls.name] ?? cls.name + "级群"
            let branch = byBranch[campus.branches[cls.branch].name] ?? own
            return [own, branch, org ?? own] + (closedByClass[cls.name].map { [$0] } ?? [])
        }
    }
}
