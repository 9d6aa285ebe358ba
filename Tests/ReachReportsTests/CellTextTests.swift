import CXLSXWriter
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ReachMetrics
import ReachModel
import ReachTestSupport
import Testing
@testable import ReachReports

/// Texts no cell can hold as they are (SPEC 4): longer than Excel's limit,
/// or with characters XML 1.0 has no place for. Any stored text can reach
/// a cell, and none may make a report impossible.
@Suite struct CellTextTests {
    let tmp = TempFolder()

    static let quality = 11, members = 8, gaps = 6

    /// 40,000 characters, ASCII and Chinese mixed.
    static let longRaw = String((0..<40_000).map { $0 % 3 == 0 ? "数" : $0 % 3 == 1 ? "a" : "," })

    func report(_ input: ReportInput, split: Scope? = nil) throws -> (dir: URL, book: XLSXPackage) {
        let dir = try ReportWriter.write(input, options: ReportOptions(split: split), to: tmp.newFolder())
        return (dir, try XLSXPackage(dir.appendingPathComponent("reach-2026-11-20.xlsx")))
    }

    /// The fixture with 张三 renamed, and his college (the one college of the
    /// daily rows, so a series of the overview's chart) too.
    func input(name: String, college: String = "计算机学院", counsellor: String = "王老师") -> ReportInput {
        var input = Fixture.input
        input.tables.daily = input.tables.daily.map { row in
            var row = row
            if row.scope == .college { row.group = college }
            return row
        }
        func renamed(_ member: Member) -> Member {
            guard member.memberID == "007" else { return member }
            var member = member
            member.name = name
            member.college = college
            member.counsellor = counsellor
            return member
        }
        input.tables.members = input.tables.members.map { row in
            var row = row
            row.member = renamed(row.member)
            return row
        }
        input.tables.gaps = input.tables.gaps.map { row in
            var row = row
            row.member = renamed(row.member)
            return row
        }
        return input
    }

    // MARK: Length

    @Test func aRejectedRowLongerThanACellIsCutInTheWorkbookAndKeptWholeInTheCSV() throws {
        var input = Fixture.input
        input.rejects = [RowReject(file: "checkins-11.csv", line: 7, reason: "too many fields", raw: Self.longRaw)]
        let (dir, book) = try report(input)
        // 数据质量: files block (label, header, 3 rows), a blank row, the rejects label and header: raw is D9.
        let cell = try #require(try book.string("D9", sheet: Self.quality))
        #expect(cell == String(Self.longRaw.prefix(32_766)) + "…")
        #expect(cell.count == 32_767 && cell.utf16.count == 32_767 && cell.unicodeScalars.count == 32_767)
        let csv = try Fixture.text(dir.appendingPathComponent("rejects.csv"))
        #expect(csv.contains("\"" + Self.longRaw + "\""))
    }

    @Test func aRosterNameLongerThanACellStillGivesEveryWorkbook() throws {
        let name = String(repeating: "王", count: 33_000)
        let (dir, book) = try report(input(name: name), split: .class)
        let cut = String(repeating: "王", count: 32_766) + "…"
        #expect(try book.string("B4", sheet: Self.members) == cut)  // streaming sheet: an inline string
        #expect(try Fixture.text(dir.appendingPathComponent("members.csv")).contains(name))
        let split = try XLSXPackage(dir.appendingPathComponent("by-class/计科1班.xlsx"))
        #expect(try split.string("B4", sheet: 2) == cut)  // under the title line and the header (contract v4)
    }

    @Test func theCutCountsUTF16AsExcelDoesAndKeepsCharactersWhole() {
        // An emoji is one code point (libxlsxwriter's count) but two UTF-16
        // units (Excel's): 20,000 of them are too long for Excel.
        let emoji = String(repeating: "😀", count: 20_000)
        #expect(CellText.fitted(emoji) == String(repeating: "😀", count: 16_383) + "…")
        // A family is one character of eight units; it is never split.
        let family = "👨‍👩‍👧"
        let families = "ab" + String(repeating: family, count: 5_000)
        let cut = CellText.fitted(families)
        #expect(cut == "ab" + String(repeating: family, count: 4_095) + "…")
        #expect(cut.utf16.count == 2 + 4_095 * 8 + 1)
        // A single character longer than a cell is cut between its scalars.
        let accents = "e" + String(repeating: "\u{301}", count: 40_000)
        #expect(CellText.fitted(accents).unicodeScalars.elementsEqual(
            ("e" + String(repeating: "\u{301}", count: 32_765) + "…").unicodeScalars))
        // Texts that fit stay as they are, at the limit too.
        let full = String(repeating: "数", count: 32_767)
        #expect(CellText.fitted(full) == full)
        #expect(CellText.fitted(full + "a") == String(repeating: "数", count: 32_766) + "…")
    }

    // MARK: Characters XML cannot hold

    @Test func controlCharactersLeaveEveryPartWellFormed() throws {
        // 张三's name, counsellor and college (which names a series of the
        // overview's chart, whose copy of the name libxlsxwriter does not escape).
        let (_, book) = try report(input(name: "张\u{01}三\u{0B}x\u{FFFE}\u{FFFF}", college: "计算机\u{01}学院",
                                         counsellor: "王\u{0}老师"), split: .college)
        for (path, xml) in book.parts where path.hasSuffix(".xml") || path.hasSuffix(".rels") {
            #expect(XMLCheck.isWellFormed(xml), "\(path) is not well-formed XML")
        }
        #expect(try book.string("B4", sheet: Self.members) == "张\u{FFFD}三\u{FFFD}x\u{FFFD}\u{FFFD}")
        #expect(try book.string("F4", sheet: Self.members) == "王\u{FFFD}老师")  // not cut at U+0000
        #expect(try book.part("xl/charts/chart1.xml").contains("计算机\u{FFFD}学院"))
        // Tab, line feed and carriage return are XML; they stay.
        #expect(CellText.fitted("a\tb\nc\rd") == "a\tb\nc\rd")
        #expect(CellText.fitted("\u{7F}\u{85}\u{FFFD}\u{10FFFF}") == "\u{7F}\u{85}\u{FFFD}\u{10FFFF}")
    }

    // MARK: Errors

    @Test func onlyFileErrorsAskAboutTheDisk() {
        #expect(Workbook.remedy(LXW_ERROR_CREATING_XLSX_FILE).contains("disks have space"))
        #expect(Workbook.remedy(LXW_ERROR_ZIP_FILE_ADD).contains("writable"))
        #expect(!Workbook.remedy(LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED).contains("disk have space"))
        #expect(Workbook.remedy(LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED).contains("bug"))
        #expect(Workbook.remedy(LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE).contains("bug"))
        #expect(Workbook.remedy(LXW_ERROR_MEMORY_MALLOC_FAILED).contains("memory"))
    }
}

/// Parses a document with Foundation's XML parser.
enum XMLCheck {
    static func isWellFormed(_ xml: String) -> Bool {
        XMLParser(data: Data(xml.utf8)).parse()
    }
}
