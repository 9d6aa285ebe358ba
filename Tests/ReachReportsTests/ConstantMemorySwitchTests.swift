import Foundation
import ReachModel
import ReachTestSupport
import Testing
@testable import ReachReports

/// The one place reach sets libxlsxwriter's constant-memory option per
/// sheet: only with the release its headers came from, one whose source was
/// checked; otherwise every sheet is normal and holds the same cells.
@Suite struct ConstantMemorySwitchTests {
    let tmp = TempFolder()

    @Test func perSheetOnlyWithTheHeadersReleaseWhenChecked() {
        #expect(ConstantMemorySwitch(library: 114, headers: 114).perSheet, "1.1.4, the release reach builds with")
        #expect(ConstantMemorySwitch(library: 100, headers: 100).perSheet, "1.0.0, the first checked")
        #expect(ConstantMemorySwitch(library: 123, headers: 123).perSheet, "1.2.3, the last checked")
        #expect(!ConstantMemorySwitch(library: 115, headers: 114).perSheet, "another release than the headers'")
        #expect(!ConstantMemorySwitch(library: 124, headers: 124).perSheet, "a later release, not checked")
        #expect(!ConstantMemorySwitch(library: 99, headers: 99).perSheet, "an earlier release, not checked")
    }

    /// A streaming sheet of two rows, then a normal sheet of one string.
    func write(_ modes: ConstantMemorySwitch) throws -> XLSXPackage {
        let url = tmp.fileURL("book-\(modes.perSheet ? "per-sheet" : "normal").xlsx")
        let book = try Workbook(path: url.path, footer: PageFooter(asOf: Fixture.asOf, language: .zh), modes: modes)
        try book.addStreamingSheet("成员").table(["计科1班", "计科2班"], columns: [
            Column<String>("group", "组别", "Group", .text) { .text($0) },
            Column<String>("members", "人数", "Members", .count) { .count($0.count) },
        ], language: .zh, minRate: 0.6)
        try book.addSheet("校历").text(0, 0, "2026-11-20")
        try book.close()
        return try XLSXPackage(url)
    }

    @Test func aStreamingSheetStreamsAndTheNextSheetIsNormal() throws {
        let book = try write(ConstantMemorySwitch())
        #expect(try book.cell("A2", sheet: 1)?.contains(#"t="inlineStr""#) == true, "constant-memory: inline strings")
        #expect(try book.cell("A1", sheet: 2)?.contains(#"t="s""#) == true, "normal again: a shared string")
        #expect(try book.sharedStrings() == ["2026-11-20"])
    }

    @Test func withAnUncheckedReleaseEverySheetIsNormalWithTheSameCells() throws {
        let streamed = try write(ConstantMemorySwitch())
        let normal = try write(ConstantMemorySwitch(library: 0, headers: 0))
        #expect(try normal.cell("A2", sheet: 1)?.contains(#"t="s""#) == true)
        #expect(try normal.sharedStrings() == ["组别", "人数", "计科1班", "计科2班", "2026-11-20"])
        for (ref, text) in [("A1", "组别"), ("B1", "人数"), ("A2", "计科1班"), ("A3", "计科2班")] {
            #expect(try normal.string(ref, sheet: 1) == text)
            #expect(try streamed.string(ref, sheet: 1) == text)
        }
        for ref in ["B2", "B3"] {
            #expect(try normal.cell(ref, sheet: 1)?.contains("<v>4</v>") == true)
            #expect(try streamed.cell(ref, sheet: 1)?.contains("<v>4</v>") == true)
        }
        #expect(try normal.string("A1", sheet: 2) == "2026-11-20")
    }
}
