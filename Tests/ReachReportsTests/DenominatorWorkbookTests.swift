import Foundation
import ReachMetrics
import ReachModel
import ReachTestSupport
import Testing
@testable import ReachReports

/// What a reader of the workbook sees of contract v2 (honest denominators):
/// the calendar and silent-class sheets, leave and missed runs beside the
/// gap list, days with data in the headline, a loud line when A has no
/// data, and a trend chart with gaps instead of zeros.
@Suite struct DenominatorWorkbookTests {
    let tmp = TempFolder()

    typealias Sheets = WorkbookTests

    func workbook(_ input: ReportInput = Fixture.input, _ language: ReportLanguage = .zh) throws -> XLSXPackage {
        let dir = try ReportWriter.write(input, options: ReportOptions(language: language), to: tmp.newFolder())
        return try XLSXPackage(dir.appendingPathComponent("reach-2026-11-20.xlsx"))
    }

    /// The fixture with days.csv's `data` set to `false` on `days`.
    func withoutData(on days: [Day]) -> ReportInput {
        var input = Fixture.input
        input.tables.days = input.tables.days.map { row in
            var row = row
            if days.contains(row.day) { row.data = false }
            return row
        }
        return input
    }

    @Test func calendarSheetShowsEveryDayInWords() throws {
        let book = try workbook()
        let sheet = Sheets.calendar
        #expect(try ["A1", "B1", "C1", "D1", "E1", "F1"].map { try book.string($0, sheet: sheet) }
                == ["日期", "数据", "是否打卡日", "应打卡人数", "请假人数", "说明"])
        #expect(try book.cell("A2", sheet: sheet)?.contains("<v>46343</v>") == true)  // 2026-11-17
        #expect(try book.string("B2", sheet: sheet) == "无数据")
        #expect(try book.string("C2", sheet: sheet) == "打卡日")
        #expect(try book.string("B3", sheet: sheet) == "有数据")
        #expect(try book.string("C3", sheet: sheet) == "休息日")
        #expect(try book.string("F3", sheet: sheet) == "+校运会; 调休", "a string cell: no CSV prefix")
        #expect(try book.cell("D4", sheet: sheet)?.contains("<v>3</v>") == true)
        #expect(try book.cell("E4", sheet: sheet)?.contains("<v>1</v>") == true)
        #expect(try book.cell("A6", sheet: sheet) == nil, "one row per day of both windows")

        let english = try workbook(Fixture.input, .en)
        #expect(try english.string("C1", sheet: sheet) == "Check-in day")
        #expect(try english.string("B2", sheet: sheet) == "no data")
        #expect(try english.string("C2", sheet: sheet) == "check-in day")
        #expect(try english.string("B3", sheet: sheet) == "data")
        #expect(try english.string("C3", sheet: sheet) == "off")
    }

    @Test func silentClassesSheetListsSilentDays() throws {
        let book = try workbook()
        let sheet = Sheets.silent
        #expect(try ["A1", "B1", "C1", "D1", "E1"].map { try book.string($0, sheet: sheet) }
                == ["日期", "学院", "支部", "班级", "应打卡人数"])
        #expect(try book.cell("A2", sheet: sheet)?.contains("<v>46345</v>") == true)
        #expect(try book.string("C2", sheet: sheet) == "第二支部")
        #expect(try book.string("D3", sheet: sheet) == "-计科2班")
        #expect(try book.cell("E3", sheet: sheet)?.contains("<v>1</v>") == true)
        #expect(try book.part("xl/worksheets/sheet\(sheet).xml").contains(#"<autoFilter ref="A1:E3"/>"#))
    }

    @Test func gapListShowsMissedRunAndLeaveBesideTheLastCheckin() throws {
        let book = try workbook()
        let sheet = Sheets.gaps
        #expect(try ["G1", "H1", "I1", "J1", "K1", "L1"].map { try book.string($0, sheet: sheet) }
                == ["最近打卡日", "距上次打卡天数", "连续缺卡天数", "请假天数", "打卡率", "原因"])
        // 李,四 (row 3): missed 3 check-in days in a row, 1 day on leave.
        #expect(try book.cell("I3", sheet: sheet)?.contains("<v>3</v>") == true)
        #expect(try book.cell("J3", sheet: sheet)?.contains("<v>1</v>") == true)
        #expect(try book.cell("J2", sheet: sheet)?.contains("<v>0</v>") == true)
        #expect(try book.string("L3", sheet: sheet) == "连续未打卡；打卡率低")
        let english = try workbook(Fixture.input, .en)
        #expect(try english.string("I1", sheet: sheet) == "Missed in a row")
        #expect(try english.string("J1", sheet: sheet) == "Days on leave")
    }

    @Test func membersDailyAndGroupSheetsGainTheNewColumns() throws {
        let book = try workbook()
        #expect(try book.string("P1", sheet: Sheets.members) == "请假天数")
        #expect(try book.string("Q1", sheet: Sheets.members) == "连续缺卡天数")
        #expect(try book.cell("Q3", sheet: Sheets.members)?.contains("<v>3</v>") == true)
        // 赵六, on leave all window: 2 days on leave and no check-in rate at all.
        #expect(try book.cell("P5", sheet: Sheets.members)?.contains("<v>2</v>") == true)
        #expect(try book.cell("I5", sheet: Sheets.members) == nil)
        #expect(try book.string("L1", sheet: Sheets.daily) == "请假人数")
        #expect(try book.string("H1", sheet: Sheets.classes) == "计入天数")
        #expect(try book.string("K1", sheet: Sheets.classes) == "请假人天")
        #expect(try book.cell("H2", sheet: Sheets.classes)?.contains("<v>2</v>") == true)
    }

    @Test func headlineNamesTheDaysWithData() throws {
        let book = try workbook()
        #expect(try book.string("A10", sheet: Sheets.overview) == "计入天数")
        #expect(try book.string("B10", sheet: Sheets.overview) == "2 个有数据的打卡日（窗口共 2 天）")
        #expect(try workbook(Fixture.input, .en).string("B10", sheet: Sheets.overview) == "2 check-in days with data, of 2")
        #expect(try book.string("A2", sheet: Sheets.overview) == nil, "A has data: no warning")
    }

    @Test func aMissingPreviousCoverageIsSaidInWords() throws {
        var input = Fixture.input
        input.tables.groups[0].previousCoverage = nil
        // The previous window has a data day (an off day): nobody was expected.
        let book = try workbook(input)
        #expect(try book.string("B11", sheet: Sheets.overview) == "上期无人应打卡，无法比较")
        #expect(try book.cell("B12", sheet: Sheets.overview) == nil, "no change without a previous coverage")
        var noData = withoutData(on: [Fixture.offDay])
        noData.tables.groups[0].previousCoverage = nil
        #expect(try workbook(noData).string("B11", sheet: Sheets.overview) == "上期无数据，无法比较")
        #expect(try workbook(noData, .en).string("B11", sheet: Sheets.overview) == "no data in the previous window to compare")
    }

    @Test func anAsOfDayWithoutDataGetsARedLineNamingTheLastDataDay() throws {
        let book = try workbook(withoutData(on: [Fixture.asOf]))
        let line = try #require(try book.string("A2", sheet: Sheets.overview))
        #expect(line.hasPrefix("注意：截至日 2026-11-20 没有数据"))
        #expect(line.contains("最近有数据的一天是 2026-11-19"))
        // Its format: bold, in red.
        let style = try #require(try book.cell("A2", sheet: Sheets.overview)).contains(#" s=""#)
        #expect(style)
        #expect(try book.part("xl/styles.xml").contains(#"<b/><sz val="11"/><color rgb="FFC00000"/>"#))

        let english = try workbook(withoutData(on: [Fixture.asOf]), .en)
        #expect(try english.string("A2", sheet: Sheets.overview)?
            .hasPrefix("Warning: 2026-11-20, the as-of day, has no data") == true)
        let nothing = try workbook(withoutData(on: Fixture.input.tables.days.map(\.day)))
        #expect(try nothing.string("A2", sheet: Sheets.overview)?.contains("前 4 天都没有数据") == true)
    }

    /// A day without data has no daily row: its trend cells stay empty and
    /// the chart leaves a gap there — no point, not a 0 % point.
    @Test func theTrendChartLeavesGapsOnDaysWithoutData() throws {
        var input = withoutData(on: [Fixture.day1])
        input.tables.daily.removeAll { $0.day == Fixture.day1 }
        let book = try workbook(input)
        // The trend table: header on row 33 (under the data-quality counts,
        // absent rows included), then 2026-11-19 and 2026-11-20; only the
        // school has daily rows left, so the note is column C.
        #expect(try book.string("A33", sheet: Sheets.overview) == "日期")
        #expect(try book.string("C33", sheet: Sheets.overview) == "说明")
        #expect(try book.cell("A34", sheet: Sheets.overview)?.contains("<v>46345</v>") == true)
        #expect(try book.cell("B34", sheet: Sheets.overview) == nil, "a blank cell, not 0")
        #expect(try book.string("C34", sheet: Sheets.overview) == "无数据")
        #expect(try book.cell("B35", sheet: Sheets.overview)?.contains("<v>0.3333333333333333</v>") == true)
        #expect(try book.string("C35", sheet: Sheets.overview) == "补课")

        let chart = try book.part("xl/charts/chart1.xml")
        // Gaps are libxlsxwriter's default, which it writes by leaving
        // <c:dispBlanksAs> out; zero or span would be written.
        #expect(!chart.contains("dispBlanksAs"))
        let values = try #require(matches(#"<c:val>(.*?)</c:val>"#, in: chart).first)
        #expect(values.contains(#"<c:ptCount val="2"/>"#))
        #expect(!values.contains(#"<c:pt idx="0">"#), "no point on the day without data")
        #expect(values.contains(#"<c:pt idx="1"><c:v>0.3333333333333333</c:v></c:pt>"#))
        let categories = try #require(matches(#"<c:cat>(.*?)</c:cat>"#, in: chart).first)
        #expect(categories.contains(#"<c:pt idx="0"><c:v>46345</c:v></c:pt>"#), "the day keeps its place on the axis")
    }

    @Test func offDaysAndLeaveOnlyDaysAreNamedInTheTrend() {
        let labels = Labels(language: .zh)
        let off = DayRow(day: Fixture.offDay, data: true, checkinDay: false, expected: 0, excused: 0, note: "国庆")
        #expect(labels.dayNote(off, hasFigure: false) == "休息日：国庆")
        let leaveOnly = DayRow(day: Fixture.day1, data: true, checkinDay: true, expected: 0, excused: 5, note: "")
        #expect(labels.dayNote(leaveOnly, hasFigure: false) == "无人应打卡")
        #expect(Labels(language: .en).dayNote(off, hasFigure: false) == "off: 国庆")
        #expect(labels.dayNote(nil, hasFigure: false) == "", "nothing known, nothing said")
    }
}
