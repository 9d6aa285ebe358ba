import Testing
import ReachModel
@testable import ReachMetrics

/// One small school, computed by hand. Window W = 7, A = 2026-11-07,
/// D = 11-01…11-07, previous window 10-25…10-31.
///
///   id  name class branch college  expected           counted check-ins
///   a1  甲   C1    B1     X        always             10-20, 11-01 02 03 05 06 07
///   a2  乙   C1    B1     X        from 11-03         11-03 04 (11-01 is before joined: not counted)
///   a3  丙   C2    B1     (none)   always             never
///   a4  丁   C2    B2     Y        until 11-05        10-30 31, 11-01 02 05 (11-06 is after left: not counted)
///
/// Shares: a1 two of P1 on 11-02, a3 one of P2 on 11-02, a4 one of P1 on 11-06 (not expected).
/// Comments: a2 one featured on P1 on 11-04, a3 one with no content_id on 11-05.
enum School {
    static func day(_ text: String) -> Day { Day(iso: text)! }
    static let asOf = day("2026-11-07")
    static let options = MetricsOptions(asOf: asOf, window: 7, gapDays: 3, minRate: Ratio(6, 10), threads: 2)

    static let roster = [
        Member(memberID: "a1", name: "甲", className: "C1", branch: "B1", college: "X", counsellor: "李老师"),
        Member(memberID: "a2", name: "乙", className: "C1", branch: "B1", college: "X", joined: day("2026-11-03")),
        Member(memberID: "a3", name: "丙", className: "C2", branch: "B1", college: ""),
        Member(memberID: "a4", name: "丁", className: "C2", branch: "B2", college: "Y", left: day("2026-11-05")),
    ]

    static var activity: Activity {
        let first = day("2026-10-20")
        var a = Activity(roster: roster, firstDay: first, asOf: asOf, contentIDs: ["P1", "P2"])
        func at(_ d: String) -> Int { day(d) - first }
        for (id, days) in [(0, ["2026-10-20", "2026-11-01", "2026-11-02", "2026-11-03", "2026-11-05", "2026-11-06", "2026-11-07"]),
                           (1, ["2026-11-01", "2026-11-03", "2026-11-04"]),
                           (3, ["2026-10-30", "2026-10-31", "2026-11-01", "2026-11-02", "2026-11-05", "2026-11-06"])] {
            for d in days { a.checkins[at(d)].members.append(Int32(id)) }
        }
        a.shares[at("2026-11-02")] = DayEvents(members: [0, 0, 2], contents: [0, 0, 1])
        a.shares[at("2026-11-06")] = DayEvents(members: [3], contents: [0])
        a.comments[at("2026-11-04")] = DayEvents(members: [1], contents: [0], featured: [true])
        a.comments[at("2026-11-05")] = DayEvents(members: [2], contents: [-1], featured: [false])
        return a
    }
}

@Suite struct HandComputedTests {
    let tables = MetricsEngine.compute(School.activity, options: School.options)

    @Test func dailyForTheWholeSchool() {
        let all = tables.daily.filter { $0.scope == .all }
        // expected: a1 a3 a4 on 11-01/02; a2 joins 11-03; a4 leaves after 11-05.
        #expect(all.map(\.expected) == [3, 3, 4, 4, 4, 3, 3])
        // checked in: 11-01 a1 a4 · 11-02 a1 a4 · 11-03 a1 a2 · 11-04 a2 · 11-05 a1 a4 · 11-06 a1 · 11-07 a1
        #expect(all.map(\.checkedIn) == [2, 2, 2, 1, 2, 1, 1])
        // reached adds a3's share (11-02) and comment (11-05).
        #expect(all.map(\.reached) == [2, 3, 2, 1, 3, 1, 1])
        #expect(all.map(\.shares) == [0, 3, 0, 0, 0, 0, 0])
        #expect(all.map(\.sharers) == [0, 2, 0, 0, 0, 0, 0])
        #expect(all.map(\.comments) == [0, 0, 0, 1, 1, 0, 0])
        #expect(all.map(\.commenters) == [0, 0, 0, 1, 1, 0, 0])
        #expect(all.map { $0.coverage.fixed4 } == ["0.6667", "0.6667", "0.5000", "0.2500", "0.5000", "0.3333", "0.3333"])
        #expect(all.first?.day == School.day("2026-11-01"))
    }

    @Test func dailyRowOrderAndEmptyGroups() {
        let first = tables.daily.prefix { $0.day == School.day("2026-11-01") }
        // all, college X, Y (a3 has no college), branch B1, B2, class C1, C2.
        #expect(first.map { "\($0.scope)/\($0.group)" } == ["all/all", "college/X", "college/Y", "branch/B1", "branch/B2", "class/C1", "class/C2"])
        // B2 and Y (only a4) have nobody expected on 11-06 and 11-07: no rows.
        let last = tables.daily.filter { $0.day == School.asOf }.map(\.group)
        #expect(last == ["all", "X", "B1", "C1", "C2"])
    }

    @Test func windowForTheWholeSchool() throws {
        let all = try #require(tables.groups.first)
        #expect(all.scope == .all && all.group == "all")
        #expect(all.members == 4)
        #expect(all.memberDays == 24)        // 3+3+4+4+4+3+3
        #expect(all.checkinDays == 11)       // 2+2+2+1+2+1+1
        #expect(all.coverage.fixed4 == "0.4583")   // 11/24
        #expect(all.reachedDays == 13)       // 2+3+2+1+3+1+1
        #expect(all.reachRate.fixed4 == "0.5417")  // 13/24
        #expect(all.fullDays == 0)
        #expect(all.worstDay == School.day("2026-11-04"))  // 1/4
        #expect(all.worstCoverage == Ratio(1, 4))
        #expect(all.shares == 3 && all.comments == 2)
        #expect(all.atRisk == 2)             // a2 and a3
        // previous window: a1 a3 a4 expected 7 days each = 21; a4 checked in 10-30 and 10-31.
        #expect(all.previousCoverage == Ratio(2, 21))
        #expect(all.previousCoverage?.fixed4 == "0.0952")
        #expect(all.delta == Ratio(183, 504))  // 11/24 − 2/21
        #expect(all.delta?.fixed4 == "0.3631")
        #expect(all.rank == 1)
    }

    @Test func windowPerClassBranchCollege() throws {
        func row(_ scope: Scope, _ name: String) throws -> GroupRow {
            try #require(tables.groups.first { $0.scope == scope && $0.group == name })
        }
        let c1 = try row(.class, "C1")
        // C1: a1 every day, a2 from 11-03: expected 1,1,2,2,2,2,2 = 12; checked 1,1,2,1,1,1,1 = 8.
        #expect(c1.memberDays == 12 && c1.checkinDays == 8)
        #expect(c1.coverage.fixed4 == "0.6667")
        #expect(c1.fullDays == 3)                      // 11-01 1/1, 11-02 1/1, 11-03 2/2
        #expect(c1.worstDay == School.day("2026-11-04") && c1.worstCoverage == Ratio(1, 2))  // earliest of the 1/2 days
        #expect(c1.previousCoverage == Ratio(0, 7))    // a1 only, no check-in
        #expect(c1.delta?.fixed4 == "0.6667")
        #expect(c1.atRisk == 1 && c1.shares == 2 && c1.comments == 1 && c1.members == 2)
        let c2 = try row(.class, "C2")
        // C2: a3 7 days + a4 5 days = 12; a4 checked in 3 times.
        #expect(c2.memberDays == 12 && c2.checkinDays == 3)
        #expect(c2.worstDay == School.day("2026-11-03") && c2.worstCoverage == Ratio(0, 2))
        #expect(c2.previousCoverage == Ratio(2, 14))
        #expect(c2.delta == Ratio(3, 28))              // 1/4 − 1/7
        #expect(c2.delta?.fixed4 == "0.1071")
        #expect(c1.rank == 1 && c2.rank == 2)
        let b2 = try row(.branch, "B2")
        #expect(b2.memberDays == 5 && b2.checkinDays == 3 && b2.fullDays == 3 && b2.rank == 1)
        let b1 = try row(.branch, "B1")
        #expect(b1.coverage.fixed4 == "0.4211" && b1.rank == 2)   // 8/19
        let x = try row(.college, "X"), y = try row(.college, "Y")
        #expect(x.coverage == Ratio(8, 12) && x.rank == 1)
        #expect(y.coverage == Ratio(3, 5) && y.rank == 2)
        #expect(!tables.groups.contains { $0.scope == .college && $0.group.isEmpty })
        #expect(tables.groups.map { "\($0.scope)/\($0.group)" } == ["all/all", "college/X", "college/Y", "branch/B2", "branch/B1", "class/C1", "class/C2"])
    }

    @Test func memberFigures() throws {
        #expect(tables.members.map(\.member.memberID) == ["a3", "a1", "a2", "a4"])  // college "" < X < Y
        func row(_ id: String) throws -> MemberRow { try #require(tables.members.first { $0.member.memberID == id }) }
        let a1 = try row("a1")
        #expect(a1.expectedDays == 7 && a1.checkinDays == 6 && a1.checkinRate?.fixed4 == "0.8571")
        #expect(a1.shares == 2 && a1.comments == 0)
        #expect(a1.lastCheckin == School.asOf && a1.daysSince == 0)
        #expect(a1.currentStreak == 3 && a1.longestStreak == 3)   // 11-05…07; 11-01…03
        let a2 = try row("a2")
        #expect(a2.expectedDays == 5 && a2.checkinDays == 2 && a2.checkinRate == Ratio(2, 5))
        #expect(a2.comments == 1 && a2.lastCheckin == School.day("2026-11-04") && a2.daysSince == 3)
        #expect(a2.currentStreak == 0 && a2.longestStreak == 2)
        let a3 = try row("a3")
        #expect(a3.checkinDays == 0 && a3.lastCheckin == nil && a3.daysSince == nil)
        #expect(a3.shares == 1 && a3.comments == 1 && a3.currentStreak == 0 && a3.longestStreak == 0)
        let a4 = try row("a4")
        // 11-06 is after left: not counted, so last_checkin is 11-05 and the share that day is not counted.
        #expect(a4.expectedDays == 5 && a4.checkinDays == 3 && a4.checkinRate?.fixed4 == "0.6000")
        #expect(a4.shares == 0 && a4.lastCheckin == School.day("2026-11-05") && a4.daysSince == 2)
        // Contract v2 (SPEC 6.12): the streak counts back from a4's last expected day, 11-05.
        #expect(a4.currentStreak == 1 && a4.longestStreak == 2 && a4.missedRun == 0)
        // missed_run: a2 missed 11-05…07 after checking in on 11-04; a1 checked in on A.
        #expect(a1.missedRun == 0 && a2.missedRun == 3)
    }

    @Test func gapList() {
        // a1: 6/7, days_since 0 → fine. a4: not expected on A → not listed.
        #expect(tables.gaps.map(\.member.memberID) == ["a2", "a3"])
        #expect(tables.gaps.map(\.reasonText) == ["gap;low_rate", "never;low_rate"])
        #expect(tables.gaps[0].daysSince == 3 && tables.gaps[1].daysSince == nil)
    }

    @Test func posts() {
        // P1: a1's two shares; a2's featured comment. P2: a3's share. a4's share on 11-06 and
        // a3's comment without content_id are left out.
        #expect(tables.posts == [
            PostRow(contentID: "P1", shares: 2, sharers: 1, comments: 1, commenters: 1, featuredComments: 1),
            PostRow(contentID: "P2", shares: 1, sharers: 1, comments: 0, commenters: 0, featuredComments: 0),
        ])
    }
}
