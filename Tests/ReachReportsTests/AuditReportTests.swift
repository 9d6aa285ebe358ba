import Foundation
import ReachMetrics
import ReachModel
import ReachTestSupport
import Testing
@testable import ReachReports

/// The registry audit in the report (contract v4): registry.csv,
/// featured.csv, the 群组备案 and 优秀评论 sheets, the overview line and the
/// split workbooks, on ``Fixture`` with a registry and featured comments.
@Suite struct AuditReportTests {
    let tmp = TempFolder()

    static let registry = [
        RegistryRow(branch: "第二支部", className: "-计科2班", roster: 1, problems: [.noGroup]),
        RegistryRow(groupName: "=计科1班群", type: "微信群", college: "计算机学院", branch: "第一支部", className: "计科1班",
                    ownerID: "007", owner: "张三", registered: Day(iso: "2026-09-01"), memberCount: 1, roster: 3, missing: 2,
                    sharesTo: 0, problems: [.missingMembers, .unused]),
        RegistryRow(groupName: "野群", sharesTo: 3, problems: [.unregistered]),
        RegistryRow(groupName: "学院公众号", type: "公众号", college: "计算机学院", org: "团委", owner: "王老师", memberCount: 800,
                    roster: 3, missing: 0, sharesTo: 2),
    ]

    /// 2026-11-19 08:00:05 and 2026-11-20 08:00:00 in Shanghai.
    static let featured = [
        FeaturedRow(member: Fixture.zhang, day: Fixture.day1, instant: Int64(Fixture.day1.index) * 86_400 + 5,
                    contentID: "p1", text: "-说得好，\n第二行"),
        FeaturedRow(member: Fixture.he, day: Fixture.asOf, instant: Int64(Fixture.asOf.index) * 86_400, text: "赞"),
    ]

    static var input: ReportInput {
        var input = Fixture.input
        input.tables.registry = registry
        input.tables.featured = featured
        return input
    }

    static let bom = "\u{FEFF}"
    // Sheet numbers of the main workbook with a registry.
    static let overview = 1, posts = 9, registrySheet = 12, featuredSheet = 13

    func written(_ input: ReportInput = Self.input, _ options: ReportOptions = ReportOptions()) throws -> URL {
        try ReportWriter.write(input, options: options, to: tmp.newFolder())
    }

    @Test func registryCSVHasTheSpecColumnsTokensAndGuards() throws {
        let dir = try written()
        #expect(try Fixture.text(dir.appendingPathComponent("registry.csv")) == Self.bom + """
            group_name,type,college,branch,class,org,owner_id,owner,registered,member_count,roster,missing,shares_to,problems
            ,,,第二支部,'-计科2班,,,,,,1,,,no_group
            '=计科1班群,微信群,计算机学院,第一支部,计科1班,,007,张三,2026-09-01,1,3,2,0,missing_members;unused
            野群,,,,,,,,,,,,3,unregistered
            学院公众号,公众号,计算机学院,,,团委,,王老师,,800,3,0,2,

            """)
    }

    @Test func featuredCSVHasTitleLocalTimeAndGuardedText() throws {
        let dir = try written()
        #expect(try Fixture.text(dir.appendingPathComponent("featured.csv")) == Self.bom + #"""
            content_id,title,member_id,name,class,time,text
            p1,"'=HYPERLINK(""x"")",007,张三,计科1班,2026-11-19 08:00:05,"'-说得好，
            第二行"
            ,,0123,"He said ""hi""",'-计科2班,2026-11-20 08:00:00,赞

            """#)
    }

    @Test func withoutARegistryNoRegistryFileAndAnEmptyFeaturedFile() throws {
        let dir = try written(Fixture.input)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(!files.contains("registry.csv"))
        #expect(Set(ReportWriter.csvFileNames).isSubset(of: Set(files)))
        #expect(try Fixture.text(dir.appendingPathComponent("featured.csv"))
                == Self.bom + "content_id,title,member_id,name,class,time,text\n")
        let book = try XLSXPackage(dir.appendingPathComponent("reach-2026-11-20.xlsx"))
        #expect(try !book.sheetNames().contains("群组备案"))
        #expect(try !book.sharedStrings().contains("群组"))
        // With a registry the file is there, beside the others.
        let withRegistry = try FileManager.default.contentsOfDirectory(atPath: written().path)
        #expect(withRegistry.contains(ReportWriter.registryFileName))
    }

    @Test func problemsInWords() {
        let row = Self.registry[1]
        #expect(Vocabulary.zh.problems(row, window: 30) == "群内少 2 人；近 30 天无转发")
        #expect(Vocabulary.en.problems(row, window: 30) == "2 members missing; no shares in 30 days")
        #expect(Vocabulary.csv.problems(row, window: 30) == "missing_members;unused")
        let all = RegistryRow(missing: 1, problems: RegistryProblem.allCases)
        #expect(Vocabulary.zh.problems(all, window: 1)
                == "未备案；班级无群组；无负责人；负责人不在名单；负责人已离校；群内少 1 人；近 1 天无转发")
        #expect(Vocabulary.en.problems(all, window: 1)
                == "unregistered; no group; no responsible person; owner not on roster; owner has left; 1 member missing; no shares in 1 day")
        #expect(Vocabulary.zh.problems(Self.registry[3], window: 30) == "")
    }

    @Test func registrySheetInWordsWithProblemRowsRed() throws {
        let dir = try written()
        let book = try XLSXPackage(dir.appendingPathComponent("reach-2026-11-20.xlsx"))
        #expect(try book.sheetNames().suffix(2) == ["群组备案", "优秀评论"])
        let sheet = Self.registrySheet
        #expect(try ["A1", "J1", "M1", "B1"].map { try book.string($0, sheet: sheet) } == ["群名称", "备案日期", "缺少人数", "问题"])
        #expect(try book.string("A2", sheet: sheet) == nil)
        #expect(try book.string("F2", sheet: sheet) == "-计科2班")
        #expect(try book.string("B2", sheet: sheet) == "班级无群组")
        #expect(try book.string("A3", sheet: sheet) == "=计科1班群")
        #expect(try book.cell("J3", sheet: sheet)?.contains("<v>46266</v>") == true)  // 2026-09-01
        #expect(try book.numberFormat("J3", sheet: sheet) == "yyyy-mm-dd")
        #expect(try book.cell("M3", sheet: sheet)?.contains("<v>2</v>") == true)
        #expect(try book.string("B3", sheet: sheet) == "群内少 2 人；近 2 天无转发")
        #expect(try book.string("B4", sheet: sheet) == "未备案")
        #expect(try book.cell("M4", sheet: sheet) == nil)
        #expect(try book.string("A5", sheet: sheet) == "学院公众号")
        #expect(try book.string("B5", sheet: sheet) == nil)
        // One rule over the whole table: a row is red where its 问题 cell has text.
        let xml = try book.part("xl/worksheets/sheet\(sheet).xml")
        #expect(matches(#"<conditionalFormatting sqref="([^"]*)""#, in: xml) == ["A2:N5"])
        #expect(matches(#"<cfRule type="expression" dxfId="(\d+)""#, in: xml) == ["0"])
        #expect(matches(#"<formula>([^<]*)</formula>"#, in: xml) == ["LEN($B2)&gt;0"])
        // dxf 0 is the red of a coverage below the minimum rate.
        let dxfs = matches(#"<dxfs[^>]*>(.*?)</dxfs>"#, in: try book.part("xl/styles.xml")).first ?? ""
        #expect(matches(#"<dxf>(.*?)</dxf>"#, in: dxfs).first?.contains("FFFFC7CE") == true)
    }

    @Test func overviewCountsTheRegistry() throws {
        let dir = try written()
        let book = try XLSXPackage(dir.appendingPathComponent("reach-2026-11-20.xlsx"))
        #expect(try book.string("A14", sheet: Self.overview) == "缺卡名单人数")
        #expect(try book.string("A15", sheet: Self.overview) == "群组")
        #expect(try book.string("B15", sheet: Self.overview) == "已备案 2 个，有问题 1 个，未备案转发目标 1 个，无群组班级 1 个")
        let english = try XLSXPackage(try written(Self.input, ReportOptions(language: .en))
            .appendingPathComponent("reach-2026-11-20.xlsx"))
        #expect(try english.string("A15", sheet: Self.overview) == "Groups")
        #expect(try english.string("B15", sheet: Self.overview)
                == "2 registered, 1 with problems, 1 unregistered target, 1 class without a group")
        // Without a registry the overview goes on as before.
        let plain = try XLSXPackage(try written(Fixture.input).appendingPathComponent("reach-2026-11-20.xlsx"))
        #expect(try plain.string("A15", sheet: Self.overview) != "群组")
    }

    @Test func postsSheetShowsReads() throws {
        let book = try XLSXPackage(try written().appendingPathComponent("reach-2026-11-20.xlsx"))
        #expect(try book.string("I1", sheet: Self.posts) == "阅读人数")
        #expect(try book.string("J1", sheet: Self.posts) == "阅读次数")
        #expect(try book.cell("I2", sheet: Self.posts)?.contains("<v>120</v>") == true)
        #expect(try book.cell("J2", sheet: Self.posts)?.contains("<v>150</v>") == true)
        #expect(try book.cell("I3", sheet: Self.posts) == nil)
        let english = try XLSXPackage(try written(Self.input, ReportOptions(language: .en))
            .appendingPathComponent("reach-2026-11-20.xlsx"))
        #expect(try english.string("I1", sheet: Self.posts) == "Readers")
        #expect(try english.string("J1", sheet: Self.posts) == "Reads")
    }

    @Test func featuredSheetIsReadyToPublish() throws {
        let book = try XLSXPackage(try written().appendingPathComponent("reach-2026-11-20.xlsx"))
        let sheet = Self.featuredSheet
        #expect(try ["A1", "B1", "C1", "D1", "E1"].map { try book.string($0, sheet: sheet) } == ["标题", "姓名", "班级", "评论内容", "时间"])
        #expect(try ["A2", "B2", "C2", "D2"].map { try book.string($0, sheet: sheet) }
                == ["=HYPERLINK(\"x\")", "张三", "计科1班", "-说得好，\n第二行"])
        #expect(try book.numberFormat("E2", sheet: sheet) == "yyyy-mm-dd hh:mm:ss")
        #expect(try book.string("A3", sheet: sheet) == nil)  // no content_id, no title
        #expect(try book.string("D3", sheet: sheet) == "赞")
        // The comment wraps, at the top of its cell.
        #expect(try Self.alignment("D2", sheet: sheet, in: book)?.contains(#"wrapText="1""#) == true)
        #expect(try Self.alignment("B2", sheet: sheet, in: book) == nil)
        let english = try XLSXPackage(try written(Self.input, ReportOptions(language: .en))
            .appendingPathComponent("reach-2026-11-20.xlsx"))
        #expect(try english.sheetNames().suffix(2) == ["Groups registry", "Featured comments"])
        #expect(try ["A1", "B1", "C1", "D1", "E1"].map { try english.string($0, sheet: sheet) }
                == ["Title", "Name", "Class", "Comment", "Time"])
        #expect(try english.string("B1", sheet: Self.registrySheet) == "Problems")
        #expect(try english.string("B2", sheet: Self.registrySheet) == "no group")
        #expect(try english.string("B3", sheet: Self.registrySheet) == "2 members missing; no shares in 2 days")
    }

    @Test func splitWorkbooksCarryTheirOwnRegistryRowsAndComments() throws {
        let dir = try written(Self.input, ReportOptions(split: .class))
        let split = dir.appendingPathComponent("by-class")
        let first = try XLSXPackage(split.appendingPathComponent("计科1班.xlsx"))
        #expect(try first.sheetNames() == ["缺卡名单", "成员", "每日", "群组备案", "优秀评论"])
        // The college, branch and class every row shares go into the title
        // line (row 1); the table starts below it.
        #expect(try first.string("A1", sheet: 4) == "群组备案　学院：计算机学院　支部：第一支部　班级：计科1班")
        #expect(try first.string("A3", sheet: 4) == "=计科1班群")
        #expect(try first.string("B3", sheet: 4) == "群内少 2 人；近 2 天无转发")
        #expect(try first.string("D2", sheet: 4) == "所属组织")
        #expect(try first.cell("A4", sheet: 4) == nil)
        #expect(try first.part("xl/worksheets/sheet4.xml").contains(#"<conditionalFormatting sqref="A3:K3">"#))
        #expect(try first.string("B3", sheet: 5) == "张三")
        #expect(try first.string("C2", sheet: 5) == "评论内容")
        #expect(try first.cell("A4", sheet: 5) == nil)
        let second = try XLSXPackage(split.appendingPathComponent("-计科2班.xlsx"))
        #expect(try second.sheetNames() == ["缺卡名单", "成员", "每日", "群组备案", "优秀评论"])
        #expect(try second.string("A1", sheet: 4) == "群组备案　支部：第二支部　班级：-计科2班")
        #expect(try second.string("B3", sheet: 4) == "班级无群组")
        #expect(try second.string("B3", sheet: 5) == "He said \"hi\"")

        // By college: the college's own group and the class's, not the
        // unregistered target (it names no college); branch and class differ,
        // so they stay columns.
        let colleges = try written(Self.input, ReportOptions(split: .college)).appendingPathComponent("by-college")
        let college = try XLSXPackage(colleges.appendingPathComponent("计算机学院.xlsx"))
        #expect(try college.sheetNames() == ["缺卡名单", "成员", "每日", "群组备案", "优秀评论"])
        #expect(try college.string("A1", sheet: 4) == "群组备案　学院：计算机学院")
        #expect(try college.string("D2", sheet: 4) == "支部")
        #expect(try college.string("A3", sheet: 4) == "=计科1班群")
        #expect(try college.string("A4", sheet: 4) == "学院公众号")
        #expect(try college.cell("A5", sheet: 4) == nil)
        #expect(try college.string("B3", sheet: 5) == "张三")
        #expect(try college.cell("A4", sheet: 5) == nil)
    }

    @Test func theMainWorkbookShowsTheLatestFeaturedCommentsAndCountsTheEarlier() throws {
        // Two more comments than the sheet shows, one a second apart: the
        // sheet starts at the third (the latest ones), and a note counts the
        // two left out; featured.csv keeps all.
        let n = AuditSheets.latestComments + 2
        var input = Self.input
        input.tables.featured = (0..<n).map { k in
            FeaturedRow(member: Fixture.zhang, day: Fixture.asOf, instant: Int64(Fixture.asOf.index) * 86_400 + Int64(k),
                        text: "第\(k)条")
        }
        let dir = try written(input)
        let book = try XLSXPackage(dir.appendingPathComponent("reach-2026-11-20.xlsx"))
        let sheet = Self.featuredSheet
        #expect(try book.string("D2", sheet: sheet) == "第2条")
        #expect(try book.string("D\(n - 1)", sheet: sheet) == "第\(n - 1)条")
        #expect(try book.string("A\(n)", sheet: sheet) == "…… 较早的 2 条精选评论未在此列出，featured.csv 中有全部评论")
        let csv = try Fixture.text(dir.appendingPathComponent("featured.csv"))
        #expect(csv.split(separator: "\n").count == n + 1)
    }

    @Test func splitWorkbooksWithoutRowsGetNoAuditSheets() throws {
        let dir = try written(Fixture.input, ReportOptions(split: .class))
        let book = try XLSXPackage(dir.appendingPathComponent("by-class/计科1班.xlsx"))
        #expect(try book.sheetNames() == ["缺卡名单", "成员", "每日"])
    }

    /// The `<alignment …/>` of a cell's style, `nil` when it has none.
    static func alignment(_ ref: String, sheet: Int, in book: XLSXPackage) throws -> String? {
        guard let c = try book.cell(ref, sheet: sheet) else { return nil }
        let style = matches(#" s="(\d+)""#, in: c).first.flatMap { Int($0) } ?? 0
        let cellXfs = matches(#"<cellXfs[^>]*>(.*?)</cellXfs>"#, in: try book.part("xl/styles.xml")).first ?? ""
        let xfs = matches(#"(<xf [^>]*/>|<xf [^>]*>.*?</xf>)"#, in: cellXfs)
        guard style < xfs.count else { return nil }
        return matches(#"(<alignment[^>]*/>)"#, in: xfs[style]).first
    }
}
