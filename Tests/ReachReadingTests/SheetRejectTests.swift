import Foundation
import Testing
import ReachModel
@testable import ReachReading

/// Spreadsheets that cannot be read are rejected whole with a reason that
/// says what to do (issue: bad input); the format comes from the bytes.
@Suite struct SheetRejectTests {
    private func reason(_ bytes: [UInt8], name: String) -> String? { fileRejection(bytes, name: name) }

    @Test func aCSVNamedXLSXIsReadAsCSV() throws {
        let all = try read("学号,打卡时间\n2025001,2026-11-03 08:52\n", name: "打卡.xlsx")
        #expect(all.events.count == 1)
        #expect(all.events.first?.member == "2025001")
    }

    @Test func aDamagedWorkbookSaysToSaveItAgain() throws {
        let good = try SheetFixtures.bytes("libreoffice/checkins-lo.xlsx")
        let cut = Array(good.prefix(good.count / 2))
        let why = try #require(reason(cut, name: "打卡.xlsx"))
        #expect(why.contains("xlsx") && why.contains("CSV"), "\(why)")
    }

    @Test func passwordProtectedFilesSaySo() throws {
        for name in ["locked.xlsx", "locked.xls"] {
            let why = try #require(reason(try SheetFixtures.bytes(name), name: "打卡-\(name)"))
            #expect(why.contains("password-protected"), "\(name): \(why)")
        }
    }

    @Test func aWorkbookWithoutAHeaderNamesItsSheets() throws {
        let why = try #require(reason(try SheetFixtures.bytes("openpyxl/members-openpyxl.xlsx"), name: "打卡-名单.xlsx"))
        #expect(why.contains("sheet ('名单')"), "\(why)")
        #expect(why.contains("missing time"), "\(why)")
    }

    @Test func anHTMLTableSavedAsXLSIsRead() throws {
        let html = """
        <html><head><meta charset="utf-8"></head><body><table>
        <tr><td colspan="2">打卡统计</td></tr>
        <tr><th>学号</th><th>打卡时间</th></tr>
        <tr><td>2025001</td><td>2026-11-03 08:52:00</td></tr>
        <tr><td></td><td>2026-11-03 09:00:00</td></tr>
        </table></body></html>
        """
        let reader = try FileReader(bytes: Array(html.utf8), name: "打卡.xls", zone: shanghai)
        var batches: [ReadBatch] = []
        try reader.forEachBatch { batches.append($0) }
        #expect(batches.reduce(0) { $0 + $1.records } == 2)
        #expect(batches.flatMap(\.rejects).map(\.location) == ["Table1!4"])
        #expect(reader.header.rows == 2 ... 2)
    }

    /// Damage that only reading a sheet's rows meets, well below its
    /// header, rejects the file before the first batch, whatever the batch
    /// size (found by the reader's fuzzer: small batches were handed out,
    /// then the file was rejected whole).
    @Test func damageBelowTheHeaderRejectsTheFileBeforeAnyBatch() throws {
        let rows = (1 ... 30).map { "<tr><td>\(2_025_000 + $0)</td><td>2026-11-03 08:\(10 + $0):00</td></tr>" }.joined()
        let html = "<html><body><table><tr><th>学号</th><th>打卡时间</th></tr>\(rows)"
            + "<tr><td colspan=\"16384\">x</td><td colspan=\"2\">y</td></tr></table></body></html>"
        let cells = (1 ... 30).map { "<Row><Cell><Data ss:Type=\"String\">\(2_025_000 + $0)</Data></Cell>"
            + "<Cell><Data ss:Type=\"String\">2026-11-03 08:\(10 + $0):00</Data></Cell></Row>" }.joined()
        let xml = SpreadsheetMLBookTests.header + "<Worksheet ss:Name=\"S\"><Table><Row><Cell><Data ss:Type=\"String\">学号</Data></Cell>"
            + "<Cell><Data ss:Type=\"String\">打卡时间</Data></Cell></Row>\(cells)"
            + "<Row><Cell ss:Index=\"99999\"><Data ss:Type=\"String\">x</Data></Cell></Row></Table></Worksheet></Workbook>"
        for (name, bytes, why) in [("打卡.xls", Array(html.utf8), "more than 16384 columns"),
                                   ("打卡-2003.xls", Array(xml.utf8), "a cell past column 16384")] {
            for batchRecords in [1, 2, 200_000] {
                var batches = 0
                var reason: String?
                do {
                    let reader = try FileReader(bytes: bytes, name: name, zone: shanghai, batchRecords: batchRecords)
                    try reader.forEachBatch { _ in batches += 1 }
                } catch ReachError.fileRejected(_, let r) {
                    reason = r
                }
                #expect(reason?.contains(why) == true, "\(name), batches of \(batchRecords): \(reason ?? "read")")
                #expect(batches == 0, "\(name), batches of \(batchRecords)")
            }
        }
    }
}
