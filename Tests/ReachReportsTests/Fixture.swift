import Foundation
import ReachMetrics
import ReachModel
@testable import ReachReports

/// A small hand-made report: three members in two classes, two days, and a
/// fourth member on leave throughout. The previous window has a day without
/// data and an off day. Figures are for formatting, they need not add up.
enum Fixture {
    static let asOf = Day(year: 2026, month: 11, day: 20)!
    static let day1 = Day(year: 2026, month: 11, day: 19)!
    /// The previous window: 2026-11-17 (no data) and 2026-11-18 (off).
    static let noData = Day(year: 2026, month: 11, day: 17)!
    static let offDay = Day(year: 2026, month: 11, day: 18)!

    static let zhang = Member(memberID: "007", name: "张三", className: "计科1班", branch: "第一支部",
                              college: "计算机学院", counsellor: "王老师")
    static let li = Member(memberID: "=1+1", name: "李,四", className: "计科1班", branch: "第一支部",
                           college: "计算机学院", counsellor: "-王")
    static let he = Member(memberID: "0123", name: "He said \"hi\"", className: "-计科2班", branch: "第二支部")
    static let zhao = Member(memberID: "2023009", name: "赵六", className: "计科1班", branch: "第一支部",
                             college: "计算机学院", counsellor: "王老师")

    static var options: MetricsOptions { MetricsOptions(asOf: asOf, window: 2, gapDays: 3, minRate: Ratio(6, 10)) }

    static var tables: MetricTables {
        let daily = [
            DailyRow(day: day1, scope: .all, group: "all", expected: 3, checkedIn: 2, reached: 3, sharers: 1, shares: 2,
                     commenters: 0, comments: 0, excused: 1),
            DailyRow(day: day1, scope: .college, group: "计算机学院", expected: 2, checkedIn: 2, reached: 2, sharers: 1,
                     shares: 2, commenters: 0, comments: 0),
            DailyRow(day: asOf, scope: .all, group: "all", expected: 3, checkedIn: 1, reached: 1, sharers: 0, shares: 0,
                     commenters: 1, comments: 1, excused: 1),
            DailyRow(day: asOf, scope: .class, group: "-计科2班", expected: 1, checkedIn: 0, reached: 0, sharers: 0,
                     shares: 0, commenters: 0, comments: 0),
        ]
        let groups = [
            GroupRow(scope: .all, group: "all", members: 3, memberDays: 6, checkinDays: 3, reachedDays: 4, fullDays: 0,
                     worstDay: asOf, worstCoverage: Ratio(1, 3), shares: 2, comments: 1, atRisk: 2,
                     previousCoverage: Ratio(1, 4), rank: 1, days: 2, excusedDays: 2),
            GroupRow(scope: .class, group: "计科1班", members: 2, memberDays: 4, checkinDays: 3, reachedDays: 4, fullDays: 1,
                     worstDay: asOf, worstCoverage: Ratio(1, 2), shares: 2, comments: 1, atRisk: 1,
                     previousCoverage: Ratio(5, 6), rank: 1, days: 2, excusedDays: 2),
            GroupRow(scope: .class, group: "-计科2班", members: 1, memberDays: 2, checkinDays: 0, reachedDays: 0, fullDays: 0,
                     worstDay: day1, worstCoverage: Ratio(0, 1), shares: 0, comments: 0, atRisk: 1,
                     previousCoverage: nil, rank: 2, days: 2),
        ]
        let members = [
            MemberRow(member: he, expectedDays: 2, checkinDays: 0, shares: 0, comments: 0, lastCheckin: nil,
                      daysSince: nil, currentStreak: 0, longestStreak: 0, missedRun: 2),
            MemberRow(member: li, expectedDays: 2, checkinDays: 1, shares: 0, comments: 1, lastCheckin: day1 - 4,
                      daysSince: 5, currentStreak: 0, longestStreak: 1, excusedDays: 1, missedRun: 3),
            MemberRow(member: zhang, expectedDays: 2, checkinDays: 2, shares: 2, comments: 0, lastCheckin: asOf,
                      daysSince: 0, currentStreak: 7, longestStreak: 2),
            // On leave all window: no expected day, so no check-in rate.
            MemberRow(member: zhao, expectedDays: 0, checkinDays: 0, shares: 0, comments: 0, lastCheckin: day1 - 10,
                      daysSince: 11, currentStreak: 0, longestStreak: 0, excusedDays: 2, missedRun: 0),
        ]
        let gaps = [
            GapRow(member: he, lastCheckin: nil, daysSince: nil, checkinRate: Ratio(0, 2), reasons: [.never, .lowRate],
                   missedRun: 2),
            GapRow(member: li, lastCheckin: day1 - 4, daysSince: 5, checkinRate: Ratio(1, 2), reasons: [.gap, .lowRate],
                   missedRun: 3, excusedDays: 1),
        ]
        let posts = [
            PostRow(contentID: "p1", shares: 2, sharers: 1, comments: 1, commenters: 1, featuredComments: 1),
            PostRow(contentID: "@p2", shares: 0, sharers: 0, comments: 1, commenters: 1, featuredComments: 0),
        ]
        let days = [
            DayRow(day: noData, data: false, checkinDay: true, expected: 0, excused: 0, note: ""),
            DayRow(day: offDay, data: true, checkinDay: false, expected: 0, excused: 0, note: "+校运会; 调休"),
            DayRow(day: day1, data: true, checkinDay: true, expected: 3, excused: 1, note: ""),
            DayRow(day: asOf, data: true, checkinDay: true, expected: 3, excused: 1, note: "补课"),
        ]
        let silent = [
            SilentRow(day: day1, college: "", branch: "第二支部", className: "-计科2班", expected: 1),
            SilentRow(day: asOf, college: "", branch: "第二支部", className: "-计科2班", expected: 1),
        ]
        return MetricTables(options: options, daily: daily, groups: groups, members: members, gaps: gaps, posts: posts,
                            days: days, silent: silent)
    }

    /// 2026-11-18 08:30:00 in Shanghai.
    static let published = Int64(Day(year: 2026, month: 11, day: 18)!.index) * 86_400 + 1_800

    static var input: ReportInput {
        ReportInput(
            tables: tables,
            quality: [
                FileOutcome(file: "名单.csv", kind: "members", status: .ingested, rows: 3, accepted: 3),
                FileOutcome(file: "checkins-11.csv", kind: "checkins", status: .ingested, rows: 10, accepted: 7,
                            duplicates: 2, rejected: 1),
                FileOutcome(file: "+weird.txt", kind: "", status: .rejected, reason: "unknown kind; rename the file"),
            ],
            rejects: [
                RowReject(file: "checkins-11.csv", line: 7, reason: "unparseable time", raw: "007,\"2026-13-01\"\t"),
            ],
            posts: ["p1": Post(contentID: "p1", title: "=HYPERLINK(\"x\")", publishedAt: published, reads: 120,
                               readsTotal: 150)],
            unknownMembers: [UnknownMember(memberID: "999", events: 4, firstDay: day1, lastDay: asOf)],
            zone: .shanghai,
            generatedAt: "2026-11-21 02:00:00")
    }

    static func text(_ url: URL) throws -> String {
        String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }
}
