import Testing
import ReachModel
@testable import ReachMetrics

/// The registry audit (registry.csv, featured.csv; contract v4) by hand.
/// A = 2026-11-10, W = 5: D = 11-06 … 11-10; the activity starts 11-05.
///
///   id  class  branch  college  roster                     active on A
///   a1  C1     B1      X                                   yes
///   a2  C1     B1      X        left 11-09                 no
///   a3  C1     B1      X        leave 11-07                yes
///   a4  C2     B1      X        left 11-10 (= A)           yes
///   a5  C3     B2      Y                                   yes
///   a6  C4     B2      Y        joined 11-11               no
///
/// C1 is off on 11-08 (calendar). Shares (member → target):
///   11-05 a1 → 二支部群 (before D)     11-06 a1 → 一班群, a5 → 野群
///   11-07 a3 → 一班群 (on leave)        11-08 a1 → 一班群 (off day)
///   11-09 a4 → 学院群, a6 → 野群 (not joined), a2 → 旧群 (still active)
///   11-10 a1 → (no target), a4 → 一班群
/// Counted: 一班群 2, 学院群 1, 旧群 1, 野群 1, 二支部群 0.
enum RegistryCampus {
    static func day(_ text: String) -> Day { Day(iso: "2026-" + text)! }
    static let asOf = day("11-10")
    static let first = day("11-05")
    static let options = MetricsOptions(asOf: asOf, window: 5, threads: 2)

    static let roster = [
        Member(memberID: "a1", name: "一", className: "C1", branch: "B1", college: "X"),
        Member(memberID: "a2", name: "二", className: "C1", branch: "B1", college: "X", left: day("11-09")),
        Member(memberID: "a3", name: "三", className: "C1", branch: "B1", college: "X"),
        Member(memberID: "a4", name: "四", className: "C2", branch: "B1", college: "X", left: day("11-10")),
        Member(memberID: "a5", name: "五", className: "C3", branch: "B2", college: "Y"),
        Member(memberID: "a6", name: "六", className: "C4", branch: "B2", college: "Y", joined: day("11-11")),
    ]

    static let registry = [
        RegisteredGroup(groupName: "一班群", className: "C1", ownerID: "a1", memberCount: 1),
        RegisteredGroup(groupName: "二支部群", type: "微信群", branch: "B1", ownerID: "a2", owner: "二"),
        RegisteredGroup(groupName: "学院群", type: "公众号", college: "X", org: "团委", ownerID: "a4",
                        registered: day("09-01"), memberCount: 5),
        RegisteredGroup(groupName: "无人群"),
        RegisteredGroup(groupName: "幽灵群", className: "C2", ownerID: "zz9", memberCount: 0),
        RegisteredGroup(groupName: "旧群", className: "C3", owner: "五", status: "注销"),
    ]

    /// `(day, member, target)`; `nil` target: a share without one.
    static let shares: [(String, Int32, String?)] = [
        ("11-05", 0, "二支部群"), ("11-06", 0, "一班群"), ("11-06", 4, "野群"), ("11-07", 2, "一班群"),
        ("11-08", 0, "一班群"), ("11-09", 3, "学院群"), ("11-09", 5, "野群"), ("11-09", 1, "旧群"),
        ("11-10", 0, nil), ("11-10", 3, "一班群"),
    ]

    static func activity(registry: [RegisteredGroup]? = registry, roster: [Member] = roster,
                         shares: [(String, Int32, String?)] = shares, featured: [FeaturedComment] = []) -> Activity {
        let targets = Array(Set(shares.compactMap(\.2))).sorted { $0.precedesByCodePoint($1) }
        let denominators = Denominators(
            calendar: [CalendarEntry(start: day("11-08"), end: day("11-08"), type: .off, className: "C1")],
            leave: [.init(member: 2, start: day("11-07"), end: day("11-07"))])
        var a = Activity(roster: roster, firstDay: first, asOf: asOf, contentIDs: ["p1", "p2"],
                         denominators: denominators, targets: targets, featuredComments: featured, registry: registry)
        for (d, member, target) in shares {
            let k = day(d) - first
            a.shares[k].members.append(member)
            a.shares[k].targets.append(target.map { Int32(targets.firstIndex(of: $0)!) } ?? -1)
        }
        return a
    }

    static func tables(_ activity: Activity) -> MetricTables { MetricsEngine.compute(activity, options: options) }

    /// Seconds of `text`'s day at `seconds` past midnight UTC (the zone
    /// does not matter to the metrics: they take the day as given).
    static func instant(_ text: String, _ seconds: Int64) -> Int64 { Int64(day(text).index) * 86_400 + seconds }
}

@Suite struct RegistryAuditTests {
    typealias C = RegistryCampus

    @Test func everyKindOfRowWithItsFiguresInOrder() throws {
        let rows = try #require(C.tables(C.activity()).registry)
        #expect(rows == [
            RegistryRow(college: "Y", branch: "B2", className: "C3", roster: 1, problems: [.noGroup]),
            RegistryRow(groupName: "一班群", className: "C1", ownerID: "a1", memberCount: 1, roster: 2, missing: 1,
                        sharesTo: 2, problems: [.missingMembers]),
            RegistryRow(groupName: "二支部群", type: "微信群", branch: "B1", ownerID: "a2", owner: "二", roster: 3,
                        sharesTo: 0, problems: [.ownerLeft, .unused]),
            RegistryRow(groupName: "幽灵群", className: "C2", ownerID: "zz9", memberCount: 0, roster: 1, missing: 1,
                        sharesTo: 0, problems: [.ownerNotOnRoster, .missingMembers, .unused]),
            RegistryRow(groupName: "无人群", sharesTo: 0, problems: [.noOwner, .unused]),
            RegistryRow(groupName: "旧群", sharesTo: 1, problems: [.unregistered]),
            RegistryRow(groupName: "野群", sharesTo: 1, problems: [.unregistered]),
            RegistryRow(groupName: "学院群", type: "公众号", college: "X", org: "团委", ownerID: "a4",
                        registered: C.day("09-01"), memberCount: 5, roster: 3, missing: 0, sharesTo: 1),
        ])
    }

    @Test func noRegistryNoRows() {
        let tables = C.tables(C.activity(registry: nil))
        #expect(tables.registry == nil)
        // An empty registry is a registry: every class with members active on A lacks a group.
        let empty = C.tables(C.activity(registry: [])).registry
        #expect(empty?.map(\.className) == ["C1", "C2", "C3", "", "", "", ""])
        #expect(empty?.map(\.groupName) == ["", "", "", "一班群", "学院群", "旧群", "野群"])
        #expect(empty?.map(\.roster) == [2, 1, 1, nil, nil, nil, nil])
        #expect(empty?.map(\.sharesTo) == [nil, nil, nil, 2, 1, 1, 1])
    }

    @Test func problemTokensInSpecOrder() {
        #expect(RegistryProblem.allCases.map(\.description)
                == ["unregistered", "no_group", "no_owner", "owner_not_on_roster", "owner_left", "missing_members", "unused"])
        #expect(RegistryRow(problems: [.noOwner, .missingMembers, .unused]).problemText == "no_owner;missing_members;unused")
        #expect(RegistryRow().problemText == "")
    }

    /// One registered group of class C1 (active on A: a1, a3) with a share
    /// to it unless said otherwise; each problem alone.
    @Test(arguments: [
        (RegisteredGroup(groupName: "一班群", className: "C1", owner: "张老师"), [RegistryProblem]()),
        (RegisteredGroup(groupName: "一班群", className: "C1"), [.noOwner]),
        (RegisteredGroup(groupName: "一班群", className: "C1", ownerID: "b9"), [.ownerNotOnRoster]),
        (RegisteredGroup(groupName: "一班群", className: "C1", ownerID: "a2"), [.ownerLeft]),
        (RegisteredGroup(groupName: "一班群", className: "C1", ownerID: "a4"), []),  // left on A: still there
        (RegisteredGroup(groupName: "一班群", className: "C1", owner: "x", memberCount: 1), [.missingMembers]),
        (RegisteredGroup(groupName: "一班群", className: "C1", owner: "x", memberCount: 2), []),
        (RegisteredGroup(groupName: "一班群", className: "C1", owner: "x", memberCount: 9), []),
        (RegisteredGroup(groupName: "二班群", className: "C1", owner: "x"), [.unused]),
    ])
    func eachProblemAlone(group: RegisteredGroup, problems: [RegistryProblem]) throws {
        let rows = try #require(C.tables(C.activity(registry: [group], shares: [("11-06", 0, "一班群")])).registry)
        let row = try #require(rows.first { $0.groupName == group.groupName })
        #expect(row.problems == problems)
        #expect(row.roster == 2)
    }

    @Test func missingIsEmptyWhenAFigureIsUnknown() throws {
        let rows = try #require(C.tables(C.activity(registry: [
            RegisteredGroup(groupName: "a", className: "C1", owner: "x"),           // member_count unknown
            RegisteredGroup(groupName: "b", owner: "x", memberCount: 0),             // names no level: roster unknown
            RegisteredGroup(groupName: "c", className: "C9", owner: "x", memberCount: 3),  // no such class: roster 0
        ], shares: [])).registry)
        let byName = Dictionary(uniqueKeysWithValues: rows.filter { !$0.groupName.isEmpty }.map { ($0.groupName, $0) })
        #expect(byName["a"]?.roster == 2)
        #expect(byName["a"]?.missing == nil)
        #expect(byName["b"]?.roster == nil)
        #expect(byName["b"]?.missing == nil)
        #expect(byName["c"]?.roster == 0)
        #expect(byName["c"]?.missing == 0)
        #expect(byName["c"]?.problems == [.unused])
    }

    @Test func rosterIsTheMostSpecificLevel() throws {
        // A group naming college X and class C2 stands for class C2 only.
        let rows = try #require(C.tables(C.activity(registry: [
            RegisteredGroup(groupName: "g", college: "X", branch: "B1", className: "C2", owner: "x"),
            RegisteredGroup(groupName: "h", college: "X", branch: "B1", owner: "x"),
        ], shares: [])).registry)
        #expect(rows.first { $0.groupName == "g" }?.roster == 1)
        #expect(rows.first { $0.groupName == "h" }?.roster == 3)
        // C1 and C3 have no group; C2 has g; h names no class, so covers none.
        #expect(rows.filter { $0.problems == [.noGroup] }.map(\.className) == ["C1", "C3"])
    }

    @Test func closedGroupHasNoRowAndCoversNoClass() throws {
        let rows = try #require(C.tables(C.activity(registry: [
            RegisteredGroup(groupName: "旧群", className: "C3", owner: "五", status: "closed"),
            RegisteredGroup(groupName: "新群", className: "C3", owner: "五", status: "CLOSED"),
        ], shares: [("11-06", 4, "旧群")])).registry)
        #expect(rows == [
            RegistryRow(college: "X", branch: "B1", className: "C1", roster: 2, problems: [.noGroup]),
            RegistryRow(college: "X", branch: "B1", className: "C2", roster: 1, problems: [.noGroup]),
            RegistryRow(college: "Y", branch: "B2", className: "C3", roster: 1, problems: [.noGroup]),
            RegistryRow(groupName: "旧群", sharesTo: 1, problems: [.unregistered]),
        ])
    }

    @Test func noGroupRowTakesTheFirstMembersPlace() throws {
        // Class K's members disagree on their college: the first by member_id wins.
        let roster = [
            Member(memberID: "k1", name: "甲", className: "K", branch: "B", college: "Q", left: C.day("11-01")),
            Member(memberID: "k2", name: "乙", className: "K", branch: "B", college: "P"),
        ]
        let rows = try #require(C.tables(C.activity(registry: [], roster: roster, shares: [])).registry)
        #expect(rows == [RegistryRow(college: "Q", branch: "B", className: "K", roster: 1, problems: [.noGroup])])
    }

    @Test func noGroupNeedsAMemberExpectedOnA() throws {
        // SPEC 3: "a row per class with expected members on A". K's only
        // member is on leave on A, L's day A is off by the calendar, M's
        // member is expected: only M lacks a group today.
        let roster = [
            Member(memberID: "k1", name: "甲", className: "K", branch: "B", college: "Q"),
            Member(memberID: "l1", name: "乙", className: "L", branch: "B", college: "Q"),
            Member(memberID: "m1", name: "丙", className: "M", branch: "B", college: "Q"),
        ]
        var activity = C.activity(registry: [], roster: roster, shares: [])
        activity.denominators = Denominators(
            calendar: [CalendarEntry(start: C.asOf, end: C.asOf, type: .off, className: "L")],
            leave: [.init(member: 0, start: C.day("11-09"), end: C.asOf)])
        let rows = try #require(C.tables(activity).registry)
        #expect(rows == [RegistryRow(college: "Q", branch: "B", className: "M", roster: 1, problems: [.noGroup])])
        // With no data on A (the export has not arrived) nobody is expected.
        activity.denominators.dataDays = [C.first...C.day("11-09")]
        #expect(try #require(C.tables(activity).registry) == [])
    }

    @Test func orderIsProblemsFirstThenNameClassCollegeBranch() {
        let rows = [
            RegistryRow(groupName: "b"),
            RegistryRow(groupName: "a"),
            RegistryRow(groupName: "z", problems: [.unused]),
            RegistryRow(className: "K2", problems: [.noGroup]),
            RegistryRow(college: "Y", className: "K1", problems: [.noGroup]),
            RegistryRow(college: "X", branch: "B2", className: "K1", problems: [.noGroup]),
            RegistryRow(college: "X", branch: "B1", className: "K1", problems: [.noGroup]),
        ]
        #expect(RegistryAudit.ordered(rows) == [rows[6], rows[5], rows[4], rows[3], rows[2], rows[1], rows[0]])
    }

    @Test func sharesCountOnlyByMembersExpectedThatDay() throws {
        let rows = try #require(C.tables(C.activity(registry: [
            RegisteredGroup(groupName: "一班群", className: "C1", owner: "x"),
        ])).registry)
        // 11-06 a1 and 11-10 a4; not a3 on leave, a1 on C1's off day, nor a share before D.
        #expect(rows.first { $0.groupName == "一班群" }?.sharesTo == 2)
        // a6 (not yet joined) made 野群's second share: only a5's counts.
        #expect(rows.first { $0.groupName == "野群" }?.sharesTo == 1)
        // 二支部群 had only a share before D: no row at all, not even unregistered.
        #expect(!rows.contains { $0.groupName == "二支部群" })
    }

    @Test func featuredCommentsOfExpectedMembersInTimeOrder() {
        let t = C.instant
        let featured = [
            FeaturedComment(member: 3, day: C.day("11-09"), instant: t("11-09", 600), content: 1, text: "同感"),
            FeaturedComment(member: 0, day: C.day("11-09"), instant: t("11-09", 600), content: 0, text: "写得好"),
            FeaturedComment(member: 0, day: C.day("11-06"), instant: t("11-06", 100), content: -1, text: "好文"),
            FeaturedComment(member: 2, day: C.day("11-07"), instant: t("11-07", 100), text: "on leave"),
            FeaturedComment(member: 0, day: C.day("11-05"), instant: t("11-05", 100), text: "before D"),
            FeaturedComment(member: 0, day: C.day("11-08"), instant: t("11-08", 100), text: "off day"),
            FeaturedComment(member: 5, day: C.day("11-10"), instant: t("11-10", 100), text: "not joined"),
            FeaturedComment(member: 9, day: C.day("11-10"), instant: t("11-10", 100), text: "no such member"),
        ]
        let rows = C.tables(C.activity(featured: featured)).featured
        #expect(rows == [
            FeaturedRow(member: C.roster[0], day: C.day("11-06"), instant: t("11-06", 100), contentID: "", text: "好文"),
            FeaturedRow(member: C.roster[0], day: C.day("11-09"), instant: t("11-09", 600), contentID: "p1", text: "写得好"),
            FeaturedRow(member: C.roster[3], day: C.day("11-09"), instant: t("11-09", 600), contentID: "p2", text: "同感"),
        ])
    }
}
