import Foundation
import ReachTestSupport
import Testing
@testable import ReachReports

/// A table longer than a sheet may show: the rows that fit, then a note
/// counting the rest (the CSV file keeps every row). Years of stored
/// rejects must never make the workbook impossible.
@Suite struct LongTableTests {
    let tmp = TempFolder()

    @Test func rowsPastTheLimitAreCountedInANote() throws {
        let url = tmp.fileURL("long.xlsx")
        let book = try Workbook(path: url.path, footer: PageFooter(asOf: Fixture.asOf, language: .zh))
        let sheet = try book.addSheet("rows")
        let column = Column<String>("raw", "原始行", "Raw", .text) { .text($0) }
        let next = try sheet.table(["r1", "r2", "r3", "r4", "r5"], columns: [column], language: .zh, minRate: 0.6,
                                   layout: TableLayout(top: 1, maxRows: 3))
        #expect(next == 6, "header at row 1, three rows, the note")
        try sheet.table(["u1"], columns: [column], language: .en, minRate: 0.6, layout: TableLayout(top: next + 1, maxRows: 3))
        try book.close()
        let package = try XLSXPackage(url)
        #expect(try package.string("A2", sheet: 1) == "原始行")
        #expect(try package.string("A5", sheet: 1) == "r3")
        #expect(try package.string("A6", sheet: 1) == "…… 另有 2 行未在此列出，对应的 CSV 文件中有全部行")
        #expect(try package.string("A9", sheet: 1) == "u1", "the block below keeps its place")
        #expect(try package.string("A10", sheet: 1) == nil)
    }

    @Test func noTableRunsPastExcelsLastRow() {
        #expect(Sheet.rowLimit == 1 << 20)
        #expect(MainWorkbook.maxTableRows * 2 + 10 < Sheet.rowLimit, "both long blocks of the quality sheet fit")
    }
}
