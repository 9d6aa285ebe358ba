import Foundation
import Testing
@testable import ReachReading

/// ``SheetFormat`` tells a file's format by its first bytes, not its name.
@Suite struct SheetFormatTests {
    func detect(_ text: String) -> SheetFormat { SheetFormat.detect(Array(text.utf8)) }

    @Test func containerMagics() {
        #expect(SheetFormat.detect([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00]) == .xlsx)
        #expect(SheetFormat.detect([0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18)) == .xlsx)  // empty zip
        #expect(SheetFormat.detect([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]) == .ole2)
        #expect(SheetFormat.detect([0x50, 0x4B]) == .text)
        #expect(SheetFormat.detect([]) == .text)
    }

    @Test func spreadsheetMLAfterBOMAndWhiteSpace() {
        let xml = "<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n<Workbook>"
        #expect(detect(xml) == .spreadsheetML)
        #expect(SheetFormat.detect([0xEF, 0xBB, 0xBF] + Array(("\r\n  " + xml).utf8)) == .spreadsheetML)
        let namespaced = "<?xml version=\"1.0\" encoding=\"GB2312\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">"
        #expect(detect(namespaced) == .spreadsheetML)
        #expect(detect("<Workbook xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">") == .spreadsheetML)
        let utf16: [UInt8] = [0xFF, 0xFE] + xml.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(SheetFormat.detect(utf16) == .spreadsheetML)
        #expect(detect("<?xml version=\"1.0\"?><rss>") == .text)  // other XML is no spreadsheet
    }

    @Test func htmlOpenings() {
        for text in ["<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\">", "<!DOCTYPE html><html>",
                     "<!doctype HTML PUBLIC \"-//W3C//DTD HTML 4.0//EN\">", "<TABLE border=1><tr>",
                     "<meta charset=gbk><table>", "\n\n  <head><title>x</title>", "<body><table>",
                     "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">",
                     "<!-- exported --><html>"] {
            #expect(detect(text) == .html, "\(text)")
        }
        let utf16: [UInt8] = [0xFF, 0xFE] + "<html><table>".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(SheetFormat.detect(utf16) == .html)
    }

    @Test func delimitedTextWhateverItsName() throws {
        #expect(detect("学号,打卡时间\nS1,2026-11-03 08:52\n") == .text)
        #expect(detect("member_id\ttime\n") == .text)
        #expect(detect("<not a tag>,x\n") == .text)
        // A CSV named .xlsx is still text; a real .xls named .csv is still OLE2.
        let csv = Array("学号,打卡时间\nS1,2026-11-03 08:52\n".utf8)
        #expect(try SheetFixtures.withFile(csv, name: "checkins.xlsx") { try SheetFormat.detect(url: $0) } == .text)
        let xls = try SheetFixtures.bytes("checkins.xls")
        #expect(try SheetFixtures.withFile(xls, name: "checkins.csv") { try SheetFormat.detect(url: $0) } == .ole2)
    }

    @Test func fixturesAndTheBooksThatOpenThem() throws {
        let cases: [(String, SheetFormat)] = [
            ("checkins.xls", .ole2), ("locked.xlsx", .ole2), ("checkins-2003.xml", .spreadsheetML),
            ("gbk-table.xls", .html), ("checkins.csv", .text),
        ]
        for (name, format) in cases {
            #expect(try SheetFormat.detect(url: SheetFixtures.url(name)) == format, "\(name)")
        }
        #expect(try SheetFormat.open(url: SheetFixtures.url("checkins.xls"), format: .ole2) is BIFFBook)
        #expect(try SheetFormat.open(url: SheetFixtures.url("checkins-2003.xml"), format: .spreadsheetML) is SpreadsheetMLBook)
        #expect(try SheetFormat.open(url: SheetFixtures.url("gbk-table.xls"), format: .html) is HTMLTableBook)
        #expect(SheetFixtures.reason { _ = try SheetFormat.open(url: SheetFixtures.url("checkins.csv"), format: .text) }
            == "the file is delimited text, not a spreadsheet")
    }
}
