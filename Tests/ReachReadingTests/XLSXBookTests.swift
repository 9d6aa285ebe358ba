import Foundation
import ReachTestSupport
import Testing
import ZIPFoundation
@testable import ReachReading

/// Workbooks written part by part, the way Excel lays them out.
enum XLSXFixture {
    static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// A zip of `parts` (path → text), deflated unless `stored`.
    static func zip(_ parts: [(String, String)], stored: Bool = false) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, text) in parts {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count),
                                 compressionMethod: stored ? .none : .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data!
    }

    /// A worksheet part around `rows` (the inside of `<sheetData>`).
    static func sheet(_ rows: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <worksheet xmlns="\(mainNS)" xmlns:r="\(relNS)"><dimension ref="A1"/>\
        <sheetData>\(rows)</sheetData><pageMargins left="0.7" right="0.7"/></worksheet>
        """
    }

    /// Cell styles 0…8: general, date (14), time (21 h:mm:ss), date-time
    /// (22), custom `yyyy/m/d h:mm`, custom `[h]:mm`, custom `"Day "0`
    /// (no date), custom `yyyy"年"m"月"d"日"`, custom `mm:ss`.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="\(mainNS)">
        <numFmts count="5"><numFmt numFmtId="164" formatCode="yyyy/m/d\\ h:mm"/><numFmt numFmtId="165" formatCode="[h]:mm"/>\
        <numFmt numFmtId="166" formatCode="&quot;Day &quot;0"/><numFmt numFmtId="167" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>\
        <numFmt numFmtId="168" formatCode="mm:ss"/></numFmts>
        <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
        <cellXfs count="9"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="21"/>\
        <xf numFmtId="22"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="167"/>\
        <xf numFmtId="168"/></cellXfs>
        </styleSheet>
        """

    /// A workbook of `sheets` (name, worksheet XML) in tab order, with
    /// shared strings `shared` (the `<si>` elements) when given.
    static func workbook(_ sheets: [(String, String)], shared: String? = nil, styles: String? = styles,
                         date1904: Bool = false, stored: Bool = false) throws -> Data {
        var parts: [(String, String)] = [
            ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
            ("_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="\(relNS)/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """),
        ]
        let sheetList = sheets.indices.map {
            "<sheet name=\"\(sheets[$0].0)\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>"
        }.joined()
        parts.append(("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="\(mainNS)" xmlns:r="\(relNS)">\
            <workbookPr\(date1904 ? " date1904=\"1\"" : "")/><sheets>\(sheetList)</sheets></workbook>
            """))
        var rels = sheets.indices.map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"\(relNS)/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }.joined()
        rels += "<Relationship Id=\"rIdS\" Type=\"\(relNS)/styles\" Target=\"styles.xml\"/>"
        rels += "<Relationship Id=\"rIdT\" Type=\"\(relNS)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        parts.append(("xl/_rels/workbook.xml.rels",
                      "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(rels)</Relationships>"))
        if let styles { parts.append(("xl/styles.xml", styles)) }
        if let shared {
            parts.append(("xl/sharedStrings.xml", "<?xml version=\"1.0\"?><sst xmlns=\"\(mainNS)\">\(shared)</sst>"))
        }
        for (i, sheet) in sheets.enumerated() { parts.append(("xl/worksheets/sheet\(i + 1).xml", sheet.1)) }
        return try zip(parts, stored: stored)
    }

    /// All rows of sheet `sheet`.
    static func rows(_ book: SheetBook, sheet: Int = 0) throws -> [SheetRow] {
        try SheetFixtures.rows(book, sheet: sheet)
    }

    /// The rows of a one-sheet workbook holding `rowsXML`.
    static func read(_ rowsXML: String, shared: String? = nil, date1904: Bool = false) throws -> [SheetRow] {
        let book = try XLSXBook(data: workbook([("Sheet1", sheet(rowsXML))], shared: shared, date1904: date1904),
                                name: "t.xlsx")
        return try rows(book)
    }

    /// The reason of the `SheetError` `body` throws, or nil.
    static func reason(_ body: () throws -> Void) -> String? { SheetFixtures.reason(body) }

    /// The column letters of 0-based column `c` (0 → A, 16383 → XFD).
    static func letters(_ c: Int) -> String { SheetText.columnLetters(c) }
}

@Suite struct XLSXBookTests {
    typealias F = XLSXFixture

    // MARK: Text cells

    @Test func sharedInlineRichAndEscapedText() throws {
        let shared = """
            <si><t>member_id</t></si>\
            <si><r><rPr><b/></rPr><t>打卡</t></r><r><t xml:space="preserve"> 时间</t></r></si>\
            <si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si>\
            <si><t xml:space="preserve">  padded  </t></si>\
            <si><t>line_x000D_break _x005F_x000D_ kept 😀=_xD83D__xDE00_ lone _xD800_.</t></si>\
            <si><t>a &amp; b &lt;c&gt;</t></si>
            """
        let rows = try F.read("""
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>\
            <c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c></row>\
            <row r="2"><c r="A2" t="inlineStr"><is><t>inline</t></is></c>\
            <c r="B2" t="inlineStr"><is><r><t>ri</t></r><r><rPr><i/></rPr><t>ch</t></r><rPh><t>x</t></rPh></is></c>\
            <c r="C2" t="str"><f>A2&amp;"!"</f><v>inline!</v></c>\
            <c r="D2" t="b"><v>1</v></c><c r="E2" t="b"><v>0</v></c><c r="F2" t="e"><f>NA()</f><v>#N/A</v></c>\
            <c r="G2" t="e"><v>#DIV/0!</v></c></row>
            """, shared: shared)
        #expect(rows.count == 2)
        #expect(rows[0].number == 1)
        #expect(rows[0].cells == [
            "member_id", "打卡 时间", "東京", "  padded  ",
            "line\rbreak _x000D_ kept 😀=😀 lone \u{FFFD}.", "a & b <c>",
        ])
        #expect(rows[1].cells == ["inline", "rich", "inline!", "TRUE", "FALSE", "#N/A", "#DIV/0!"])
        #expect(rows[0].isNumber == Array(repeating: false, count: 6))
        #expect(rows[1].isNumber == Array(repeating: false, count: 7))
    }

    @Test func longTextKeptWhole() throws {
        let long = String(repeating: "打卡ab", count: 32_767 / 4) + "xyz"
        #expect(long.count == 32_767)
        let rows = try F.read("""
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>\(long)</t></is></c></row>
            """, shared: "<si><t>\(long)</t></si>")
        #expect(rows[0].cells == [long, long])
    }

    // MARK: Numbers

    @Test func numbersAsIDsAndDecimals() throws {
        let rows = try F.read("""
            <row r="1"><c r="A1"><v>2.0250101E+9</v></c><c r="B1" t="n"><v>202501001.0</v></c>\
            <c r="C1"><v>202501001</v></c><c r="D1"><v>95.5</v></c><c r="E1"><v>1E-7</v></c>\
            <c r="F1"><v>-42</v></c><c r="G1"><v>0.30000000000000004</v></c><c r="H1"><v>1.5E+20</v></c>\
            <c r="I1" s="6"><v>7</v></c><c r="J1"><v>9007199254740992</v></c><c r="K1"><v>0</v></c></row>
            """)
        #expect(rows[0].cells == [
            "2025010100", "202501001", "202501001", "95.5", "0.0000001", "-42", "0.30000000000000004",
            "150000000000000000000", "7", "9007199254740992", "0",
        ])
        #expect(rows[0].isNumber == Array(repeating: true, count: 11))
    }

    // MARK: Dates and times

    @Test func datesAndTimesIn1900System() throws {
        // Styles: 1 date, 2 time, 3 date-time, 4 custom date-time, 5 [h]:mm, 7 custom date, 8 mm:ss.
        let rows = try F.read("""
            <row r="1"><c r="A1" s="1"><v>46329</v></c><c r="B1" s="2"><v>0.3694444</v></c>\
            <c r="C1" s="3"><v>46329.3694444444</v></c><c r="D1" s="4"><v>45964.99999999</v></c>\
            <c r="E1" s="1"><v>60</v></c><c r="F1" s="1"><v>61</v></c><c r="G1" s="1"><v>1</v></c>\
            <c r="H1" s="1"><v>59</v></c></row>\
            <row r="2"><c r="A2" s="1"><v>46329.5</v></c><c r="B2" s="2"><v>46329.25</v></c>\
            <c r="C2" s="3"><v>46329</v></c><c r="D2" s="7"><v>46329</v></c><c r="E2" s="8"><v>0.000694444</v></c>\
            <c r="F2" s="5"><v>0.5</v></c><c r="G2" s="2"><v>0.99999999</v></c><c r="H2" s="3"><v>60.5</v></c>\
            <c r="I2" s="1"><v>-1</v></c></row>
            """)
        #expect(rows[0].cells == [
            "2026-11-03", "08:52:00", "2026-11-03 08:52:00", "2025-11-04 00:00:00",
            "1900-02-29", "1900-03-01", "1900-01-01", "1900-02-28",
        ])
        #expect(rows[0].isNumber == Array(repeating: false, count: 8))
        #expect(rows[1].cells == [
            "2026-11-03 12:00:00", "2026-11-03 06:00:00", "2026-11-03 00:00:00", "2026-11-03", "00:01:00",
            "12:00:00", "1900-01-01 00:00:00", "1900-02-29 12:00:00", "-1",
        ])
    }

    @Test func datesIn1904System() throws {
        let rows = try F.read("""
            <row><c s="1"><v>0</v></c><c s="1"><v>44867</v></c><c s="3"><v>44867.75</v></c>\
            <c s="2"><v>0.5</v></c><c s="1"><v>1</v></c></row>
            """, date1904: true)
        #expect(rows[0].cells == ["1904-01-01", "2026-11-03", "2026-11-03 18:00:00", "12:00:00", "1904-01-02"])
    }

    @Test func isoDateCells() throws {
        let rows = try F.read("""
            <row><c t="d"><v>2026-11-03T08:52:00Z</v></c><c t="d"><v>2026-11-03</v></c>\
            <c t="d"><v>2026-11-03T08:52:07.250</v></c></row>
            """)
        #expect(rows[0].cells == ["2026-11-03 08:52:00", "2026-11-03", "2026-11-03 08:52:07"])
    }

    @Test func numberFormatKinds() {
        #expect(NumberFormat.kind(of: "yyyy-mm-dd") == .date)
        #expect(NumberFormat.kind(of: "m/d/yy") == .date)
        #expect(NumberFormat.kind(of: "mmm") == .date)
        #expect(NumberFormat.kind(of: "h:mm AM/PM") == .time)
        #expect(NumberFormat.kind(of: "mm:ss") == .time)
        #expect(NumberFormat.kind(of: "[h]:mm") == .time)
        #expect(NumberFormat.kind(of: "yyyy/m/d h:mm:ss") == .dateTime)
        #expect(NumberFormat.kind(of: "[$-F800]dddd, mmmm dd, yyyy") == .date)
        #expect(NumberFormat.kind(of: "[DBNum1][$-804]yyyy\"年\"m\"月\"d\"日\"") == .date)
        #expect(NumberFormat.kind(of: "\"Day \"0") == .none)
        #expect(NumberFormat.kind(of: "0.00\\h") == .none)
        #expect(NumberFormat.kind(of: "[Red]#,##0_);(#,##0)") == .none)
        #expect(NumberFormat.kind(of: "General") == .none)
        #expect(NumberFormat.kind(of: "0.00E+00") == .none)
        #expect(NumberFormat.kind(of: "#,##0 ;[Red]-#,##0 ;\"-\"") == .none)
        #expect(NumberFormat.kind(ofBuiltIn: 14) == .date)
        #expect(NumberFormat.kind(ofBuiltIn: 20) == .time)
        #expect(NumberFormat.kind(ofBuiltIn: 22) == .dateTime)
        #expect(NumberFormat.kind(ofBuiltIn: 31) == .date)
        #expect(NumberFormat.kind(ofBuiltIn: 33) == .time)
        #expect(NumberFormat.kind(ofBuiltIn: 46) == .time)
        #expect(NumberFormat.kind(ofBuiltIn: 56) == .time)
        #expect(NumberFormat.kind(ofBuiltIn: 58) == .date)
        #expect(NumberFormat.kind(ofBuiltIn: 49) == .none)
        #expect(NumberFormat.kind(ofBuiltIn: 0) == .none)
    }

    // MARK: Layout

    @Test func sparseCellsAndCountedRowsAndColumns() throws {
        let rows = try F.read("""
            <row r="7" spans="1:8"><c r="F7" t="inlineStr"><is><t>f</t></is></c><c><v>1</v></c>\
            <c r="B7"><v>2</v></c><c r="H7" s="1"/></row>\
            <row><c><v>3</v></c></row>\
            <row r="10"><c r="A10" s="1"/><c r="B10" t="inlineStr"><is><t></t></is></c></row>\
            <row r="11"/>\
            <row r="12"><c r="C12" t="s"><v>0</v></c></row>
            """, shared: "<si><t>c</t></si>")
        #expect(rows.map(\.number) == [7, 8, 12])
        #expect(rows[0].cells == ["", "2", "", "", "", "f", "1"])
        #expect(rows[0].isNumber == [false, true, false, false, false, false, true])
        #expect(rows[1].cells == ["3"])
        #expect(rows[2].cells == ["", "", "c"])
    }

    @Test func prefixedElementNames() throws {
        let xml = """
            <?xml version="1.0"?><x:worksheet xmlns:x="\(F.mainNS)"><x:sheetData>\
            <x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>hi</x:t></x:is></x:c><x:c r="C2"><x:v>5</x:v></x:c></x:row>\
            </x:sheetData></x:worksheet>
            """
        let book = try XLSXBook(data: F.workbook([("S", xml)]), name: "p.xlsx")
        let rows = try F.rows(book)
        #expect(rows == [SheetRow(number: 2, cells: ["", "hi", "5"], isNumber: [false, false, true])])
    }

    @Test func widestRowAndPastXFD() throws {
        let cells = (0..<SheetLimits.maxColumns).map { "<c><v>\($0)</v></c>" }.joined()
        let rows = try F.read("<row r=\"1\">\(cells)</row>")
        #expect(rows[0].cells.count == 16_384)
        #expect(rows[0].cells.last == "16383")
        #expect(F.letters(16_383) == "XFD")

        let xfd = try F.read("<row r=\"1\"><c r=\"XFD1\"><v>9</v></c></row>")
        #expect(xfd[0].cells.count == 16_384)
        #expect(xfd[0].cells[16_383] == "9")

        let past = F.reason { _ = try F.read("<row r=\"1\"><c r=\"XFE1\"><v>9</v></c></row>") }
        #expect(past?.hasPrefix("the workbook is damaged (xl/worksheets/sheet1.xml row 1 has a cell past Excel's last column XFD") == true)
        #expect(past?.hasSuffix("open it in Excel or WPS and save it again as .xlsx, or save it as CSV") == true)
        let counted = F.reason { _ = try F.read("<row r=\"1\">\(cells)<c><v>1</v></c></row>") }
        #expect(counted?.contains("past Excel's last column XFD") == true)
        let farRow = F.reason { _ = try F.read("<row r=\"1048577\"><c><v>1</v></c></row>") }
        #expect(farRow?.contains("row 1048577, past Excel's last row 1048576") == true)
        let lastRow = try F.read("<row r=\"1048576\"><c><v>1</v></c></row>")
        #expect(lastRow[0].number == 1_048_576)
    }

    // MARK: Sheets

    @Test func sheetNamesAndOrderComeFromWorkbookAndRels() throws {
        // Tab order: 汇总 (sheet3.xml), 打卡 (absolute target to sheet1.xml), Empty (sheet2.xml).
        let parts: [(String, String)] = [
            ("xl/workbook.xml", """
                <workbook xmlns="\(F.mainNS)" xmlns:rel="\(F.relNS)"><sheets>\
                <sheet name="汇总" sheetId="3" rel:id="rId9"/><sheet name="打卡" sheetId="1" rel:id="rId1"/>\
                <sheet name="Empty" sheetId="2" state="hidden" rel:id="rId2"/></sheets></workbook>
                """),
            ("xl/_rels/workbook.xml.rels", """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="\(F.relNS)/worksheet" Target="/xl/worksheets/sheet1.xml"/>\
                <Relationship Id="rId2" Type="\(F.relNS)/worksheet" Target="./worksheets/sheet2.xml"/>\
                <Relationship Id="rId9" Type="\(F.relNS)/worksheet" Target="worksheets/sheet3.xml"/>\
                </Relationships>
                """),
            ("xl/worksheets/sheet1.xml", F.sheet("<row r=\"1\"><c t=\"inlineStr\"><is><t>one</t></is></c></row>")),
            ("xl/worksheets/sheet2.xml", F.sheet("")),
            ("xl/worksheets/sheet3.xml", F.sheet("<row r=\"1\"><c t=\"inlineStr\"><is><t>three</t></is></c></row>")),
        ]
        let book = try XLSXBook(data: F.zip(parts), name: "order.xlsx")
        #expect(book.sheetNames == ["汇总", "打卡", "Empty"])
        #expect(try F.rows(book, sheet: 0).map(\.cells) == [["three"]])
        #expect(try F.rows(book, sheet: 1).map(\.cells) == [["one"]])
        #expect(try F.rows(book, sheet: 2).isEmpty)
        #expect(book.uses1904Dates == false)
        let missing = F.reason { try book.readRows(sheet: 3) { _ in .more } }
        #expect(missing?.contains("no sheet number 4") == true)
    }

    @Test func stopsAfterNRowsAndStartsOverOnNextRead() throws {
        let rows = (1...2_000).map { "<row r=\"\($0)\"><c><v>\($0)</v></c><c t=\"inlineStr\"><is><t>r\($0)</t></is></c></row>" }
        let book = try XLSXBook(data: F.workbook([("S", F.sheet(rows.joined()))]), name: "s.xlsx")
        var seen: [Int] = []
        try book.readRows(sheet: 0) { row in
            seen.append(row.number)
            return seen.count == 3 ? .stop : .more
        }
        #expect(seen == [1, 2, 3])
        let all = try F.rows(book)
        #expect(all.count == 2_000)
        #expect(all[1_999].cells == ["2000", "r2000"])
    }

    @Test func handlerErrorsPassThrough() throws {
        struct Mine: Error, Equatable {}
        let book = try XLSXBook(data: F.workbook([("S", F.sheet("<row><c><v>1</v></c></row>"))]), name: "s.xlsx")
        #expect(throws: Mine()) { try book.readRows(sheet: 0) { _ in throw Mine() } }
    }

    @Test func opensFromAFile() throws {
        let tmp = TempFolder()
        let url = tmp.fileURL("xlsxbook.xlsx")
        try F.workbook([("Sheet1", F.sheet("<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>"))]).write(to: url)
        let book = try XLSXBook(url: url)
        #expect(book.name == url.lastPathComponent)
        #expect(try F.rows(book).map(\.cells) == [["x"]])
        let gone = F.reason { _ = try XLSXBook(url: url.appendingPathExtension("missing")) }
        #expect(gone?.contains("cannot be opened") == true)
    }

    // MARK: Broken files

    @Test func notAZipOrNotAWorkbook() throws {
        let text = F.reason { _ = try XLSXBook(data: Data("member_id,time\n1,2\n".utf8), name: "a.xlsx") }
        #expect(text == "this is not an Excel workbook (it is not a zip archive); save it as .xlsx or CSV")
        let ole = F.reason { _ = try XLSXBook(data: Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 600)), name: "b.xlsx") }
        #expect(ole?.contains("old-style .xls file or a password-protected workbook") == true)
        let docx = try F.zip([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")])
        let word = F.reason { _ = try XLSXBook(data: docx, name: "c.xlsx") }
        #expect(word == "this is not an Excel workbook (it is a Word document); save it as .xlsx or CSV")
        let ods = try F.zip([("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", "<x/>")])
        #expect(F.reason { _ = try XLSXBook(data: ods, name: "d.xlsx") }?.contains("OpenDocument") == true)
    }

    @Test func corruptZipData() throws {
        let marker = "CHECKSUMMARKER"
        let good = try F.workbook([("S", F.sheet("<row><c t=\"inlineStr\"><is><t>\(marker)</t></is></c></row>"))],
                                  stored: true)
        // A stored part with one letter changed: well-formed XML, wrong CRC.
        var flipped = good
        let at = flipped.range(of: Data(marker.utf8))!.lowerBound
        flipped[at] = UInt8(ascii: "X")
        let book = try XLSXBook(data: flipped, name: "crc.xlsx")
        let crc = F.reason { _ = try F.rows(book) }
        #expect(crc == "the workbook is damaged (xl/worksheets/sheet1.xml fails its checksum (CRC) test); open it in Excel or WPS and save it again as .xlsx, or save it as CSV")

        // A deflated sheet whose compressed bytes are garbage.
        let rows = (1...300).map { "<row><c><v>\($0 * 7919)</v></c></row>" }.joined()
        var deflated = try F.workbook([("S", F.sheet(rows))])
        let sheetStart = deflated.range(of: Data("xl/worksheets/sheet1.xml".utf8))!.upperBound
        for i in (sheetStart + 40)..<(sheetStart + 140) { deflated[i] ^= 0x5A }
        let broken = F.reason {
            let book = try XLSXBook(data: deflated, name: "bad.xlsx")
            _ = try F.rows(book)
        }
        #expect(broken?.hasPrefix("the workbook is damaged (xl/worksheets/sheet1.xml") == true)

        // Cut short: no central directory any more. It starts like a zip, so it is damaged.
        let cut = F.reason { _ = try XLSXBook(data: good.prefix(good.count / 2), name: "cut.xlsx") }
        #expect(cut == "the workbook is damaged (the zip archive is cut short or corrupt; it may not have been copied completely); open it in Excel or WPS and save it again as .xlsx, or save it as CSV")
    }

    @Test func zipBombIsRefused() throws {
        // ~4 MB of rows that deflate to a few kB, against a 256 kB part limit.
        let row = "<row><c t=\"inlineStr\"><is><t>\(String(repeating: "a", count: 1000))</t></is></c></row>"
        let big = F.sheet(String(repeating: row, count: 4_000))
        let data = try F.workbook([("S", big)])
        #expect(data.count < 100_000)
        let limits = SheetLimits(maxPartBytes: 256 << 10)
        let book = try XLSXBook(data: data, name: "bomb.xlsx", limits: limits)
        var rows = 0
        let reason = F.reason { try book.readRows(sheet: 0) { _ in rows += 1; return .more } }
        #expect(reason == "the workbook part xl/worksheets/sheet1.xml unpacks to more than 262144 bytes (a zip bomb, or a sheet too large to read); refused — save the sheet as CSV")
        #expect(rows < 300)

        let strings = String(repeating: "<si><t>\(String(repeating: "b", count: 1000))</t></si>", count: 2_000)
        let bomb2 = try F.workbook([("S", F.sheet("<row><c t=\"s\"><v>0</v></c></row>"))], shared: strings)
        let book2 = try XLSXBook(data: bomb2, name: "sst.xlsx", limits: SheetLimits(maxSharedStringBytes: 1 << 20))
        let reason2 = F.reason { _ = try F.rows(book2) }
        #expect(reason2 == "the workbook's text table (xl/sharedStrings.xml) takes more than 1 MB; refused — save the sheet as CSV")
        // Standard limits read it.
        #expect(try F.rows(XLSXBook(data: bomb2, name: "sst.xlsx")).count == 1)
    }

    @Test func malformedXML() throws {
        let reason = F.reason { _ = try F.read("<row>\n<c><v>1</v></c>\n<c><v>2</v></row>") }
        #expect(reason?.hasPrefix("the workbook is damaged (xl/worksheets/sheet1.xml is not well-formed XML: mismatched tag at line 4)") == true)
        let doctype = F.reason {
            _ = try XLSXBook(data: F.workbook([("S", "<!DOCTYPE x [<!ENTITY a \"b\">]><worksheet/>")]), name: "d.xlsx")
                .readRows(sheet: 0) { _ in .more }
        }
        #expect(doctype?.contains("has a DOCTYPE") == true)
        let badWorkbook = try F.zip([("xl/workbook.xml", "<workbook><sheets><sheet name=\"a\"</sheets></workbook>")])
        #expect(F.reason { _ = try XLSXBook(data: badWorkbook, name: "w.xlsx") }?.contains("xl/workbook.xml is not well-formed XML") == true)
        let missingString = F.reason { _ = try F.read("<row><c t=\"s\"><v>3</v></c></row>", shared: "<si><t>a</t></si>") }
        #expect(missingString?.contains("refers to shared string 3, but the workbook has 1") == true)
        let noPart = F.reason {
            let wb = try F.zip([("xl/workbook.xml", "<workbook xmlns:r=\"\(F.relNS)\"><sheets><sheet name=\"a\" r:id=\"rId1\"/></sheets></workbook>")])
            _ = try F.rows(XLSXBook(data: wb, name: "n.xlsx"))
        }
        #expect(noPart?.contains("the part of sheet \"a\" is missing") == true)
    }

    // MARK: Speed

    /// 50,000 check-in rows × 6 columns as Excel writes them (shared
    /// strings, a date-time column, a number id); prints cells per second.
    @Test func checkinSheetSpeed() throws {
        let groups = (0..<40).map { "<si><t>计算机学院\($0)班</t></si>" }.joined()
        var rows = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>member_id</t></is></c></row>"
        rows.reserveCapacity(5_000_000)
        for r in 2...50_001 {
            let serial = 46_329 + Double(r % 30) + Double(r % 86_400) / 86_400
            rows += "<row r=\"\(r)\" spans=\"1:6\"><c r=\"A\(r)\"><v>\(202_500_000 + r)</v></c>"
            rows += "<c r=\"B\(r)\" s=\"3\"><v>\(serial)</v></c><c r=\"C\(r)\" t=\"s\"><v>\(r % 40)</v></c>"
            rows += "<c r=\"D\(r)\" t=\"s\"><v>\((r + 7) % 40)</v></c><c r=\"E\(r)\" s=\"1\"><v>\(46_329 + r % 30)</v></c>"
            rows += "<c r=\"F\(r)\" t=\"inlineStr\"><is><t>post\(r % 500)</t></is></c></row>"
        }
        let data = try F.workbook([("打卡", F.sheet(rows))], shared: groups)
        let book = try XLSXBook(data: data, name: "speed.xlsx")
        var cells = 0, count = 0
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            try book.readRows(sheet: 0) { row in
                cells += row.cells.count
                count += 1
                return .more
            }
        }
        #expect(count == 50_001)
        #expect(cells == 50_000 * 6 + 1)
        let seconds = Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds)
        print("XLSXBook speed: \(cells) cells in \(seconds) s = \(Int(Double(cells) / seconds)) cells/s")
    }
}
