import Foundation
import ReachMetrics
import ReachModel
import ReachTestSupport
import Testing
@testable import ReachReports

@Suite struct SplitTests {
    let tmp = TempFolder()

    @Test func oneWorkbookAndReminderPerClass() throws {
        let dir = try ReportWriter.write(Fixture.input, options: ReportOptions(split: .class), to: tmp.newFolder())
        let split = dir.appendingPathComponent("by-class")
        #expect(try FileManager.default.contentsOfDirectory(atPath: split.path).sorted()
                == ["-计科2班.txt", "-计科2班.xlsx", "计科1班.txt", "计科1班.xlsx"])
        let book = try XLSXPackage(split.appendingPathComponent("计科1班.xlsx"))
        #expect(try book.sheetNames() == ["缺卡名单", "成员", "每日"])
        // Gap list: only 李,四; members: 李,四 and 张三 (in members.csv order),
        // under a title line and the header (contract v4).
        #expect(try book.string("A3", sheet: 1) == "=1+1")
        #expect(try book.string("A4", sheet: 1) == nil)
        #expect(try book.string("A3", sheet: 2) == "=1+1")
        #expect(try book.string("A4", sheet: 2) == "007")
        #expect(try book.parts["xl/charts/chart1.xml"] == nil)  // no daily rows for this class in the fixture
        let other = try XLSXPackage(split.appendingPathComponent("-计科2班.xlsx"))
        // The trend has every day of the window: 2026-11-19 without a row
        // for this class (empty, with the reason), then 2026-11-20; below its
        // title line and header (contract v4).
        #expect(try other.cell("A3", sheet: 3)?.contains("<v>46345</v>") == true)
        #expect(try other.cell("D3", sheet: 3) == nil)
        #expect(try other.string("K3", sheet: 3) == "无人应打卡")
        #expect(try other.cell("A4", sheet: 3)?.contains("<v>46346</v>") == true)
        #expect(try other.cell("D4", sheet: 3)?.contains("<v>0</v>") == true)
        #expect(try other.string("K4", sheet: 3) == "补课")
        let chart = try other.part("xl/charts/chart1.xml")
        #expect(chart.contains("<c:numCache>"))
        #expect(!chart.contains("dispBlanksAs"), "no zero, no span: libxlsxwriter leaves the element out for gaps")
    }

    @Test func reminderListsTheGapListInWords() throws {
        let dir = try ReportWriter.write(Fixture.input, options: ReportOptions(split: .class), to: tmp.newFolder())
        let split = dir.appendingPathComponent("by-class")
        #expect(try Fixture.text(split.appendingPathComponent("计科1班.txt")) == """
            【打卡提醒】计科1班
            截至11月20日，以下1位同学需要留意打卡：
            1. 李,四（=1+1）：已连续3个打卡日未打卡，近2天打卡率50%
            请以上同学今天记得打卡，有困难请联系辅导员。谢谢！

            """)
        #expect(try Fixture.text(split.appendingPathComponent("-计科2班.txt")) == """
            【打卡提醒】-计科2班
            截至11月20日，以下1位同学需要留意打卡：
            1. He said "hi"（0123）：至今未打卡
            请以上同学今天记得打卡，有困难请联系辅导员。谢谢！

            """)
    }

    @Test func collegeSplitLeavesOutMembersWithoutCollege() throws {
        let dir = try ReportWriter.write(Fixture.input, options: ReportOptions(split: .college), to: tmp.newFolder())
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("by-college").path).sorted()
                == ["计算机学院.txt", "计算机学院.xlsx"])
    }

    @Test func reminderWithoutGapsThanksEveryone() {
        #expect(Reminder.text(group: "计科3班", gaps: [], options: Fixture.options) == """
            【打卡提醒】计科3班
            截至11月20日，大家都在按时打卡，谢谢大家，请继续保持！

            """)
    }

    @Test func percentsRoundHalfUpFromTheExactFraction() {
        #expect(Reminder.percentText(Ratio(1, 2)) == "50%")
        #expect(Reminder.percentText(Ratio(1, 3)) == "33.3%")
        #expect(Reminder.percentText(Ratio(2, 3)) == "66.7%")
        #expect(Reminder.percentText(Ratio(1, 2000)) == "0.1%")  // 0.05 % rounds up
        #expect(Reminder.percentText(Ratio(0, 5)) == "0%")
    }

    @Test func groupNamesBecomeSafeFileNames() {
        #expect(safeFileName("计科/1班") == "计科_1班")
        #expect(safeFileName(#"a\b:c*d?e"f<g>h|i"#) == "a_b_c_d_e_f_g_h_i")
        #expect(safeFileName("..hidden.v2") == "__hidden.v2")
        #expect(safeFileName("") == "_")
        #expect(uniqueFileNames(["a/b", "a:b", "A_b", "c"]) == ["a_b", "a_b-2", "A_b-3", "c"])
    }

    @Test func groupsAreSortedByNameWithTheirRowsInTableOrder() {
        let groups = GroupSplit.groups(Fixture.tables, scope: .class)
        #expect(groups.map(\.name) == ["-计科2班", "计科1班"])
        #expect(groups.map(\.fileName) == ["-计科2班", "计科1班"])
        #expect(groups[1].members.map(\.member.memberID) == Fixture.tables.members.filter { $0.member.className == "计科1班" }
            .map(\.member.memberID))
        #expect(groups[1].gaps.map(\.member.memberID) == ["=1+1"])
        #expect(groups[0].daily?.map(\.day) == [Fixture.asOf], "only the class's own daily rows")
        #expect(groups[1].daily?.isEmpty == true)
    }

    @Test func splitFilesAreTheSameWrittenOnOneLaneOrBesideTheMainWorkbook() throws {
        let dir = try ReportWriter.write(Fixture.input, options: ReportOptions(split: .class), to: tmp.newFolder())
        let oneLane = tmp.newFolder()
        let split = GroupSplit(Fixture.input, scope: .class, language: .zh)
        try runConcurrently(try split.jobs(into: oneLane).map(\.run), threads: 1)
        let a = dir.appendingPathComponent("by-class"), b = oneLane.appendingPathComponent("by-class")
        let names = try FileManager.default.contentsOfDirectory(atPath: a.path).sorted()
        #expect(try FileManager.default.contentsOfDirectory(atPath: b.path).sorted() == names)
        for name in names where name.hasSuffix(".txt") {
            #expect(try Data(contentsOf: a.appendingPathComponent(name)) == Data(contentsOf: b.appendingPathComponent(name)))
        }
        for name in names where name.hasSuffix(".xlsx") {
            let x = try XLSXPackage(a.appendingPathComponent(name)), y = try XLSXPackage(b.appendingPathComponent(name))
            #expect(x.parts.keys.sorted() == y.parts.keys.sorted())
            for (part, xml) in x.parts where part != "docProps/core.xml" {  // core.xml: creation time
                #expect(y.parts[part] == xml, "\(name): part \(part)")
            }
        }
    }
}
