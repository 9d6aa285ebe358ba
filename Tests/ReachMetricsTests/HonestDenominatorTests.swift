import ReachTestSupport
import Testing
import ReachModel
@testable import ReachMetrics

/// Contract v2 by hand: data days, check-in days from the calendar and
/// the weekday rule, leave. W = 7, A = 2026-11-07 (a Saturday), D = 11-01
/// (Sunday) … 11-07, `--off-weekdays sat,sun`.
///
/// Calendar: all off 11-03…04 (运动会), all on 11-07 (补班, a Saturday),
/// class C1 on 11-04 (inside the all-level off), class C2 off 11-05…06.
/// Data: two checkins exports, 10-20…11-05 and 11-07: 11-06 has no data.
///
///   day      11-01 02  03  04  05  06  07
///   C1       Sun   ✓   off ✓   ✓   —   ✓     (— no data)
///   C2       Sun   ✓   off off off —   ✓
///
///   id  class  roster        leave          check-ins
///   b1  C1                                  11-02 03 04 06 07
///   b2  C1                   11-04…05       11-02
///   b3  C2                                  never
///   b4  C2                   10-29…11-09    10-27, 11-02 (on leave: counts nowhere)
///   b5  C1     joined 11-05                 11-05
///   b6  C1                                  10-30
enum Campus {
    static func day(_ text: String) -> Day { Day(iso: text)! }
    static let asOf = day("2026-11-07")
    static let options = MetricsOptions(asOf: asOf, window: 7, gapDays: 3, minRate: Ratio(6, 10), threads: 2,
                                        offWeekdays: [6, 7])

    static let roster = [
        Member(memberID: "b1", name: "一", className: "C1", branch: "B1", college: "X"),
        Member(memberID: "b2", name: "二", className: "C1", branch: "B1", college: "X"),
        Member(memberID: "b3", name: "三", className: "C2", branch: "B2", college: "Y"),
        Member(memberID: "b4", name: "四", className: "C2", branch: "B2", college: "Y"),
        Member(memberID: "b5", name: "五", className: "C1", branch: "B1", college: "X", joined: day("2026-11-05")),
        Member(memberID: "b6", name: "六", className: "C1", branch: "B1", college: "X"),
    ]

    static let calendar = [
        CalendarEntry(start: day("2026-11-03"), end: day("2026-11-04"), type: .off, note: "运动会"),
        CalendarEntry(start: day("2026-11-07"), end: day("2026-11-07"), type: .on, note: "补班"),
        CalendarEntry(start: day("2026-11-04"), end: day("2026-11-04"), type: .on, className: "C1", note: "补课"),
        CalendarEntry(start: day("2026-11-05"), end: day("2026-11-06"), type: .off, college: "Y", className: "C2", note: "实习"),
    ]

    static func activity(dataDays: [ClosedRange<Day>] = [day("2026-10-20")...day("2026-11-05"), asOf...asOf]) -> Activity {
        let first = day("2026-10-20")
        let denominators = Denominators(dataDays: dataDays, calendar: calendar, leave: [
            .init(member: 1, start: day("2026-11-04"), end: day("2026-11-05")),
            .init(member: 3, start: day("2026-10-29"), end: day("2026-11-09")),
        ])
        var a = Activity(roster: roster, firstDay: first, asOf: asOf, denominators: denominators)
        for (m, days) in [(0, ["11-02", "11-03", "11-04", "11-06", "11-07"]), (1, ["11-02"]), (3, ["10-27", "11-02"]),
                          (4, ["11-05"]), (5, ["10-30"])] {
            for d in days { a.checkins[day("2026-" + d) - first].members.append(Int32(m)) }
        }
        return a
    }
}

@Suite struct HonestDenominatorTests {
    let tables = MetricsEngine.compute(Campus.activity(), options: Campus.options)

    @Test func onlyExpectedDaysHaveDailyRows() {
        let all = tables.daily.filter { $0.scope == .all }
        #expect(all.map(\.day.description) == ["2026-11-02", "2026-11-04", "2026-11-05", "2026-11-07"])
        #expect(all.map(\.expected) == [4, 2, 3, 5])
        #expect(all.map(\.excused) == [1, 1, 1, 1])
        // b1's check-ins on the holiday (11-03) and the day without data (11-06) count nowhere.
        #expect(all.map(\.checkedIn) == [2, 1, 1, 1])
        let c2 = tables.daily.filter { $0.group == "C2" }
        #expect(c2.map(\.day.description) == ["2026-11-02", "2026-11-07"])
        #expect(c2.map(\.expected) == [1, 1] && c2.map(\.excused) == [1, 1])
    }

    @Test func groupsCountDaysAndExcusedDays() throws {
        let all = try #require(tables.groups.first { $0.scope == .all })
        #expect(all.members == 5, "b4 is excused on every day of D")
        #expect(all.memberDays == 14 && all.checkinDays == 5 && all.days == 4 && all.excusedDays == 4)
        let c2 = try #require(tables.groups.first { $0.group == "C2" })
        #expect(c2.members == 1 && c2.memberDays == 2 && c2.checkinDays == 0 && c2.days == 2 && c2.excusedDays == 2)
    }

    @Test func memberFiguresWalkExpectedDaysOnly() throws {
        #expect(tables.members.map(\.member.memberID) == ["b1", "b2", "b5", "b6", "b3", "b4"])
        func row(_ id: String) throws -> MemberRow { try #require(tables.members.first { $0.member.memberID == id }) }
        let b1 = try row("b1")
        #expect(b1.expectedDays == 4 && b1.checkinDays == 3 && b1.excusedDays == 0)
        // 11-02 ✓ 11-04 ✓ (the holiday between neither breaks nor extends), 11-05 ✗, 11-07 ✓.
        #expect(b1.longestStreak == 2 && b1.currentStreak == 1 && b1.missedRun == 0)
        #expect(b1.lastCheckin == Campus.day("2026-11-07"))
        let b2 = try row("b2")
        #expect(b2.expectedDays == 2 && b2.checkinDays == 1 && b2.excusedDays == 2)
        #expect(b2.currentStreak == 0 && b2.missedRun == 1 && b2.longestStreak == 1, "leave days are skipped")
        let b3 = try row("b3")
        // Every expected day since the first data day: 10-20…23, 10-26…30, 11-02, 11-07.
        #expect(b3.expectedDays == 2 && b3.lastCheckin == nil && b3.missedRun == 11)
        let b4 = try row("b4")
        #expect(b4.expectedDays == 0 && b4.excusedDays == 2 && b4.checkinRate == nil, "excused only")
        #expect(b4.checkinDays == 0 && b4.lastCheckin == Campus.day("2026-10-27") && b4.daysSince == 11)
        #expect(b4.currentStreak == 0 && b4.missedRun == 1, "back from 10-28, her last expected day")
        let b5 = try row("b5")
        #expect(b5.expectedDays == 2 && b5.checkinDays == 1 && b5.missedRun == 1 && b5.longestStreak == 1)
        let b6 = try row("b6")
        // Missed 11-07, 11-05, 11-04, 11-02 since 10-30; the weekend, holiday and no-data day are not misses.
        #expect(b6.expectedDays == 4 && b6.missedRun == 4 && b6.daysSince == 8)
    }

    @Test func theGapListCountsMissedCheckinDays() {
        #expect(tables.gaps.map(\.member.memberID) == ["b6", "b2", "b5", "b3"])
        #expect(tables.gaps.map(\.reasonText) == ["gap;low_rate", "low_rate", "low_rate", "never;low_rate"])
        #expect(tables.gaps.map(\.missedRun) == [4, 1, 1, 11])
        #expect(tables.gaps.map(\.excusedDays) == [0, 2, 0, 0])
    }

    @Test func daysAndSilentClasses() {
        let d = tables.days.suffix(7)
        #expect(tables.days.count == 14 && tables.days.first?.day == Campus.day("2026-10-25"))
        #expect(d.map(\.data) == [true, true, true, true, true, false, true])
        #expect(d.map(\.checkinDay) == [false, true, false, false, true, true, true])
        #expect(d.map(\.expected) == [0, 4, 0, 2, 3, 0, 5])
        #expect(d.map(\.excused) == [0, 1, 0, 1, 1, 0, 1])
        #expect(d.map(\.note) == ["", "", "运动会", "运动会", "", "", "补班"])
        #expect(tables.silent == [
            SilentRow(day: Campus.day("2026-11-02"), college: "Y", branch: "B2", className: "C2", expected: 1),
            SilentRow(day: Campus.day("2026-11-07"), college: "Y", branch: "B2", className: "C2", expected: 1),
        ])
    }

    /// A without data: its day counts nowhere; figures come from the days with data.
    @Test func anAsOfDayWithoutData() throws {
        let t = MetricsEngine.compute(Campus.activity(dataDays: [Campus.day("2026-10-20")...Campus.day("2026-11-05")]),
                                      options: Campus.options)
        #expect(t.days.last?.data == false && t.days.last?.expected == 0)
        let b1 = try #require(t.members.first { $0.member.memberID == "b1" })
        #expect(b1.expectedDays == 3 && b1.checkinDays == 2 && b1.currentStreak == 0 && b1.missedRun == 1)
        #expect(b1.lastCheckin == Campus.day("2026-11-04"), "the check-in on A counts nowhere")
        #expect(t.daily.filter { $0.scope == .all }.map(\.day.description) == ["2026-11-02", "2026-11-04", "2026-11-05"])
    }

    /// Days before the first export have no data: the previous window's
    /// coverage comes from its days with data only (10-28…31), never from
    /// zeros, and b4's check-in of 10-27 counts nowhere.
    @Test func daysBeforeTheFirstExport() throws {
        let t = MetricsEngine.compute(Campus.activity(dataDays: [Campus.day("2026-10-28")...Campus.day("2026-11-05"),
                                                                 Campus.asOf...Campus.asOf]),
                                      options: Campus.options)
        #expect(t.days.prefix(4).map(\.data) == [false, false, false, true])  // 10-25 … 10-28
        let all = try #require(t.groups.first { $0.scope == .all })
        // Expected 10-28: b1 b2 b3 b4 b6; 10-29 and 10-30: b1 b2 b3 b6 (b4 on leave); b6 checked in on 10-30.
        #expect(all.previousCoverage == Ratio(1, 13))
        let b4 = try #require(t.members.first { $0.member.memberID == "b4" })
        #expect(b4.lastCheckin == nil && b4.missedRun == 1, "10-27 has no data; 10-28 was missed")
        let b3 = try #require(t.members.first { $0.member.memberID == "b3" })
        #expect(b3.missedRun == 5, "10-28, 29, 30, 11-02, 11-07: nothing before the first data day")
    }

    @Test(arguments: [1, 2, 5]) func identicalForAnyThreadCount(threads: Int) {
        var options = Campus.options
        options.threads = threads
        let t = MetricsEngine.compute(Campus.activity(), options: options)
        #expect(t.daily == tables.daily && t.groups == tables.groups && t.members == tables.members)
        #expect(t.gaps == tables.gaps && t.days == tables.days && t.silent == tables.silent)
    }

    @Test func isoWeekdays() {
        #expect(CheckinCalendar.isoWeekday(Campus.day("2026-11-07")) == 6)
        #expect(CheckinCalendar.isoWeekday(Campus.day("2026-11-01")) == 7)
        #expect(CheckinCalendar.isoWeekday(Campus.day("2026-11-02")) == 1)
        #expect(CheckinCalendar.isoWeekday(Day(index: -1)) == 3)
    }
}

/// The class-key counts (difference arrays over active ranges and merged
/// leave) equal a count of the member bitsets, on a random school with
/// overlapping leave, joined and left dates, and calendar rows of every level.
@Suite struct KeyCountTests {
    @Test(arguments: [1, 2, 3]) func keyCountsEqualTheBits(seed: UInt64) {
        var rng = SplitMix(seed: seed)
        let base = Campus.day("2026-09-01")
        let asOf = Campus.day("2026-11-30")
        var roster: [Member] = []
        for i in 0..<300 {
            let joined: Day? = rng.next() % 4 == 0 ? base + Int(rng.next() % 80) : nil
            let left: Day? = rng.next() % 5 == 0 ? base + 40 + Int(rng.next() % 60) : nil
            roster.append(Member(memberID: String(format: "m%03d", i), name: "n", className: "C\(rng.next() % 9)",
                                 branch: "B\(rng.next() % 3)", college: rng.next() % 7 == 0 ? "" : "X\(rng.next() % 2)",
                                 joined: joined, left: left))
        }
        roster.sort { $0.memberID < $1.memberID }
        var leave: [Denominators.MemberLeave] = []
        for _ in 0..<200 {
            let start = base + Int(rng.next() % 90)
            leave.append(.init(member: Int32(rng.next() % 300), start: start, end: start + Int(rng.next() % 6)))
        }
        let calendar = [
            CalendarEntry(start: base + 30, end: base + 36, type: .off),
            CalendarEntry(start: base + 33, end: base + 33, type: .on, college: "X1"),
            CalendarEntry(start: base + 50, end: base + 55, type: .off, branch: "B2"),
            CalendarEntry(start: base + 52, end: base + 52, type: .on, branch: "B2", className: "C4"),
            CalendarEntry(start: base + 60, end: base + 61, type: .on),
        ]
        let denominators = Denominators(dataDays: [base...base + 70, base + 75...asOf], calendar: calendar, leave: leave)
        let groups = GroupIndex(roster: roster)
        let e = Expectation(roster: roster, groups: groups, denominators: denominators, base: base, asOf: asOf,
                            offWeekdays: [7], threads: 2)
        let first = base + 10, days = asOf - first + 1
        let (expected, excused) = e.keyCounts(from: first, days: days)
        for key in e.keyMember.indices {
            for k in 0..<days {
                var bitsExpected: Int32 = 0, bitsExcused: Int32 = 0
                let bit = first - base + k
                for m in roster.indices where e.keyOf[m] == Int32(key) {
                    if e.expected[m * e.wordsPerMember + bit >> 6] >> UInt64(bit & 63) & 1 == 1 { bitsExpected += 1 }
                    if e.excused[m * e.wordsPerMember + bit >> 6] >> UInt64(bit & 63) & 1 == 1 { bitsExcused += 1 }
                }
                #expect(expected[key * days + k] == bitsExpected && excused[key * days + k] == bitsExcused, "key \(key), day \(k)")
            }
        }
    }
}

/// The day-major copy of the expected bits, made by 64 × 64 transposes.
@Suite struct TransposeTests {
    @Test func transpose64MatchesTheDefinition() {
        var rng = SplitMix(seed: 9)
        let a = (0..<64).map { _ in rng.next() }
        var t = a
        Expectation.transpose64(&t)
        for r in 0..<64 {
            for c in 0..<64 { #expect((t[c] >> UInt64(r)) & 1 == (a[r] >> UInt64(c)) & 1) }
        }
    }

    @Test func dayMajorRowsAnswerAsTheMemberBits() {
        var rng = SplitMix(seed: 4)
        let n = 130, wpm = 3, days = 150
        let bits = (0..<(n * wpm)).map { _ in rng.next() }
        let (rows, memberWords) = Expectation.transposed(bits, members: n, wordsPerMember: wpm, days: days, threads: 2)
        #expect(memberWords == 3)
        for m in 0..<n {
            for d in 0..<days {
                let memberBit = bits[m * wpm + d / 64] >> UInt64(d % 64) & 1
                let dayBit = rows[d * memberWords + m / 64] >> UInt64(m % 64) & 1
                #expect(memberBit == dayBit)
            }
        }
    }
}
