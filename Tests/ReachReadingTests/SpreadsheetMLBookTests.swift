import Foundation
import Testing
@testable import ReachReading

/// ``SpreadsheetMLBook`` on Excel 2003 XML, as LibreOffice and back-ends
/// write it.
@Suite struct SpreadsheetMLBookTests {
    static let header = """
        <?xml version="1.0" encoding="UTF-8"?>
        <?mso-application progid="Excel.Sheet"?>
        <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
         xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"
         xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:html="http://www.w3.org/TR/REC-html40">
        """

    @Test func libreOfficeExportReadsLikeTheSameDataInBIFF() throws {
        let book = try SpreadsheetMLBook(url: SheetFixtures.url("checkins-2003.xml"))
        #expect(book.sheetNames == ["checkins"])
        let rows = try SheetFixtures.rows(book)
        #expect(rows.map(\.number) == [1, 2, 3, 5, 6])
        // Short Date → date, General Date → date and time, Long Time on
        // 1899-12-31 → time of day.
        #expect(rows[1].cells == ["202501001", "张三", "2026-11-03", "2026-11-03 08:52:00", "08:52:00", "微信", "95.5"])
        #expect(rows[1].isNumber == [true, false, false, false, false, false, true])
        #expect(rows[4].cells == ["2025010012345", "赵六", "2026-11-06", "2026-11-06 00:00:00", "", "", "0.1"])
        // The same CSV saved as .xls by the same LibreOffice reads the same.
        let biff = try SheetFixtures.rows(BIFFBook(url: SheetFixtures.url("checkins.xls")))
        #expect(rows == biff)
    }

    @Test func indexGapsMergesTypesAndTwoWorksheets() throws {
        let xml = Self.header + """
            <Styles>
             <Style ss:ID="Default" ss:Name="Normal"/>
             <Style ss:ID="sDate"><NumberFormat ss:Format="yyyy\\-mm\\-dd;@"/></Style>
             <Style ss:ID="sDate2" ss:Parent="sDate"><Font ss:Bold="1"/></Style>
             <Style ss:ID="sTime"><NumberFormat ss:Format="Short Time"/></Style>
             <Style ss:ID="sStamp"><NumberFormat ss:Format="yyyy/m/d\\ h:mm:ss"/></Style>
             <Style ss:ID="sFixed"><NumberFormat ss:Format="Fixed"/></Style>
            </Styles>
            <Worksheet ss:Name="名单">
             <Table>
              <Row><Cell ss:MergeAcross="2"><Data ss:Type="String">2026 级名单</Data></Cell><Cell><Data ss:Type="String">D1</Data></Cell></Row>
              <Row ss:Index="3"><Cell><Data ss:Type="String">学号</Data></Cell><Cell ss:Index="3"><Data ss:Type="String">加入日期</Data></Cell></Row>
              <Row><Cell><Data ss:Type="Number">007</Data></Cell><Cell ss:Index="3" ss:StyleID="sDate2"><Data ss:Type="DateTime">2025-09-01T00:00:00.000</Data></Cell></Row>
             </Table>
            </Worksheet>
            <Worksheet ss:Name="打卡">
             <Table ss:ExpandedColumnCount="8">
              <Column ss:Index="4" ss:StyleID="sTime"/>
              <Row>
               <Cell><Data ss:Type="String">学号</Data></Cell><Cell><Data ss:Type="String">打卡时间</Data></Cell>
               <Cell><Data ss:Type="String">日期</Data></Cell><Cell><Data ss:Type="String">时刻</Data></Cell>
               <Cell><Data ss:Type="String">精选</Data></Cell><Cell><Data ss:Type="String">分数</Data></Cell>
               <Cell><Data ss:Type="String">备注</Data></Cell>
              </Row>
              <Row>
               <Cell ss:StyleID="sFixed"><Data ss:Type="Number">2025010012345</Data></Cell>
               <Cell ss:StyleID="sStamp"><Data ss:Type="DateTime">2026-11-03T08:52:00.000</Data></Cell>
               <Cell ss:StyleID="sDate"><Data ss:Type="DateTime">2026-11-03T00:00:00.000</Data></Cell>
               <Cell><Data ss:Type="DateTime">1899-12-31T08:52:00.000</Data></Cell>
               <Cell><Data ss:Type="Boolean">1</Data></Cell>
               <Cell><Data ss:Type="Number">1.5E-3</Data></Cell>
               <Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>加粗</B><Font html:Color="#FF0000">红</Font>字&#10;第二行</ss:Data><Comment ss:Author="x"><ss:Data><B>批注</B></ss:Data></Comment></Cell>
              </Row>
              <Row>
               <Cell><Data ss:Type="Number">+202501002</Data></Cell>
               <Cell><Data ss:Type="DateTime">2026-11-04T21:05:30.600</Data></Cell>
               <Cell><Data ss:Type="DateTime">2026-11-04T00:00:00</Data></Cell>
               <Cell ss:Index="5"><Data ss:Type="Boolean">0</Data></Cell>
               <Cell><Data ss:Type="Number">95.50</Data></Cell>
               <Cell><Data ss:Type="Error">#N/A</Data></Cell>
              </Row>
             </Table>
            </Worksheet>
            </Workbook>
            """
        try SheetFixtures.withFile(xml, name: "export.xls") { url in
            let book = try SpreadsheetMLBook(url: url)
            #expect(book.sheetNames == ["名单", "打卡"])

            let roster = try SheetFixtures.rows(book, sheet: 0)
            #expect(roster.map(\.number) == [1, 3, 4])
            // MergeAcross="2" takes columns A–C; the next cell lands in D.
            #expect(roster[0].cells == ["2026 级名单", "", "", "D1"])
            #expect(roster[1].cells == ["学号", "", "加入日期"])
            // A date style inherited through ss:Parent.
            #expect(roster[2].cells == ["7", "", "2025-09-01"])
            #expect(roster[2].isNumber == [true, false, false])

            let checkins = try SheetFixtures.rows(book, sheet: 1)
            #expect(checkins.map(\.number) == [1, 2, 3])
            // The time-of-day style comes from the <Column>.
            #expect(checkins[1].cells == ["2025010012345", "2026-11-03 08:52:00", "2026-11-03", "08:52:00", "TRUE", "0.0015",
                                          "加粗红字\n第二行"])
            #expect(checkins[1].isNumber == [true, false, false, false, false, true, false])
            // Without a number format: the date and, unless midnight, the
            // time (fractions rounded); a Boolean 0; Error text as written.
            #expect(checkins[2].cells == ["202501002", "2026-11-04 21:05:31", "2026-11-04", "", "FALSE", "95.5", "#N/A"])
            #expect(checkins[2].isNumber == [true, false, false, false, false, true, false])
        }
    }

    @Test func dateTimeTextFollowsTheNumberFormat() {
        func text(_ raw: String, _ kind: DateKind, date1904: Bool = false) -> String? {
            SpreadsheetMLCell.dateTime(raw, kind: kind, date1904: date1904)
        }
        #expect(text("2026-11-03T00:00:00.000", .date) == "2026-11-03")
        #expect(text("2026-11-03T08:52:00.000", .date) == "2026-11-03 08:52:00")  // never cut short
        #expect(text("2026-11-03T00:00:00.000", .dateTime) == "2026-11-03 00:00:00")
        #expect(text("1899-12-31T08:52:00.000", .time) == "08:52:00")
        #expect(text("2026-11-03T08:52:00.000", .time) == "2026-11-03 08:52:00")
        #expect(text("1904-01-01T08:52:00.000", .time, date1904: true) == "08:52:00")
        #expect(text("2026-11-03T00:00:00.000", .none) == "2026-11-03")
        #expect(text("1899-12-31T07:00:00.000", .none) == "07:00:00")
        #expect(text("2026-11-03T23:59:59.700", .dateTime) == "2026-11-04 00:00:00")
        #expect(text("2026-11-03T08:52", .dateTime) == "2026-11-03 08:52:00")
        #expect(text("2026-02-30T00:00:00", .date) == nil)
        #expect(text("yesterday", .date) == nil)
        #expect(SpreadsheetMLCell.kind(ofFormat: "Short Date") == .date)
        #expect(SpreadsheetMLCell.kind(ofFormat: "General Date") == .dateTime)
        #expect(SpreadsheetMLCell.kind(ofFormat: "Long Time") == .time)
        #expect(SpreadsheetMLCell.kind(ofFormat: "Fixed") == .none)
        #expect(SpreadsheetMLCell.kind(ofFormat: "[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy") == .date)
    }

    @Test func gbkDeclaredFileIsConverted() throws {
        let xml = """
            <?xml version="1.0" encoding="GB2312"?>
            <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
            <Worksheet ss:Name="打卡记录"><Table>
            <Row><Cell><Data ss:Type="String">姓名</Data></Cell></Row>
            <Row><Cell><Data ss:Type="String">朱镕基</Data></Cell></Row>
            </Table></Worksheet></Workbook>
            """
        try SheetFixtures.withFile(SheetFixtures.gb18030(xml), name: "gbk.xls") { url in
            let book = try SpreadsheetMLBook(url: url)
            #expect(book.sheetNames == ["打卡记录"])
            #expect(try SheetFixtures.rows(book).map(\.cells) == [["姓名"], ["朱镕基"]])
        }
    }

    /// A byte-order mark outranks the declaration, as in a browser: a file
    /// an editor saved again as UTF-16 ("Unicode") still says UTF-8 (found
    /// by the reader's fuzzer, which reads every input in UTF-16 too), and
    /// one with a UTF-8 BOM saying GBK is UTF-8.
    @Test func aByteOrderMarkOutranksTheDeclaredEncoding() throws {
        let xml = """
            <?xml version="1.0" encoding="%@"?>
            <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
            <Worksheet ss:Name="打卡记录"><Table><Row><Cell><Data ss:Type="String">朱镕基</Data></Cell></Row></Table></Worksheet></Workbook>
            """
        let utf8 = xml.replacingOccurrences(of: "%@", with: "UTF-8")
        let files: [(String, [UInt8])] = [
            ("UTF-16LE saying UTF-8", [0xFF, 0xFE] + utf8.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
            ("UTF-16BE saying UTF-8", [0xFE, 0xFF] + utf8.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }),
            ("UTF-8 BOM saying GBK", [0xEF, 0xBB, 0xBF] + Array(xml.replacingOccurrences(of: "%@", with: "GBK").utf8)),
        ]
        for (what, bytes) in files {
            try SheetFixtures.withFile(bytes, name: "bom.xls") { url in
                let book = try SpreadsheetMLBook(url: url)
                #expect(book.sheetNames == ["打卡记录"], "\(what)")
                #expect(try SheetFixtures.rows(book).map(\.cells) == [["朱镕基"]], "\(what)")
            }
        }
    }

    @Test func undeclaredNamespaceStillReads() throws {
        let xml = """
            <?xml version="1.0"?><Workbook><Worksheet Name="S"><Table>
            <Row Index="2"><Cell Index="2"><Data Type="Number">42</Data></Cell></Row>
            </Table></Worksheet></Workbook>
            """
        try SheetFixtures.withFile(xml, name: "bare.xml") { url in
            let book = try SpreadsheetMLBook(url: url)
            #expect(book.sheetNames == ["S"])
            #expect(try SheetFixtures.rows(book) == [SheetRow(number: 2, cells: ["", "42"], isNumber: [false, true])])
        }
    }

    @Test func stopsEarlyAndStartsOver() throws {
        let rows = (1 ... 2000).map { "<Row><Cell><Data ss:Type=\"Number\">\($0)</Data></Cell></Row>" }.joined()
        let xml = Self.header + "<Worksheet ss:Name=\"A\"><Table>\(rows)</Table></Worksheet>"
            + "<Worksheet ss:Name=\"B\"><Table><Row><Cell><Data ss:Type=\"String\">b</Data></Cell></Row></Table></Worksheet></Workbook>"
        try SheetFixtures.withFile(xml, name: "long.xml") { url in
            let book = try SpreadsheetMLBook(url: url)
            var seen: [String] = []
            try book.readRows(sheet: 0) { seen.append($0.cells[0]); return seen.count == 2 ? .stop : .more }
            #expect(seen == ["1", "2"])
            #expect(try SheetFixtures.rows(book, sheet: 1).map(\.cells) == [["b"]])
            #expect(try SheetFixtures.rows(book, sheet: 0).count == 2000)
            struct Boom: Error {}
            #expect(throws: Boom.self) { try book.readRows(sheet: 0) { _ in throw Boom() } }
        }
    }

    @Test func brokenFilesAreRefusedWithAReason() throws {
        let broken = Self.header + "<Worksheet ss:Name=\"A\"><Table><Row><Cell></Row></Table></Worksheet></Workbook>"
        let reason = try SheetFixtures.withFile(broken, name: "broken.xls") { url in
            SheetFixtures.reason { _ = try SpreadsheetMLBook(url: url) }
        }
        #expect(reason == "the file is not well-formed Excel 2003 XML (mismatched tag at line 5); "
            + "open it in Excel and save it as .xlsx or CSV")

        let empty = try SheetFixtures.withFile(Self.header + "</Workbook>", name: "empty.xls") { url in
            SheetFixtures.reason { _ = try SpreadsheetMLBook(url: url) }
        }
        #expect(empty == "the Excel 2003 XML file holds no worksheet; open it in Excel and save it as .xlsx or CSV")

        let klingon = Self.header.replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"x-klingon\"")
        let odd = try SheetFixtures.withFile(klingon + "</Workbook>", name: "odd.xls") { url in
            SheetFixtures.reason { _ = try SpreadsheetMLBook(url: url) }
        }
        #expect(odd == "the file says its characters are x-klingon, a character set that cannot be read; "
            + "open it in Excel or WPS and save it as .xlsx or CSV")
    }
}
