import Foundation
import ReachModel
import Testing
@testable import ReachReading

/// What contract v4 adds to reading (SPEC 1.1, 1.3): the group registry
/// (备案), reads of posts — in a posts file with ids and in the official
/// account's analytics export without them — and comment texts.
@Suite struct ContractV4RowTests {
    func groups(_ all: ReadAll) -> [RegisteredGroup] {
        all.batches.flatMap { if case .groups(let g) = $0.rows { return g } else { return [] } }
    }

    func titleReads(_ all: ReadAll) -> [TitleReads] {
        all.batches.flatMap { if case .titleReads(let t) = $0.rows { return t } else { return [] } }
    }

    // MARK: Groups

    @Test func groupFilesAreToldByTheirNames() {
        for name in ["groups.csv", "Registry-2026.xlsx", "备案.csv", "群备案表.csv", "群组-计算机学院.csv"] {
            #expect(FileKind.detect(fileName: name) == .groups, "\(name)")
        }
    }

    /// A registry with Chinese headers under an export title; every bad
    /// row is rejected with its line, reason and raw text, the rest read.
    @Test func groupsWithChineseHeadersAndEveryReject() throws {
        let text = """
        2026年群组备案
        群名称,账号类型,学院,党支部,班级,主办单位,负责人学号,管理员,备案日期,关注人数,状态
        计科2601班级群,微信群,计算机学院,计科党支部,计科2601班,,2026010001,张三,2026-09-01,45,
         青年志愿者协会 ,公众号,计算机学院,,,校团委,,李四,2026/9/3,1200,
        旧群,微信群,,,计科2601班,,,,,0,注销
        ,微信群,,,,,,,,,
        坏人数群,微信群,,,,,,,,-3,
        小数群,微信群,,,,,,,,12.5,
        坏日期群,微信群,,,,,,,2026-13-01,,

        """
        let all = try read(text, name: "群组备案-2026.csv")
        #expect(all.kind == .groups)
        #expect(groups(all) == [
            RegisteredGroup(groupName: "计科2601班级群", type: "微信群", college: "计算机学院", branch: "计科党支部",
                            className: "计科2601班", ownerID: "2026010001", owner: "张三",
                            registered: Day(iso: "2026-09-01"), memberCount: 45),
            RegisteredGroup(groupName: "青年志愿者协会", type: "公众号", college: "计算机学院", org: "校团委", owner: "李四",
                            registered: Day(iso: "2026-09-03"), memberCount: 1200),
            RegisteredGroup(groupName: "旧群", type: "微信群", className: "计科2601班", memberCount: 0, status: "注销"),
        ])
        #expect(all.records == 7)
        #expect(all.rejects.map(\.line) == [6, 7, 8, 9])
        #expect(all.rejects.map(\.reason) == [
            "empty group_name",
            "member_count '-3' is not a whole number ≥ 0",
            "member_count '12.5' is not a whole number ≥ 0",
            "unparseable registered '2026-13-01'",
        ])
        #expect(all.rejects.map(\.raw) == [",微信群,,,,,,,,,", "坏人数群,微信群,,,,,,,,-3,", "小数群,微信群,,,,,,,,12.5,",
                                           "坏日期群,微信群,,,,,,,2026-13-01,,"])
        #expect(groups(all)[2].isClosed)
    }

    /// English headers, tab-delimited, in GB18030 (Excel on Chinese Windows).
    @Test func groupsWithEnglishHeadersTabsAndGB18030() throws {
        let text = "group_name\ttype\tclass\towner_id\towner\tregistered\tmember_count\tstatus\torg\n"
            + "Class 2601\tWeChat group\tCS2601\t001\t张三\t2026-09-01\t0\tclosed\t\n"
            + "读书会\t公众号\t\t\t\t\t\t\t学生会\n"
        let all = try read(SheetFixtures.gb18030(text), name: "registry.txt")
        #expect(groups(all) == [
            RegisteredGroup(groupName: "Class 2601", type: "WeChat group", className: "CS2601", ownerID: "001", owner: "张三",
                            registered: Day(iso: "2026-09-01"), memberCount: 0, status: "closed"),
            RegisteredGroup(groupName: "读书会", type: "公众号", org: "学生会"),
        ])
        #expect(groups(all)[0].isClosed && !groups(all)[1].isClosed)
        #expect(all.rejects.isEmpty)
    }

    @Test func aGroupsFileWithoutGroupNameIsRejectedWhole() {
        let reason = fileRejection(Array("班级,负责人\n计科2601班,张三\n".utf8), name: "备案.csv")
        #expect(reason?.hasPrefix("no header line with all required columns of a groups file") == true)
        #expect(reason?.contains("missing group_name (accepted names: group_name, 群名称, 账号名称, 名称)") == true)
    }

    /// A registry saved as .xlsx reads through the sheet path: a date cell
    /// for 备案日期, number cells for 群人数 and 负责人学号.
    @Test func groupsFromAnXLSXSheet() throws {
        func s(_ ref: String, _ text: String) -> String { "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(text)</t></is></c>" }
        let rows = """
            <row r="1">\(s("A1", "群名称"))\(s("B1", "班级"))\(s("C1", "负责人学号"))\(s("D1", "备案日期"))\(s("E1", "群人数"))</row>\
            <row r="2">\(s("A2", "计科2601班级群"))\(s("B2", "计科2601班"))<c r="C2"><v>2026010001</v></c>\
            <c r="D2" s="1"><v>46266</v></c><c r="E2"><v>45</v></c></row>\
            <row r="3">\(s("A3", "坏群"))<c r="E3"><v>-2</v></c></row>
            """
        let data = try XLSXFixture.workbook([("备案", XLSXFixture.sheet(rows))])
        let all = try read([UInt8](data), name: "备案.xlsx")
        #expect(groups(all) == [
            RegisteredGroup(groupName: "计科2601班级群", className: "计科2601班", ownerID: "2026010001",
                            registered: Day(iso: "2026-09-01"), memberCount: 45),
        ])
        #expect(all.rejects == [RowReject(file: "备案.xlsx", line: 3, reason: "member_count '-2' is not a whole number ≥ 0",
                                          raw: "坏群,,,,-2", sheet: "备案")])
    }

    // MARK: Posts and reads

    @Test func postsWithReadsByID() throws {
        let text = """
        推文ID,标题,阅读人数,阅读次数
        p1,开学第一课,120,180
        p2,迎新,,
        p3,坏,12x,1
        p4,坏,1,-1

        """
        let all = try read(text, name: "推文-2026.csv")
        #expect(all.posts == [
            Post(contentID: "p1", title: "开学第一课", reads: 120, readsTotal: 180),
            Post(contentID: "p2", title: "迎新"),
        ])
        #expect(all.rejects.map(\.line) == [4, 5])
        #expect(all.rejects.map(\.reason) == ["reads '12x' is not a whole number ≥ 0",
                                              "reads_total '-1' is not a whole number ≥ 0"])
    }

    /// The official account's analytics export (图文分析) has no id: its
    /// rows are reads by title.
    @Test func theAnalyticsExportReadsByTitle() throws {
        let text = """
        图文分析 2026-11
        标题,阅读人数,阅读次数,分享人数
        开学第一课,120,180,3
         迎新 ,45,,1
        ,3,4,0
        坏,1.5,2,0

        """
        let all = try read(text, name: "posts-analytics.csv")
        #expect(all.posts.isEmpty)
        #expect(titleReads(all) == [
            TitleReads(title: "开学第一课", reads: 120, readsTotal: 180),
            TitleReads(title: "迎新", reads: 45),
        ])
        #expect(all.rejects.map(\.line) == [5, 6])
        #expect(all.rejects.map(\.reason) == ["empty title", "reads '1.5' is not a whole number ≥ 0"])
    }

    /// A posts header needs title and either content_id or a reads column.
    @Test func aPostsHeaderNeedsAnIDOrReads() {
        let reason = fileRejection(Array("标题,发布时间\n开学第一课,2026-09-01 08:00\n".utf8), name: "推文.csv")
        #expect(reason?.contains("missing content_id (accepted names: content_id, 推文ID, 文章ID, 内容ID) or reads (accepted names: reads, 阅读人数) or reads_total (accepted names: reads_total, 阅读次数)") == true)
    }

    // MARK: Comment texts

    @Test func commentTextsAreKeptByRow() throws {
        let text = """
        学号,评论时间,推文ID,精选,评论内容
        s1,2026-11-03 20:00,p1,1,写得好
        s2,2026-11-03 20:05,p1,,
        ,2026-11-03 20:06,p1,,没有学号
        s3,2026-11-03 20:07,p2,是,"学习了，""受益匪浅""。"
        s4,2026-11-03 20:08,p2,0,不是精选

        """
        let all = try read(text, name: "comments.csv")
        let texts = all.batches.flatMap { batch -> [RowText] in
            if case .events(let e) = batch.rows { return e.texts } else { return [] }
        }
        // Only featured comments keep their text: featured.csv is the only
        // place a text is shown.
        #expect(texts == [RowText(row: 0, text: "写得好"), RowText(row: 2, text: "学习了，\"受益匪浅\"。")])
        #expect(all.events.map(\.member) == ["s1", "s2", "s3", "s4"])
        #expect(all.rejects.map(\.line) == [4])
    }

    @Test func commentsWithoutATextColumnHaveNoTexts() throws {
        let all = try read("学号,评论时间\ns1,2026-11-03 20:00\n", name: "comments.csv")
        guard case .events(let e)? = all.batches.first?.rows else { Issue.record("no events"); return }
        #expect(e.rows.count == 1 && e.texts.isEmpty)
    }

    /// A share target is trimmed like every field, so a target written
    /// with spaces equals the registered group_name.
    @Test func shareTargetsAreTrimmed() throws {
        let all = try read("学号,转发时间,转发至\ns1,2026-11-03 20:00, 计科2601班级群　\n", name: "转发.csv")
        #expect(all.events.map(\.target) == ["计科2601班级群"])
    }
}
