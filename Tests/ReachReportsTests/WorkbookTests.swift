import Foundation
import ReachMetrics
import ReachModel
import ReachTestSupport
import Testing
@testable import ReachReports

@Suite struct WorkbookTests {
    let tmp = TempFolder()

    func workbook(_ language: ReportLanguage = .zh) throws -> XLSXPackage {
        let dir = try ReportWriter.write(Fixture.input, options: ReportOptions(language: language), to: tmp.newFolder())
        return try XLSXPackage(dir.appendingPathComponent("reach-2026-11-20.xlsx"))
    }

    // Sheet numbers in workbook order.
    static let overview = 1, classes = 4, daily = 5, gaps = 6, silent = 7, members = 8, posts = 9, calendar = 10,
               quality = 11

    @Test func sheetsComeInOrderWithChineseNames() throws {
        #expect(try workbook().sheetNames() == ["总览", "学院", "支部", "班级", "每日", "缺卡名单", "沉默班级", "成员", "推文",
                                                "校历", "数据质量", "优秀评论"])
    }

    @Test func englishOptionTranslatesSheetsAndHeaders() throws {
        let book = try workbook(.en)
        #expect(try book.sheetNames() == ["Overview", "Colleges", "Branches", "Classes", "Daily", "Gap list",
                                          "Silent classes", "Members", "Posts", "Calendar", "Data quality",
                                          "Featured comments"])
        #expect(try book.string("A1", sheet: Self.members) == "Member ID")
        #expect(try book.string("I1", sheet: Self.members) == "Check-in rate")
        #expect(try !book.sharedStrings().contains("学号"))
    }

    @Test func headersAreChineseStrings() throws {
        let book = try workbook()
        #expect(try book.string("A1", sheet: Self.members) == "学号")
        #expect(try book.string("I1", sheet: Self.members) == "打卡率")
        #expect(try book.string("B1", sheet: Self.classes) == "班级")
        #expect(try book.sharedStrings().contains("缺卡人数"))
    }

    @Test func memberIdsAndFormulaLikeTextStayStrings() throws {
        let book = try workbook()
        // members sheet rows: 0123, =1+1, 007 — leading zeros kept, no formula, no CSV prefix.
        #expect(try book.string("A2", sheet: Self.members) == "0123")
        #expect(try book.string("A3", sheet: Self.members) == "=1+1")
        #expect(try book.string("A4", sheet: Self.members) == "007")
        #expect(try !book.part("xl/worksheets/sheet\(Self.members).xml").contains("<f>"))
        // The post title that looks like a formula is a string cell too.
        #expect(try book.string("B2", sheet: Self.posts) == "=HYPERLINK(\"x\")")
    }

    @Test func ratiosArePercentNumbersAndCountsAreNumbers() throws {
        let book = try workbook()
        // Members I4 = 张三's check-in rate 2/2.
        let rate = try #require(try book.cell("I4", sheet: Self.members))
        #expect(!rate.contains(#"t="s""#))
        #expect(rate.contains("<v>1</v>"))
        #expect(try book.numberFormat("I4", sheet: Self.members) == "0.0%")
        #expect(try book.numberFormat("I3", sheet: Self.members) == "0.0%")
        // Daily F2: 2/3.
        #expect(try book.cell("F2", sheet: Self.daily)?.contains("<v>0.6666666666666666</v>") == true)
        #expect(try book.numberFormat("F2", sheet: Self.daily) == "0.0%")
        // Class sheet: delta column F is a signed percent; 计科1班 −1/12.
        #expect(try book.numberFormat("F2", sheet: Self.classes) == "+0.0%;-0.0%;0.0%")
        // Counts: expected_days G2 = 2, no string type.
        #expect(try book.cell("G2", sheet: Self.members) == #"<c r="G2"><v>2</v></c>"#)
        // Dates: last_checkin L4 = 2026-11-20 = serial 46346.
        #expect(try book.cell("L4", sheet: Self.members)?.contains("<v>46346</v>") == true)
        #expect(try book.numberFormat("L4", sheet: Self.members) == "yyyy-mm-dd")
        // published_at of p1: 2026-11-18 08:30 local = 46344 + 0.3541666….
        #expect(try book.numberFormat("C2", sheet: Self.posts) == "yyyy-mm-dd hh:mm:ss")
    }

    @Test func tableSheetsHaveFrozenHeaderFilterAndColours() throws {
        let book = try workbook()
        for sheet in [Self.classes, Self.daily, Self.gaps, Self.members, Self.posts] {
            let xml = try book.part("xl/worksheets/sheet\(sheet).xml")
            #expect(xml.contains(#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#))
            #expect(xml.contains("<autoFilter ref="))
            #expect(xml.contains("<cols>"))
        }
        let members = try book.part("xl/worksheets/sheet\(Self.members).xml")
        #expect(members.contains(#"<autoFilter ref="A1:Q5"/>"#))
        #expect(members.contains(#"<conditionalFormatting sqref="I2:I5">"#))
        #expect(members.contains("<formula>AND(ISNUMBER(I2),I2&lt;0.6)</formula>"))
        #expect(members.contains("<formula>AND(ISNUMBER(I2),I2&lt;0.9)</formula>"))
        #expect(members.contains("<formula>AND(ISNUMBER(I2),I2&gt;=1)</formula>"))
        // Red, amber and green fills in the differential formats.
        let styles = try book.part("xl/styles.xml")
        for colour in ["FFFFC7CE", "FFFFEB9C", "FFC6EFCE"] { #expect(styles.contains(colour)) }
    }

    @Test func columnWidthsCountChineseDouble() {
        #expect(displayWidth("abc") == 3)
        #expect(displayWidth("计科1班") == 7)
        #expect(displayWidth("（全角）") == 8)
    }

    @Test func overviewChartCarriesItsDataCache() throws {
        let book = try workbook()
        let chart = try book.part("xl/charts/chart1.xml")
        #expect(chart.contains("<c:lineChart>"))
        #expect(chart.contains("<c:numCache>"))
        // School series: 2/3 then 1/3; the college has a value on the first day only.
        #expect(chart.contains("<c:v>0.6666666666666666</c:v></c:pt><c:pt idx=\"1\"><c:v>0.3333333333333333</c:v>"))
        #expect(chart.contains("<c:v>全校</c:v>"))
        #expect(chart.contains("<c:v>计算机学院</c:v>"))
        #expect(try book.part("xl/drawings/drawing1.xml").contains("chart"))
    }

    @Test func overviewShowsHeadlineAndWorstClasses() throws {
        let book = try workbook()
        #expect(try book.string("A1", sheet: Self.overview) == "打卡覆盖率报告 · 2026-11-20")
        #expect(try book.string("A9", sheet: Self.overview) == "全校覆盖率")
        #expect(try book.cell("B9", sheet: Self.overview)?.contains("<v>0.5</v>") == true)
        #expect(try book.string("A12", sheet: Self.overview) == "较上期变化")
        #expect(try book.cell("B12", sheet: Self.overview)?.contains("<v>0.25</v>") == true)
        #expect(try book.cell("B14", sheet: Self.overview)?.contains("<v>2</v>") == true)  // gap list count
        // Worst classes: -计科2班 (0 %) before 计科1班 (75 %).
        let strings = try book.sharedStrings()
        let sheet = try book.part("xl/worksheets/sheet1.xml")
        let worstTitle = try #require(strings.firstIndex(of: "覆盖率最低的10个班级"))
        #expect(sheet.contains("<v>\(worstTitle)</v>"))
        let second = try #require(strings.firstIndex(of: "-计科2班"))
        let first = try #require(strings.firstIndex(of: "计科1班"))
        let a = try #require(sheet.range(of: "t=\"s\"><v>\(second)</v>"))
        let b = try #require(sheet.range(of: "t=\"s\"><v>\(first)</v>"))
        #expect(a.lowerBound < b.lowerBound)
    }

    @Test func qualitySheetListsFilesRejectsAndUnknownIds() throws {
        let book = try workbook()
        #expect(try book.string("A1", sheet: Self.quality) == "导入的文件")
        #expect(try book.string("A2", sheet: Self.quality) == "文件")
        #expect(try book.string("A3", sheet: Self.quality) == "名单.csv")
        #expect(try book.string("C3", sheet: Self.quality) == "已导入")
        #expect(try book.string("A5", sheet: Self.quality) == "+weird.txt")
        #expect(try book.string("A7", sheet: Self.quality) == "被拒绝的行")
        #expect(try book.string("D9", sheet: Self.quality) == "007,\"2026-13-01\"\t")
        #expect(try book.string("A11", sheet: Self.quality)?.hasPrefix("不在名单中的学号") == true)
        #expect(try book.string("A13", sheet: Self.quality) == "999")
    }

    @Test func partsAssembledInAMemoryFolderGiveTheSameWorkbook() throws {
        // The same workbook with its parts in libxlsxwriter's default
        // temporary folder and in a folder given as its tmpdir option.
        func write(partsFolder: String?) throws -> XLSXPackage {
            let url = tmp.newFolder().appendingPathComponent("book.xlsx")
            let book = try Workbook(path: url.path, footer: PageFooter(asOf: Fixture.asOf, language: .zh), partsFolder: partsFolder)
            let sheet = try book.addSheet("每日")
            try sheet.table(["计科1班", "=1+1"], columns: [Column<String>("group", "组别", "Group", .text) { .text($0) }],
                            language: .zh, minRate: 0.6)
            try book.addStreamingSheet("成员").table(0..<500, columns: [
                Column<Int>("n", "序号", "No.", .count) { .count($0) },
                Column<Int>("rate", "打卡率", "Rate", .percent(coloured: true)) { .ratio(Ratio($0 % 7, 7)) },
            ], language: .zh, minRate: 0.6)
            try book.close()
            return try XLSXPackage(url)
        }
        let parts = tmp.fileURL("parts")
        try FileManager.default.createDirectory(at: parts, withIntermediateDirectories: true)
        let standard = try write(partsFolder: nil), given = try write(partsFolder: parts.path)
        #expect(standard.parts.keys.sorted() == given.parts.keys.sorted())
        for (name, xml) in standard.parts where name != "docProps/core.xml" {  // core.xml: creation time
            #expect(given.parts[name] == xml, "part \(name)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parts.path).isEmpty, "libxlsxwriter leaves no part behind")
    }

    @Test func partsGoToTheMemoryFolderUnlessTMPDIRNamesOne() throws {
        let memory = tmp.path
        #expect(PartsFolder.choose(environment: [:], memory: memory, minimumFree: 1) == memory)
        #expect(PartsFolder.choose(environment: ["TMPDIR": ""], memory: memory, minimumFree: 1) == memory)
        #expect(PartsFolder.choose(environment: ["TMPDIR": "/var/tmp"], memory: memory, minimumFree: 1) == nil, "the user's choice")
        #expect(PartsFolder.choose(environment: [:], memory: memory + "/missing") == nil, "libxlsxwriter's default")
        let file = memory + "/file"
        FileManager.default.createFile(atPath: file, contents: Data())
        #expect(PartsFolder.choose(environment: [:], memory: file) == nil)
        #expect(PartsFolder.choose(environment: [:], memory: memory, minimumFree: .max) == nil, "too little room")
    }

    @Test func unwritableWorkbookPathIsCannotRunNamingThePath() throws {
        let path = "/nonexistent-reach-folder/reach.xlsx"
        let book = try Workbook(path: path, footer: PageFooter(asOf: Fixture.asOf, language: .zh))
        _ = try book.addSheet("x")
        #expect {
            try book.close()
        } throws: { error in
            guard case ReachError.cannotRun(let message) = error else { return false }
            return message.contains(path)
        }
    }
}
