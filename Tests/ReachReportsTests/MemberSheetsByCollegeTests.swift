import Foundation
import ReachMetrics
import ReachModel
import ReachTestSupport
import Testing
@testable import ReachReports

/// A roster above the size the main workbook holds (``ReportOptions/largeRoster``,
/// made small here): the members and gap-list sheets move to one workbook
/// per college, plus one for the members without a college; nothing is
/// lost, and the overview says where they are. The fixture has four
/// members.csv rows: three of 计算机学院, one (0123) without a college.
@Suite struct MemberSheetsByCollegeTests {
    let tmp = TempFolder()

    /// The fixture's roster is above a threshold of 3 members.
    static let large = ReportOptions(mainWorkbookMembers: 3)

    func write(_ options: ReportOptions, _ input: ReportInput = Fixture.input) throws -> URL {
        try ReportWriter.write(input, options: options, to: tmp.newFolder())
    }

    static func files(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func aboveTheThresholdTheMemberSheetsLeaveTheMainWorkbook() throws {
        let dir = try write(Self.large)
        let main = try XLSXPackage(dir.appendingPathComponent("reach-2026-11-20.xlsx"))
        #expect(try main.sheetNames() == ["总览", "学院", "支部", "班级", "每日", "沉默班级", "推文", "校历", "数据质量", "优秀评论"])
        #expect(try Self.files(dir.appendingPathComponent("by-college"))
                == ["计算机学院.txt", "计算机学院.xlsx", "（未填学院）.txt", "（未填学院）.xlsx"])
        // The CSV files are all there, unchanged in name.
        #expect(try Self.files(dir) == (ReportWriter.csvFileNames + ["by-college", "reach-2026-11-20.xlsx"]).sorted())
    }

    @Test func everyMembersRowIsInExactlyOneCollegeWorkbook() throws {
        let dir = try write(Self.large)
        let folder = dir.appendingPathComponent("by-college")
        var members: [String] = [], gaps: [String] = []
        for name in try Self.files(folder) where name.hasSuffix(".xlsx") {
            let book = try XLSXPackage(folder.appendingPathComponent(name))
            gaps += try book.column("A", sheet: 1, from: 3)
            members += try book.column("A", sheet: 2, from: 3)
        }
        let membersCSV = try csvColumn(0, of: dir.appendingPathComponent("members.csv"))
        let gapsCSV = try csvColumn(4, of: dir.appendingPathComponent("gaps.csv"))
        #expect(membersCSV.count == 4)
        #expect(members.count == membersCSV.count)
        #expect(members.sorted() == membersCSV.sorted())
        #expect(Set(members).count == members.count, "no member twice")
        #expect(gaps.sorted() == gapsCSV.sorted())
    }

    @Test func membersWithoutACollegeHaveAWorkbookOfTheirOwn() throws {
        let dir = try write(Self.large)
        let folder = dir.appendingPathComponent("by-college")
        let book = try XLSXPackage(folder.appendingPathComponent("（未填学院）.xlsx"))
        #expect(try book.sheetNames() == ["缺卡名单", "成员"], "no college group, so no daily rows and no trend")
        #expect(try book.column("A", sheet: 2, from: 3) == ["0123"])
        #expect(try book.column("A", sheet: 1, from: 3) == ["0123"])
        #expect(try Fixture.text(folder.appendingPathComponent("（未填学院）.txt")) == """
            【打卡提醒】（未填学院）
            截至11月20日，以下1位同学需要留意打卡：
            1. He said "hi"（0123）：至今未打卡
            请以上同学今天记得打卡，有困难请联系辅导员。谢谢！

            """)
        let college = try XLSXPackage(folder.appendingPathComponent("计算机学院.xlsx"))
        #expect(try college.sheetNames() == ["缺卡名单", "成员", "每日"])
        #expect(try college.column("A", sheet: 2, from: 3) == ["=1+1", "007", "2023009"])
    }

    @Test func inEnglishTheExtraWorkbookIsNoCollege() throws {
        var options = Self.large
        options.language = .en
        let dir = try write(options)
        #expect(try Self.files(dir.appendingPathComponent("by-college"))
                == ["(no college).txt", "(no college).xlsx", "计算机学院.txt", "计算机学院.xlsx"])
        let main = try XLSXPackage(dir.appendingPathComponent("reach-2026-11-20.xlsx"))
        #expect(try main.string("A15", sheet: 1) == "Member and gap lists")
        #expect(try main.string("B15", sheet: 1) == "not in this workbook: in the by-college folder, one workbook per "
                + "college, 2 in all (members without a college: (no college).xlsx), as the roster has more than 3 members")
    }

    @Test func aCollegeNamedLikeTheExtraWorkbookGetsAnotherFileName() throws {
        var input = Fixture.input
        input.tables.members = input.tables.members.map { row in
            var row = row
            if row.member.memberID == "007" { row.member.college = "（未填学院）" }
            return row
        }
        let dir = try write(Self.large, input)
        #expect(try Self.files(dir.appendingPathComponent("by-college"))
                == ["计算机学院.txt", "计算机学院.xlsx", "（未填学院）-2.txt", "（未填学院）-2.xlsx", "（未填学院）.txt",
                    "（未填学院）.xlsx"])
        let extra = try XLSXPackage(dir.appendingPathComponent("by-college/（未填学院）.xlsx"))
        #expect(try extra.column("A", sheet: 2, from: 3) == ["0123"])
        let named = try XLSXPackage(dir.appendingPathComponent("by-college/（未填学院）-2.xlsx"))
        #expect(try named.column("A", sheet: 2, from: 3) == ["007"])
    }

    @Test func theOverviewSaysWhereTheListsAreAndKeepsTheCounts() throws {
        let dir = try write(Self.large)
        let main = try XLSXPackage(dir.appendingPathComponent("reach-2026-11-20.xlsx"))
        #expect(try main.string("A13", sheet: 1) == "成员数")
        #expect(try main.cell("B13", sheet: 1)?.contains("<v>3</v>") == true)
        #expect(try main.string("A14", sheet: 1) == "缺卡名单人数")
        #expect(try main.cell("B14", sheet: 1)?.contains("<v>2</v>") == true)
        #expect(try main.string("A15", sheet: 1) == "成员名单和缺卡名单")
        #expect(try main.string("B15", sheet: 1)
                == "不在本工作簿：见 by-college 文件夹，每个学院一个工作簿，共 2 个，未填学院的成员见“（未填学院）.xlsx”。成员超过 3 人，一张表放不下。")
        // The long line wraps in its cell, its row as tall as its lines.
        let sheet = try main.part("xl/worksheets/sheet1.xml")
        #expect(sheet.contains(#"<row r="15" spans="#) && sheet.range(of: #"<row r="15"[^>]*customHeight="1""#,
                                                                        options: .regularExpression) != nil)
        #expect(try main.part("xl/styles.xml").contains(#"wrapText="1""#))
        #expect(try main.string("A17", sheet: 1) == "数据质量", "the sections below move down a row")
    }

    @Test func atOrBelowTheThresholdNothingChanges() throws {
        let atThreshold = try write(ReportOptions(mainWorkbookMembers: 4))
        let standard = try write(ReportOptions())
        #expect(try Self.files(atThreshold) == Self.files(standard))
        #expect(!FileManager.default.fileExists(atPath: atThreshold.appendingPathComponent("by-college").path))
        for name in try Self.files(standard) {
            let a = atThreshold.appendingPathComponent(name), b = standard.appendingPathComponent(name)
            if name.hasSuffix(".xlsx") {
                let x = try XLSXPackage(a), y = try XLSXPackage(b)
                #expect(x.parts.keys.sorted() == y.parts.keys.sorted())
                for (part, xml) in x.parts where part != "docProps/core.xml" {  // core.xml: creation time
                    #expect(y.parts[part] == xml, "\(name): part \(part)")
                }
                #expect(!x.parts["xl/styles.xml"]!.contains("wrapText"), "no format added when nothing wraps")
            } else {
                #expect(try Data(contentsOf: a) == Data(contentsOf: b), "\(name)")
            }
        }
    }

    @Test func splitCollegeOfALargeRosterIsWrittenOnce() throws {
        var options = Self.large
        options.split = .college
        let written = try ReportWriter.writeTimed(Fixture.input, options: options, to: tmp.newFolder())
        #expect(try Self.files(written.folder).filter { $0.hasPrefix("by-") } == ["by-college"])
        #expect(try Self.files(written.folder.appendingPathComponent("by-college")).count == 4)
        #expect(written.groupWorkbooks == 2)
        #expect(written.memberSheetsByCollege)
        #expect(written.leftOut.isEmpty)
    }

    @Test func aLargeRosterWithMoreCollegesThanTheLimitKeepsTheSheetsCut() throws {
        var options = Self.large
        options.splitLimit = 1
        let written = try ReportWriter.writeTimed(Fixture.input, options: options, to: tmp.newFolder())
        let dir = written.folder
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("by-college").path))
        #expect(written.leftOut == [SplitLeftOut(scope: .college, groups: 2, limit: 1,
                                                 largeRoster: .init(members: 4, above: 3))])
        let main = try XLSXPackage(dir.appendingPathComponent("reach-2026-11-20.xlsx"))
        #expect(try main.sheetNames().contains("成员"))
        #expect(try main.sheetNames().contains("缺卡名单"))
        #expect(try main.column("A", sheet: 8) == ["0123", "=1+1", "007", "2023009"])
        #expect(try main.string("B15", sheet: 1) == "在本工作簿「成员」「缺卡名单」表中，超出 Excel 行数上限的部分只在 members.csv 和 "
                + "gaps.csv 中。成员超过 3 人，本应每个学院一个工作簿，但 2 个学院超过分组文件上限 1（split_limit，--split-limit）。")
        #expect(try main.string("A16", sheet: 1) == nil, "one line: the split asked for is not said twice")
    }

    @Test func aCollegeWorkbookIsCutAtItsRowLimitWithANote() throws {
        // More members than a normal sheet takes (so the sheet streams) and
        // than the limit given (Excel's, in a report).
        let many = (0 ..< GroupWorkbook.streamingRows + 2).map { i in
            MemberRow(member: Member(memberID: String(format: "M%05d", i), name: "名\(i)", className: "C", branch: "B",
                                     college: "大学院"),
                      expectedDays: 2, checkinDays: 1, shares: 0, comments: 0, lastCheckin: nil, daysSince: nil,
                      currentStreak: 0, longestStreak: 1)
        }
        let layout = GroupWorkbook.Layout(language: .zh, minRate: 0.6, asOf: Fixture.asOf,
                                          audit: AuditSheets(language: .zh, window: 30, posts: [:], zone: .shanghai),
                                          maxRows: GroupWorkbook.streamingRows)
        let url = tmp.fileURL("大学院.xlsx")
        try GroupWorkbook(gaps: PickedRows(table: [], places: []), members: PickedRows(table: many, places: Array(many.indices)),
                          trend: nil, layout: layout).write(to: url.path)
        let book = try XLSXPackage(url)
        // Row 1 is the title line, row 2 the header (contract v4).
        let last = GroupWorkbook.streamingRows + 2
        #expect(try book.string("A1", sheet: 2) == "成员　学院：大学院　支部：B　班级：C")
        #expect(try book.cell("A3", sheet: 2)?.contains(#"t="inlineStr""#) == true, "a long sheet streams")
        #expect(try book.string("A\(last)", sheet: 2) == String(format: "M%05d", last - 3))
        #expect(try book.string("A\(last + 1)", sheet: 2) == "…… 另有 2 行未在此列出，members.csv 中有全部行")
        #expect(try book.string("A\(last + 2)", sheet: 2) == nil)
    }

    @Test func longMainWorkbookTablesEndInANoteNamingTheirCSVFile() throws {
        var input = Fixture.input
        let rows = MainWorkbook.maxTableRows + 3
        input.tables.silent = (0 ..< rows).map { i in
            SilentRow(day: Fixture.asOf, college: "", branch: "B", className: "C\(i)", expected: 1)
        }
        let dir = try write(ReportOptions(), input)
        let book = try XLSXPackage(dir.appendingPathComponent("reach-2026-11-20.xlsx"))
        let note = MainWorkbook.maxTableRows + 2
        #expect(try book.string("A\(note)", sheet: WorkbookTests.silent) == "…… 另有 3 行未在此列出，silent.csv 中有全部行")
        #expect(try csvColumn(3, of: dir.appendingPathComponent("silent.csv")).count == rows, "the CSV file keeps every row")
    }
}

extension XLSXPackage {
    /// The strings of column `col` of sheet number `sheet`, from row `top`
    /// down to the first row without one (a table's values under its
    /// header; a split workbook's tables start at row 3, under their title
    /// line and header).
    func column(_ col: String, sheet: Int, from top: Int = 2) throws -> [String] {
        var values: [String] = [], row = top
        while let value = try string("\(col)\(row)", sheet: sheet) {
            values.append(value)
            row += 1
        }
        return values
    }
}

/// Field `index` of every data row of a report CSV file, as written (a
/// guarded text keeps its `'`, undone here for text that starts like a
/// formula, as the workbook shows it).
func csvColumn(_ index: Int, of url: URL) throws -> [String] {
    var text = try Fixture.text(url)
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    return text.split(separator: "\n").dropFirst().map { line in
        var fields: [String] = [], field = "", quoted = false
        for ch in line {
            if ch == "\"" { quoted.toggle(); continue }
            if ch == "," && !quoted { fields.append(field); field = ""; continue }
            field.append(ch)
        }
        fields.append(field)
        let value = fields[index]
        if value.hasPrefix("'"), let next = value.dropFirst().first, "=+-@\t\r".contains(next) { return String(value.dropFirst()) }
        return value
    }
}
