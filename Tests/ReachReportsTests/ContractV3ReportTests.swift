import Foundation
import ReachMetrics
import ReachModel
import ReachTestSupport
import Testing
@testable import ReachReports

/// The reports' side of contract v3: quality.csv's `absent` column (last,
/// SPEC 3) and the notes of ingested files in its `reason`; rejects.csv's
/// `line` written `SHEET!ROW` for spreadsheet rows; the workbook shows both.
@Suite struct ContractV3ReportTests {
    let tmp = TempFolder()

    static let bom = "\u{FEFF}"
    static let overview = 1, quality = 11

    static var input: ReportInput {
        var input = Fixture.input
        input.quality = [
            FileOutcome(file: "名单.xlsx", kind: "members", status: .ingested, rows: 3, accepted: 3,
                        reason: "read sheet 名单; other sheets: 说明"),
            FileOutcome(file: "打卡.xlsx", kind: "checkins", status: .ingested, rows: 14, accepted: 7, duplicates: 2,
                        rejected: 3, absent: 2),
            FileOutcome(file: "打卡-copy.xlsx", kind: "checkins", status: .skipped, reason: "the same bytes were ingested before"),
        ]
        // In the store's order: file, sheet (none first), line number.
        input.rejects = [
            RowReject(file: "checkins-11.csv", line: 7, reason: "unparseable time", raw: "007,x"),
            RowReject(file: "打卡.xlsx", line: 3, reason: "empty member_id", raw: ",08:00", sheet: "=x"),
            RowReject(file: "打卡.xlsx", line: 9, reason: "empty member_id", raw: ",08:01", sheet: "Sheet1"),
            RowReject(file: "打卡.xlsx", line: 17, reason: "unparseable time", raw: "007,25:00", sheet: "Sheet1"),
        ]
        return input
    }

    func written(_ language: ReportLanguage = .zh) throws -> URL {
        try ReportWriter.write(Self.input, options: ReportOptions(language: language), to: tmp.newFolder())
    }

    /// The value of a number cell; `nil` for a string or a missing cell.
    func number(_ book: XLSXPackage, _ ref: String, sheet: Int) throws -> String? {
        guard let c = try book.cell(ref, sheet: sheet), !c.contains(#"t=""#) else { return nil }
        return matches(#"<v>([^<]*)</v>"#, in: c).first
    }

    @Test func qualityEndsWithAbsentAndShowsNotes() throws {
        let dir = try written()
        #expect(try Fixture.text(dir.appendingPathComponent("quality.csv")) == Self.bom + #"""
            file,kind,status,rows,accepted,duplicates,rejected,reason,absent
            名单.xlsx,members,ingested,3,3,0,0,read sheet 名单; other sheets: 说明,0
            打卡.xlsx,checkins,ingested,14,7,2,3,,2
            打卡-copy.xlsx,checkins,skipped,0,0,0,0,the same bytes were ingested before,0

            """#)
    }

    /// A delimited file's line is a number; a sheet row is `SHEET!ROW`, text,
    /// guarded like any text when the sheet's name looks like a formula.
    @Test func rejectsWriteTheSheetAndRow() throws {
        let dir = try written()
        #expect(try Fixture.text(dir.appendingPathComponent("rejects.csv")) == Self.bom + #"""
            file,line,reason,raw
            checkins-11.csv,7,unparseable time,"007,x"
            打卡.xlsx,'=x!3,empty member_id,",08:00"
            打卡.xlsx,Sheet1!9,empty member_id,",08:01"
            打卡.xlsx,Sheet1!17,unparseable time,"007,25:00"

            """#)
    }

    @Test func theDataQualitySheetHasAbsentAndLocations() throws {
        let book = try XLSXPackage(written().appendingPathComponent("reach-2026-11-20.xlsx"))
        // Files block: label, header (row 2), three files; absent beside the
        // other counts, the reason or notes last.
        #expect(try book.string("G2", sheet: Self.quality) == "被拒行")
        #expect(try book.string("H2", sheet: Self.quality) == "缺卡/未打卡")
        #expect(try book.string("I2", sheet: Self.quality) == "原因/说明")
        #expect(try number(book, "H4", sheet: Self.quality) == "2")
        #expect(try number(book, "G4", sheet: Self.quality) == "3")
        #expect(try book.string("I3", sheet: Self.quality) == "read sheet 名单; other sheets: 说明")
        // Rejects block: label (row 7), header (row 8), rows from 9. A line
        // number stays a number; a sheet row is a string, never a formula.
        #expect(try book.string("B8", sheet: Self.quality) == "行号")
        #expect(try number(book, "B9", sheet: Self.quality) == "7")
        #expect(try book.string("B10", sheet: Self.quality) == "=x!3")
        #expect(try book.string("B11", sheet: Self.quality) == "Sheet1!9")
        #expect(try book.string("B12", sheet: Self.quality) == "Sheet1!17")
        #expect(try !book.part("xl/worksheets/sheet\(Self.quality).xml").contains("<f>"))
    }

    @Test func theOverviewCountsAbsentRows() throws {
        for (language, label) in [(ReportLanguage.zh, "缺卡/未打卡行"), (.en, "Absent rows (not checked in)")] {
            let book = try XLSXPackage(written(language).appendingPathComponent("reach-2026-11-20.xlsx"))
            let row = try #require(try (1...40).first { try book.string("A\($0)", sheet: Self.overview) == label },
                                   "no \(label) line")
            #expect(try number(book, "B\(row)", sheet: Self.overview) == "2")
            // Right under the rejected rows (3 of them).
            #expect(try number(book, "B\(row - 1)", sheet: Self.overview) == "3")
        }
    }

    @Test func englishHeadersNameTheColumns() throws {
        let book = try XLSXPackage(written(.en).appendingPathComponent("reach-2026-11-20.xlsx"))
        #expect(try book.string("H2", sheet: Self.quality) == "Absent")
        #expect(try book.string("I2", sheet: Self.quality) == "Reason or note")
    }
}
