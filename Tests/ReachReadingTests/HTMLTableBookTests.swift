import Foundation
import Testing
@testable import ReachReading

/// ``HTMLTableBook`` on the HTML tables web back-ends save as `.xls`.
@Suite struct HTMLTableBookTests {
    /// The rows of table `sheet` of an HTML document given as text.
    func rows(_ html: String, sheet: Int = 0) throws -> [SheetRow] {
        try SheetFixtures.withFile(html, name: "export.xls") { url in
            try SheetFixtures.rows(HTMLTableBook(url: url), sheet: sheet)
        }
    }

    @Test func colspanAndRowspanPlaceCellsInTheirColumns() throws {
        let html = """
            <table>
            <tr><th rowspan=2>学号</th><th colspan=2>打卡</th><th rowspan="2">备注</th></tr>
            <tr><th>日期</th><th>时间</th></tr>
            <tr><td>S1</td><td>2026-11-03</td><td>08:52</td><td>ok</td></tr>
            <tr><td rowspan=2>S2</td><td colspan="2">请假</td><td>x</td></tr>
            <tr><td>2026-11-05</td><td>09:00</td><td>y</td></tr>
            </table>
            """
        let rows = try rows(html)
        #expect(rows.map(\.number) == [1, 2, 3, 4, 5])
        #expect(rows.map(\.cells) == [
            ["学号", "打卡", "", "备注"],
            ["", "日期", "时间"],
            ["S1", "2026-11-03", "08:52", "ok"],
            ["S2", "请假", "", "x"],
            ["", "2026-11-05", "09:00", "y"],
        ])
        #expect(rows.allSatisfy { $0.isNumber == Array(repeating: false, count: $0.cells.count) })
    }

    @Test func cellTextIsWhatABrowserShows() throws {
        let html = """
            <table><tr>
            <td>  a&amp;b &lt;c&gt; &#20013;&#x6587; </td>
            <td>line1<br>line2<BR/>  line3 <br></td>
            <td>&nbsp;&nbsp;x&nbsp;&nbsp;y&nbsp;</td>
            <td>a
                  b\tc</td>
            <td><b>粗</b>体 <span style="color:red">文</span></td>
            <td><div>p1</div><div>p2</div></td>
            <td><script>var x = "<td>no</td>";</script>shown</td>
            </tr></table>
            """
        let rows = try rows(html)
        #expect(rows.map(\.cells) == [["a&b <c> 中文", "line1\nline2\nline3", "x  y", "a b c", "粗体 文", "p1\np2", "shown"]])
    }

    @Test func gbkPageWithMetaCharsetAndExcelSheetName() throws {
        let book = try HTMLTableBook(url: SheetFixtures.url("gbk-table.xls"))
        #expect(book.sheetNames == ["打卡记录"])  // from <x:Name>
        let rows = try SheetFixtures.rows(book)
        #expect(rows.map(\.cells) == [
            ["计算机学院 打卡记录（2026年11月）"],
            ["学号", "姓名", "打卡时间", "备注"],
            ["202501001", "朱镕基", "2026-11-03 08:52:00", "<准时>"],
            ["202501002", "李四", "2026-11-04 21:05:30", "迟到 5 分钟"],
        ])
        // x:num and mso-number-format do not make a number: HTML is text.
        #expect(rows[2].isNumber == [false, false, false, false])
        #expect(rows[3].isNumber == [false, false, false, false])
    }

    @Test func eachTableIsASheetNamedByItsCaption() throws {
        let html = """
            <html><body>
            <table><caption> 名单 </caption><tr><td>学号</td><td>姓名</td></tr><tr><td>S1</td><td>张三</td></tr></table>
            <p>between</p>
            <table>
              <tr><td>学号</td><td>打卡时间</td></tr>
              <tr><td>S1</td><td><table><tr><td>nested</td></tr></table>2026-11-03 08:52</td></tr>
            </table>
            </body></html>
            """
        try SheetFixtures.withFile(html, name: "two.xls") { url in
            let book = try HTMLTableBook(url: url)
            // The nested table is a sheet of its own, third in document order.
            #expect(book.sheetNames == ["名单", "Table2", "Table3"])
            #expect(try SheetFixtures.rows(book, sheet: 0).map(\.cells) == [["学号", "姓名"], ["S1", "张三"]])
            #expect(try SheetFixtures.rows(book, sheet: 1).map(\.cells) == [["学号", "打卡时间"], ["S1", "2026-11-03 08:52"]])
            #expect(try SheetFixtures.rows(book, sheet: 2).map(\.cells) == [["nested"]])
            #expect(try SheetFixtures.rows(book, sheet: 0).count == 2)  // starts over
        }
    }

    @Test func dingTalkLikeExportWithTitleRowAndSloppyTags() throws {
        // A title row across the table, a header in <thead>, a body whose
        // <td>s and <tr>s are never closed, as generators write them.
        let html = """
            <html xmlns:x="urn:schemas-microsoft-com:office:excel">
            <head><meta charset="utf-8"><style>td { mso-number-format:"\\@"; }</style></head>
            <body><table border=1>
            <thead>
            <tr><td colspan=6 style="font-size:18px">每日打卡统计 2026-11-03 至 2026-11-04</td>
            <tr><th>姓名<th>工号<th>部门<th>日期<th>打卡时间<th>打卡结果
            </thead>
            <tbody>
            <tr><td>张三<td x:str>0202501001<td>计科1班<td>2026-11-03 星期二<td>08:52<td>正常
            <tr><td>李四<td>0202501002<td>计科2班<td>2026-11-03 星期二<td><td>缺卡
            <tr><td><td><td><td><td><td>
            <tr><td>张三<td>0202501001<td>计科1班<td>2026-11-04 星期三<td>08:49<td>正常
            </tbody></table></body></html>
            """
        let rows = try rows(html)
        #expect(rows.map(\.number) == [1, 2, 3, 4, 6])  // row 5 is empty
        #expect(rows.map(\.cells) == [
            ["每日打卡统计 2026-11-03 至 2026-11-04"],
            ["姓名", "工号", "部门", "日期", "打卡时间", "打卡结果"],
            ["张三", "0202501001", "计科1班", "2026-11-03 星期二", "08:52", "正常"],
            ["李四", "0202501002", "计科2班", "2026-11-03 星期二", "", "缺卡"],
            ["张三", "0202501001", "计科1班", "2026-11-04 星期三", "08:49", "正常"],
        ])
    }

    @Test func encodingsByBOMByMetaAndByGuess() throws {
        let page = "<table><tr><td>学号</td><td>姓名</td></tr><tr><td>S1</td><td>朱镕基</td></tr></table>"
        let expected = [["学号", "姓名"], ["S1", "朱镕基"]]
        let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(page.utf8)
        let utf16LE: [UInt8] = [0xFF, 0xFE] + page.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let utf16BE: [UInt8] = [0xFE, 0xFF] + page.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let gbkMeta = SheetFixtures.gb18030("<html><head><meta charset=\"GBK\"></head><body>" + page)
        let gbkUnsaid = SheetFixtures.gb18030(page)  // not UTF-8, says nothing: GB18030
        for bytes in [utf8BOM, utf16LE, utf16BE, gbkMeta, gbkUnsaid] {
            let rows = try SheetFixtures.withFile(bytes, name: "page.xls") { try SheetFixtures.rows(HTMLTableBook(url: $0)) }
            #expect(rows.map(\.cells) == expected)
        }
    }

    @Test func bytesNotInTheCharsetAreAnErrorNotGarble() throws {
        // Valid UTF-8 at the start (so UTF-8 is assumed), a stray byte later.
        let head = "<meta charset=utf-8><table><tr><td>学号</td></tr>" + String(repeating: " ", count: 70_000)
        let bytes = Array(head.utf8) + [0xFF] + Array("<tr><td>S1</td></tr></table>".utf8)
        let reason = try SheetFixtures.withFile(bytes, name: "bad.xls") { url in
            SheetFixtures.reason { _ = try HTMLTableBook(url: url) }
        }
        #expect(reason?.hasPrefix("the bytes at offset \(head.utf8.count) are not valid UTF-8") == true)
    }

    @Test func anUnknownCharsetIsRefused() throws {
        let reason = try SheetFixtures.withFile("<meta charset=\"x-klingon\"><table><tr><td>a</td></tr></table>",
                                                name: "odd.xls") { url in
            SheetFixtures.reason { _ = try HTMLTableBook(url: url) }
        }
        #expect(reason == "the file says its characters are x-klingon, a character set that cannot be read; "
            + "open it in Excel or WPS and save it as .xlsx or CSV")
    }

    @Test func aPageWithoutTableIsRefused() throws {
        let reason = try SheetFixtures.withFile("<html><body><p>导出失败</p></body></html>", name: "error.xls") { url in
            SheetFixtures.reason { _ = try HTMLTableBook(url: url) }
        }
        #expect(reason == "the file is an HTML page without a table; open it in Excel or WPS and save it as .xlsx or CSV")
    }

    @Test func stopsWhenTheHandlerSaysSo() throws {
        let body = (1 ... 1000).map { "<tr><td>S\($0)</td></tr>" }.joined()
        try SheetFixtures.withFile("<table>\(body)</table>", name: "long.xls") { url in
            let book = try HTMLTableBook(url: url)
            var seen: [Int] = []
            try book.readRows(sheet: 0) { seen.append($0.number); return seen.count == 3 ? .stop : .more }
            #expect(seen == [1, 2, 3])
            #expect(try SheetFixtures.rows(book).count == 1000)
            struct Boom: Error {}
            #expect(throws: Boom.self) { try book.readRows(sheet: 0) { _ in throw Boom() } }
        }
    }

    @Test func charsetDeclarationsAreFoundLikeABrowserDoes() {
        func charset(_ text: String) -> String { HTMLCharset.detect(Array(text.utf8)).charset }
        #expect(charset("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">") == "gb2312")
        #expect(charset("<META CHARSET='GBK'>") == "gbk")
        #expect(charset("<?xml version=\"1.0\" encoding=\"GB18030\"?><html>") == "gb18030")
        #expect(charset("<html><table>") == "UTF-8")
        #expect(SheetTranscoder.iconvName("GB2312") == "GB18030")
        #expect(SheetTranscoder.iconvName("x-gbk") == "GB18030")
        // A name ends at a byte no character set's name has (a reject quotes it).
        #expect(charset("<meta charset=gbk\u{1}\u{0}x>") == "gbk")
        #expect(charset("<meta charset=-11\u{FFFD}支部>") == "-11")
    }
}
