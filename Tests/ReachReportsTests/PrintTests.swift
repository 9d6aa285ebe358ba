import Foundation
import ReachMetrics
import ReachModel
import ReachTestSupport
import Testing
@testable import ReachReports

/// How every sheet prints (SPEC 4, contract v4), read from the xlsx parts:
/// A4, landscape by width, one page wide, header rows repeated, the footer;
/// and the title line and columns of a split workbook's sheets.
@Suite struct PrintTests {
    let tmp = TempFolder()

    /// Every sheet's `<pageSetup …>` element, by sheet number (1-based).
    private func pageSetups(_ book: XLSXPackage) throws -> [String] {
        try (1...book.sheetNames().count).map { i in
            matches(#"(<pageSetup [^>]*/>)"#, in: try book.part("xl/worksheets/sheet\(i).xml")).first ?? "none"
        }
    }

    /// The repeated rows of each sheet: `'name'!$1:$2` by sheet index (0-based).
    private func printTitles(_ book: XLSXPackage) throws -> [Int: String] {
        let xml = try book.part("xl/workbook.xml")
        let found = matches(#"<definedName name="_xlnm.Print_Titles" (localSheetId="\d+">[^<]*)<"#, in: xml)
        return Dictionary(uniqueKeysWithValues: found.map { entry in
            let parts = entry.split(separator: ">", maxSplits: 1)
            return (Int(matches(#"(\d+)"#, in: String(parts[0]))[0])!, String(parts[1]).replacingOccurrences(of: "&apos;", with: "'"))
        })
    }

    @Test func everySheetOfTheMainWorkbookPrintsOnA4OnePageWideWithTheFooter() throws {
        let dir = try ReportWriter.write(Fixture.input, options: ReportOptions(split: .class), to: tmp.newFolder())
        let book = try XLSXPackage(dir.appendingPathComponent("reach-2026-11-20.xlsx"))
        let names = try book.sheetNames()
        #expect(names == ["总览", "学院", "支部", "班级", "每日", "缺卡名单", "沉默班级", "成员", "推文", "校历", "数据质量", "优秀评论"])
        let footer = "<oddFooter>&amp;L截至 2026-11-20&amp;C&amp;A&amp;R第 &amp;P 页，共 &amp;N 页</oddFooter>"
        for i in 1...names.count {
            let xml = try book.part("xl/worksheets/sheet\(i).xml")
            #expect(xml.contains(#"<pageSetUpPr fitToPage="1"/>"#), "sheet \(names[i - 1]) fits to pages")
            #expect(xml.contains(footer), "sheet \(names[i - 1]) has the footer")
            #expect(xml.contains(#"<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.75" header="0.3" footer="0.3"/>"#))
        }
        // One page wide (fitToWidth 1 is the default, so left out); the
        // overview one page tall too, every other sheet as tall as it needs.
        // Landscape where the columns are wider than an upright page: the
        // silent classes (5 columns) and the calendar (6) stay upright, and so does
        // the featured comments' sheet, empty in the fixture (its text column
        // grows with the comments).
        #expect(try pageSetups(book) == [
            #"<pageSetup paperSize="9" orientation="landscape"/>"#,
        ] + ["landscape", "landscape", "landscape", "landscape", "landscape", "portrait", "landscape", "landscape", "portrait",
             "landscape", "portrait"].map { #"<pageSetup paperSize="9" fitToHeight="0" orientation="\#($0)"/>"# })
        // The header row of every table sheet prints on every page; the
        // overview (one page) and the stacked blocks of 数据质量 repeat none.
        var titles: [Int: String] = [:]
        for (i, name) in names.enumerated() where name != "总览" && name != "数据质量" { titles[i] = "'\(name)'!$1:$1" }
        #expect(try printTitles(book) == titles)
        // The overview prints from its title to the chart and the worst
        // classes, not the chart's data table below them.
        let workbook = try book.part("xl/workbook.xml")
        #expect(matches(#"<definedName name="_xlnm.Print_Area" localSheetId="0">([^<]*)<"#, in: workbook)
                == ["'总览'!$A$1:$O$30"])
        // Every other sheet prints its cells only: a text running past the
        // last column (a rejected row's raw text) cannot widen the page. The
        // data-quality sheet's widest block, the files (nine columns), ends in I.
        #expect(matches(#"<definedName name="_xlnm.Print_Area" localSheetId="(\d+)""#, in: workbook).count == names.count)
        #expect(matches(#"<definedName name="_xlnm.Print_Area" localSheetId="10">'数据质量'!\$A\$1:\$([A-Z]+)\$"#, in: workbook)
                == ["I"])
    }

    @Test func theFooterIsInEnglishWithLangEn() throws {
        let dir = try ReportWriter.write(Fixture.input, options: ReportOptions(language: .en), to: tmp.newFolder())
        let book = try XLSXPackage(dir.appendingPathComponent("reach-2026-11-20.xlsx"))
        for i in 1...(try book.sheetNames().count) {
            #expect(try book.part("xl/worksheets/sheet\(i).xml")
                .contains("<oddFooter>&amp;LAs of 2026-11-20&amp;C&amp;A&amp;RPage &amp;P of &amp;N</oddFooter>"))
        }
    }

    @Test func aSplitWorkbookSaysWhatEveryRowSharesInItsTitleLineAndPrintsLikeTheMain() throws {
        let dir = try ReportWriter.write(Fixture.input, options: ReportOptions(split: .class), to: tmp.newFolder())
        let book = try XLSXPackage(dir.appendingPathComponent("by-class/计科1班.xlsx"))
        #expect(try book.sheetNames() == ["缺卡名单", "成员", "每日"])
        // Gap list (李,四 only): all four group columns are the same on
        // every row, so they are in the title line; who and why first.
        #expect(try book.string("A1", sheet: 1) == "缺卡名单　学院：计算机学院　支部：第一支部　班级：计科1班　辅导员：-王")
        let gapHeader = try ["A", "B", "C", "D", "E", "F", "G", "H", "I"].map { try book.string("\($0)2", sheet: 1) }
        #expect(gapHeader == ["学号", "姓名", "原因", "连续缺卡天数", "打卡率", "最近打卡日", "距上次打卡天数", "请假天数", nil])
        #expect(try book.string("C3", sheet: 1) == "连续未打卡；打卡率低")
        // Members: 李,四 (辅导员 -王) and 张三 (王老师): the counsellor differs,
        // so it stays a column; college, branch and class go to the title.
        #expect(try book.string("A1", sheet: 2) == "成员　学院：计算机学院　支部：第一支部　班级：计科1班")
        #expect(try ["A", "B", "C", "D"].map { try book.string("\($0)2", sheet: 2) } == ["学号", "姓名", "辅导员", "应打卡天数"])
        #expect(try book.string("C3", sheet: 2) == "-王")
        #expect(try book.string("C4", sheet: 2) == "王老师")
        // The trend names the group the same way (from its members).
        #expect(try book.string("A1", sheet: 3) == "每日　学院：计算机学院　支部：第一支部　班级：计科1班")
        // Title line and header repeated on every page; A4, one page wide, footer.
        #expect(try printTitles(book) == [0: "'缺卡名单'!$1:$2", 1: "'成员'!$1:$2", 2: "'每日'!$1:$2"])
        for i in 1...3 {
            let xml = try book.part("xl/worksheets/sheet\(i).xml")
            #expect(xml.contains(#"<pageSetUpPr fitToPage="1"/>"#))
            #expect(xml.contains(#"fitToHeight="0""#) && xml.contains(#"paperSize="9""#))
            #expect(xml.contains("<oddFooter>&amp;L截至 2026-11-20&amp;C&amp;A&amp;R第 &amp;P 页，共 &amp;N 页</oddFooter>"))
        }
        // A group column left empty (no college, no counsellor) is not said.
        let other = try XLSXPackage(dir.appendingPathComponent("by-class/-计科2班.xlsx"))
        #expect(try other.string("A1", sheet: 1) == "缺卡名单　支部：第二支部　班级：-计科2班")
        #expect(try other.string("A3", sheet: 1) == "0123")
    }

    @Test func theMainWorkbooksGapListKeepsItsColumns() throws {
        let dir = try ReportWriter.write(Fixture.input, options: ReportOptions(), to: tmp.newFolder())
        let book = try XLSXPackage(dir.appendingPathComponent("reach-2026-11-20.xlsx"))
        let sheet = try book.sheetNames().firstIndex(of: "缺卡名单")! + 1
        #expect(try ["A", "B", "E", "F"].map { try book.string("\($0)1", sheet: sheet) } == ["学院", "支部", "学号", "姓名"])
    }

    /// The orientation rule on hand-computed widths: an A4 page upright
    /// holds 698 pixels between its margins; a column of w characters is
    /// 7w + 5 pixels, one left at the default 64.
    @Test func landscapeOnlyWhenTheColumnsOrChartsAreWiderThanAnUprightPage() {
        #expect(PageSetup.pixels(characters: 10) == 75)
        #expect(PageSetup.pixels(characters: 0) == 64)
        let area = PageSetup.PrintArea(lastRow: 9, lastCol: 1)
        let upright = PageSetup(columnPixels: [300, 398], chartRight: 0, repeatedRows: 1, onePage: false, printArea: area)
        #expect(!upright.landscape && upright.pagesTall == 0 && upright.repeatedRows == 1)
        #expect(PageSetup(columnPixels: [300, 399], chartRight: 0, repeatedRows: 1, onePage: false, printArea: area).landscape)
        // A chart reaching past the page turns it too.
        let chart = PageSetup(columnPixels: [100], chartRight: 699, repeatedRows: 0, onePage: true, printArea: area)
        #expect(chart.landscape && chart.pagesTall == 1)
    }

    /// Which group columns a split sheet's rows share.
    @Test func sharedGroupColumns() {
        let a = Member(memberID: "1", name: "甲", className: "C1", branch: "B", college: "X", counsellor: "王")
        let b = Member(memberID: "2", name: "乙", className: "C2", branch: "B", college: "X", counsellor: "王")
        #expect(SplitSheet<MemberRow>.shared([a, b]) == ["college": "X", "branch": "B", "counsellor": "王"])
        #expect(SplitSheet<MemberRow>.shared([Member]()) == ["college": "", "branch": "", "class": "", "counsellor": ""])
        let sheet = SplitSheet(name: "Gap list", columns: Columns.gapSheet(.en), shared: SplitSheet<GapRow>.shared([a, b]),
                               lead: GroupWorkbook.gapLead, language: .en)
        #expect(sheet.title == "Gap list — College: X; Branch: B; Counsellor: 王")
        #expect(sheet.columns.map(\.key) == ["member_id", "name", "reasons", "missed_run", "checkin_rate", "class", "last_checkin",
                                             "days_since", "excused_days"])
    }
}
