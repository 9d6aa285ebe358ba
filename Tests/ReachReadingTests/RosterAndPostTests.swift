import Testing
import ReachModel
@testable import ReachReading

@Suite struct RosterAndPostTests {
    @Test func rosterRowsAndRequiredFields() throws {
        let text = """
        学号,姓名,班级,所在支部,学院,政治面貌,counselor,入学日期,离校日期
        S1,张三,计科1班,第一支部,计算机学院,党员,李老师,2026-09-01,2027/7/1
        S2,李四,计科1班,第一支部,,,,,
        S3,,计科1班,第一支部,,,,,
        S4,王五,,第一支部,,,,,
        S5,赵六,计科2班,,,,,,
        ,钱七,计科2班,第二支部,,,,,
        S6,孙八,计科2班,第二支部,,,,2026-02-30,

        """
        let all = try read(text, name: "名单.csv")
        #expect(all.kind == .members)
        #expect(all.records == 7)
        #expect(all.members == [
            Member(memberID: "S1", name: "张三", className: "计科1班", branch: "第一支部", college: "计算机学院",
                   status: "党员", counsellor: "李老师", joined: Day(year: 2026, month: 9, day: 1),
                   left: Day(year: 2027, month: 7, day: 1)),
            Member(memberID: "S2", name: "李四", className: "计科1班", branch: "第一支部"),
        ])
        #expect(all.rejects.map(\.reason) == ["empty name", "empty class", "empty branch", "empty member_id",
                                              "unparseable joined '2026-02-30'"])
        #expect(all.rejects.map(\.line) == [4, 5, 6, 7, 8])
    }

    @Test func postsRules() throws {
        let text = "推文ID,标题,发布时间,党支部\nP1,开学第一课,2026-09-01 20:00:00,一支部\nP2,无日期,,\n,无ID,,\nP3,,,\nP4,坏日期,2026-09-31 08:00,\n"
        let all = try read(text, name: "推文列表.csv")
        #expect(all.posts == [Post(contentID: "P1", title: "开学第一课", publishedAt: utc(2026, 9, 1, 12), branch: "一支部"),
                              Post(contentID: "P2", title: "无日期")])
        #expect(all.rejects.map(\.reason) == ["empty content_id", "empty title", "unparseable published_at '2026-09-31 08:00'"])
        #expect(all.records == 5)
    }
}
