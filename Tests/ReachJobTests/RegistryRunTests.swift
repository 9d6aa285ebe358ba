import Foundation
import ReachTestSupport
import Testing

/// The group registry through the real `reach run` (contract v4): a
/// registry export with bad rows and a replacement, shares to registered,
/// closed and unknown groups (one target padded with spaces), and the
/// registry.csv a committee gets — every figure worked out by hand below.
///
/// A = 2026-11-03, W = 2: D = 11-02 … 11-03, both data days (the check-ins
/// file covers them). Roster (college X): s1, s2 in C1 (branch B1); s3 in
/// C2 (B1); s4 in C3 (B1), left 11-01; s5 in C3 (B1); s6 in C4 (B2).
///
/// 群组备案.csv, by line:
///   2  一班群 C1, owner s1, 1 member      — replaced by line 8
///   3  (no name)                           — rejected: empty group_name
///   4  二班群, 群人数 abc                   — rejected: member_count
///   5  二班群, 备案日期 2026-13-45          — rejected: registered
///   6  二班群 C2, nobody responsible       — no_owner; 1 share to it
///   7  三班群 C3, owner s4 (left 11-01 < A), 2 members; roster of C3 on A
///      is s5 alone (1), so missing 0; no share to it — owner_left;unused
///   8  一班群 C1, owner s1, 2 members: roster 2, missing 0; s1's share to
///      " 一班群 " (spaces trimmed) counts — no problem
///   9  旧群 C3, 注销 (closed): no row; s5's share to it makes it
///      `unregistered`, and it covers no class (C3 has 三班群 anyway)
///  10  外校群, owner id zz (not on the roster), names no class — roster
///      and missing empty — owner_not_on_roster;unused
/// s2 shares to 野群 (in no registry row): unregistered. C4 has no group
/// and s6 is expected on A: no_group, roster 1.
@Suite struct RegistryRunTests {
    @Test func theNightlyRunAuditsTheRegistry() throws {
        let tmp = TempFolder()
        tmp.write("data/inbox/名单.csv", """
            学号,姓名,班级,支部,学院,离校日期
            s1,张一,C1,B1,X,
            s2,张二,C1,B1,X,
            s3,张三,C2,B1,X,
            s4,李四,C3,B1,X,2026-11-01
            s5,张五,C3,B1,X,
            s6,张六,C4,B2,X,

            """)
        tmp.write("data/inbox/打卡.csv", "学号,打卡时间\ns1,2026-11-02 08:00\ns1,2026-11-03 08:00\n")
        tmp.write("data/inbox/转发.csv", """
            学号,转发时间,推文ID,转发至
            s1,2026-11-03 09:00,P1," 一班群 "
            s2,2026-11-03 09:00,P1,野群
            s5,2026-11-03 09:00,P1,旧群
            s3,2026-11-02 09:00,P1,二班群

            """)
        tmp.write("data/inbox/群组备案.csv", """
            群名称,类型,班级,负责人学号,负责人,群人数,备案日期,状态
            一班群,微信群,C1,s1,张一,1,2026-09-01,
            ,微信群,C2,,,,,
            二班群,微信群,C2,,,abc,,
            二班群,微信群,C2,,,30,2026-13-45,
            二班群,微信群,C2,,,,,
            三班群,微信群,C3,s4,李四,2,,
            一班群,微信群,C1,s1,张一,2,2026-09-01,
            旧群,微信群,C3,s5,,,,注销
            外校群,公众号,,zz,,,,

            """)
        let run = try ReachProcess.run(["run", "--as-of", "2026-11-03", "--window", "2", "--quiet"], in: tmp.path)
        #expect(run.status == 0, "bad rows are reported, not failures: \(run.stderr)")
        let folder = "reports/2026-11-03/"
        /// A report file's text as written, its byte order mark included.
        func text(_ name: String) -> String {
            String(decoding: FileManager.default.contents(atPath: tmp.file(folder + name)) ?? Data(), as: UTF8.self)
        }
        let expected = "\u{FEFF}" + """
            group_name,type,college,branch,class,org,owner_id,owner,registered,member_count,roster,missing,shares_to,problems
            ,,X,B2,C4,,,,,,1,,,no_group
            三班群,微信群,,,C3,,s4,李四,,2,1,0,0,owner_left;unused
            二班群,微信群,,,C2,,,,,,1,,1,no_owner
            外校群,公众号,,,,,zz,,,,,,0,owner_not_on_roster;unused
            旧群,,,,,,,,,,,,1,unregistered
            野群,,,,,,,,,,,,1,unregistered
            一班群,微信群,,,C1,,s1,张一,2026-09-01,2,2,0,1,

            """
        #expect(text("registry.csv") == expected)
        let rejects = text("rejects.csv")
        #expect(rejects.contains("群组备案.csv,3,empty group_name,\",微信群,C2,,,,,\"\n"))
        #expect(rejects.contains("群组备案.csv,4,member_count 'abc' is not a whole number ≥ 0,\"二班群,微信群,C2,,,abc,,\"\n"))
        #expect(rejects.contains("群组备案.csv,5,unparseable registered '2026-13-45',\"二班群,微信群,C2,,,30,2026-13-45,\"\n"))
        let quality = text("quality.csv")
        #expect(quality.contains("群组备案.csv,groups,ingested,9,6,0,3,,0\n"))
        // Six rows stored, five groups (一班群 replaced), one of them closed.
        let status = try ReachProcess.run(["status"], in: tmp.path)
        #expect(status.stdout.contains("registry: 5 groups, 1 of them closed\n"))
    }
}
