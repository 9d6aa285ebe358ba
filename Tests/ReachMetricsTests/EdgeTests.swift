import Testing
import ReachModel
@testable import ReachMetrics

@Suite struct EdgeTests {
    static func day(_ text: String) -> Day { Day(iso: text)! }

    /// One class per member, so each group's coverage is that member's.
    static func ranked(_ checkins: [Int], expected: Int = 4) -> MetricTables {
        let asOf = day("2026-11-04")
        let names = ["d", "b", "c", "a"]
        let roster = names.enumerated().map { Member(memberID: "m\($0.offset)", name: $0.element, className: $0.element, branch: "B") }
        var a = Activity(roster: roster, firstDay: asOf - (expected - 1), asOf: asOf)
        for (m, n) in checkins.enumerated() {
            for d in 0..<n { a.checkins[d].members.append(Int32(m)) }
        }
        return MetricsEngine.compute(a, options: MetricsOptions(asOf: asOf, window: expected, threads: 1))
    }

    @Test func competitionRankingWithTiesByName() {
        // coverages: d 2/4, b 2/4, c 1/4, a 4/4  →  a 1, b 2, d 2, c 4
        let classes = Self.ranked([2, 2, 1, 4]).groups.filter { $0.scope == .class }
        #expect(classes.map(\.group) == ["a", "b", "d", "c"])
        #expect(classes.map(\.rank) == [1, 2, 2, 4])
    }

    @Test func lowRateComparesExactly() {
        // 3/5 = 0.6 is not below 0.6; 2/5 is.
        let asOf = Self.day("2026-11-05")
        let roster = [Member(memberID: "x", name: "x", className: "K", branch: "B"),
                      Member(memberID: "y", name: "y", className: "K", branch: "B")]
        var a = Activity(roster: roster, firstDay: asOf - 4, asOf: asOf)
        for d in [0, 1, 4] { a.checkins[d].members.append(0) }
        for d in [3, 4] { a.checkins[d].members.append(1) }
        let t = MetricsEngine.compute(a, options: MetricsOptions(asOf: asOf, window: 5, threads: 1))
        #expect(t.gaps.map(\.member.memberID) == ["y"])
        #expect(t.gaps.first?.reasonText == "low_rate")
    }

    @Test func asOfBeforeJoinedAndWindowBeforeAnyData() {
        let asOf = Self.day("2026-11-05")
        let roster = [Member(memberID: "late", name: "晚", className: "K", branch: "B", joined: Self.day("2026-11-10")),
                      Member(memberID: "on", name: "在", className: "K", branch: "B")]
        let a = Activity(roster: roster, firstDay: asOf - 13, asOf: asOf)
        let t = MetricsEngine.compute(a, options: MetricsOptions(asOf: asOf, window: 7, threads: 2))
        #expect(t.members.map(\.member.memberID) == ["on"])
        #expect(t.gaps.map(\.reasonText) == ["never;low_rate"])
        let all = t.groups.first!
        #expect(all.coverage == Ratio(0, 7) && all.fullDays == 0 && all.worstDay == asOf - 6)
        #expect(all.previousCoverage == Ratio(0, 7))
        #expect(all.delta?.fixed4 == "0.0000")
        #expect(t.posts.isEmpty)
    }

    @Test func checkinBeforeJoinedDoesNotKeepAMemberOffNever() {
        let asOf = Self.day("2026-11-05")
        let roster = [Member(memberID: "n", name: "新", className: "K", branch: "B", joined: Self.day("2026-11-04"))]
        var a = Activity(roster: roster, firstDay: asOf - 4, asOf: asOf)
        a.checkins[0].members = [0]  // 11-01, before joined
        let t = MetricsEngine.compute(a, options: MetricsOptions(asOf: asOf, window: 5, gapDays: 1, threads: 1))
        #expect(t.members.first?.lastCheckin == nil)
        #expect(t.gaps.first?.reasonText == "never;low_rate")  // never, and no `gap` next to it
    }

    @Test func groupRowsNeedMemberDaysAndPreviousCanBeEmpty() {
        let asOf = Self.day("2026-11-05")
        let roster = [Member(memberID: "g", name: "g", className: "Gone", branch: "B", left: Self.day("2026-10-01")),
                      Member(memberID: "h", name: "h", className: "New", branch: "B", joined: Self.day("2026-11-04"))]
        var a = Activity(roster: roster, firstDay: asOf - 9, asOf: asOf)
        a.checkins[9].members = [1]
        let t = MetricsEngine.compute(a, options: MetricsOptions(asOf: asOf, window: 5, threads: 1))
        #expect(t.groups.filter { $0.scope == .class }.map(\.group) == ["New"])
        let new = t.groups.first { $0.group == "New" }!
        #expect(new.previousCoverage == nil && new.delta == nil)
        #expect(new.memberDays == 2 && new.checkinDays == 1 && new.members == 1)
    }
}
