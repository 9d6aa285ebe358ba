import Foundation
import ReachTestSupport
import ReachModel
import Testing
@testable import ReachReading

/// The fast worksheet tokenizer against expat: every part, cut into chunks
/// anywhere, must read to the same rows or fail with the same error as
/// with expat alone — the scanner reads what it can and hands the rest of
/// the verdicts to expat.
@Suite struct SheetXMLScannerTests {
    /// What reading `xml` gives: its rows, or the error, as text.
    /// `fast`: the scanner with its fallback; else expat alone.
    /// `chunks`: chunk sizes, cycled (the zip hands 64 kB at a time).
    static func outcome(_ xml: [UInt8], fast: Bool, chunks: [Int] = [1 << 16],
                        stopAfter: Int? = nil) -> String {
        let builder = SheetRowBuilder(part: "xl/worksheets/sheet1.xml", sharedStrings: ["甲", "b&c"],
                                      dateKinds: [.none, .date, .time, .dateTime], serial: ExcelSerial(is1904: false))
        var rows: [String] = []
        builder.handler = { row in
            rows.append("\(row.number):" + zip(row.cells, row.isNumber).map { $0 + ($1 ? "#" : "") }.joined(separator: "|"))
            return rows.count == stopAfter ? .stop : .more
        }
        let source: (any PartConsumer) throws -> Void = { consumer in
            var offset = 0, k = 0
            try xml.withUnsafeBytes { all in
                while offset < all.count, !consumer.isFinished {
                    let size = max(1, chunks[k % chunks.count])
                    let piece = UnsafeRawBufferPointer(rebasing: all[offset..<min(all.count, offset + size)])
                    try consumer.feed(piece)
                    offset += piece.count
                    k += 1
                }
            }
            if !consumer.isFinished { try consumer.end() }
        }
        do {
            if fast {
                try builder.read(source)
            } else {
                try source(SheetXMLParser(builder: builder))
            }
        } catch let error as SheetError {
            return rows.joined(separator: "\n") + "\nerror: " + error.reason
        } catch {
            return rows.joined(separator: "\n") + "\nerror: \(error)"
        }
        return rows.joined(separator: "\n")
    }

    /// Whether the scanner alone (no fallback) reads `xml` to its end.
    static func scannerReadsAlone(_ xml: String) -> Bool {
        let builder = SheetRowBuilder(part: "p", sharedStrings: ["甲", "b&c"], dateKinds: [.none, .date, .time, .dateTime],
                                      serial: ExcelSerial(is1904: false))
        builder.handler = { _ in .more }
        let scanner = SheetXMLScanner(builder: builder)
        do {
            try Array(xml.utf8).withUnsafeBytes { try scanner.feed($0) }
            try scanner.end()
            return true
        } catch {
            return false
        }
    }

    static func sheet(_ rows: String, declaration: String = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
        -> String {
        declaration + "<worksheet xmlns=\"\(XLSXFixture.mainNS)\"><dimension ref=\"A1\"/><sheetData>\(rows)</sheetData>"
            + "<pageMargins left=\"0.7\" right=\"0.7\"/></worksheet>"
    }

    static let plainRows = """
        <row r="1" spans="1:4"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>打卡时间</t></is></c>\
        <c r="D1" t="s"><v>1</v></c></row>
        <row r="2"><c r="A2"><v>2025010001</v></c><c r="B2" s="3"><v>46329.375</v></c><c r="C2" t="b"><v>1</v></c>\
        <c r="D2" t="str"><f>A2&amp;"x"</f><v>2025010001x</v></c></row>
        <row r="4"><c r="B4" t="inlineStr"><is><r><t>张</t></r><r><rPr><b/></rPr><t xml:space="preserve">三 </t></r>\
        <rPh sb="0" eb="1"><t>ZHANG</t></rPh></is></c><c r="C4" t="e"><v>#N/A</v></c><c r="E4" t="d"><v>2026-11-03T08:52:00Z</v></c></row>
        <row><c><v>1.5E+3</v></c><c t="inlineStr"><is><t>a&lt;b&gt;c&quot;d&apos;e&#x4E2D;&#25991;</t></is></c></row>
        """

    @Test func plainSheetsReadAloneAndAsExpatDoes() {
        let xml = Self.sheet(Self.plainRows)
        #expect(Self.scannerReadsAlone(xml))
        let expat = Self.outcome(Array(xml.utf8), fast: false)
        #expect(expat == """
            1:甲|打卡时间||b&c
            2:2025010001#|2026-11-03 09:00:00|TRUE|2025010001x
            4:|张三 |#N/A||2026-11-03 08:52:00
            5:1500#|a<b>c"d'e中文
            """)
        for chunks in [[1 << 16], [1], [2], [3], [7], [13, 1, 64], [4096]] {
            #expect(Self.outcome(Array(xml.utf8), fast: true, chunks: chunks) == expat, "chunks \(chunks)")
        }
    }

    /// XML the scanner reads itself, each read as expat reads it.
    @Test(arguments: [
        "<x:worksheet xmlns:x=\"\(XLSXFixture.mainNS)\"><x:sheetData><x:row r='1'><x:c r = 'A1' t = \"inlineStr\"><x:is><x:t>a</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>",
        sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>line\r\nbreak\rhere\n</t></is></c></row>"),
        sheet("<row r=\"1\"><!-- a comment, 评论 --><c r=\"A1\"><v>7</v><!----></c></row>"),
        sheet("<row r=\"1\" ><c r=\"A1\" ></c ><c r=\"B1\"/><c r=\"C1\" t=\"inlineStr\"><is><t/></is></c><c r=\"D1\"><v>2</v></c></row >"),
        sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>tab\there &#9;&#10;&#13;x</t></is></c></row>"),
        sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>𝄞 and ] and ]] and &gt;</t></is></c></row>"),
        "\u{FEFF}" + sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"),
        sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>", declaration: ""),
        sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>", declaration: "<?xml version='1.0'?>"),
        sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>") + "\n  \n",
    ])
    func readsItselfAsExpatDoes(_ xml: String) {
        #expect(Self.scannerReadsAlone(xml))
        let expat = Self.outcome(Array(xml.utf8), fast: false)
        #expect(!expat.contains("error"), "\(expat)")
        for chunks in [[1 << 16], [1], [5, 3]] {
            #expect(Self.outcome(Array(xml.utf8), fast: true, chunks: chunks) == expat)
        }
    }

    /// XML the scanner leaves to expat; the verdict (rows or error) is
    /// expat's, and rows read before the scanner gave up are not repeated.
    @Test(arguments: [
        sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t><![CDATA[a<b]]></t></is></c></row>"),
        sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><?pi data?><row r=\"2\"><c r=\"A2\"><v>2</v></c></row>"),
        sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A&#50;\"><v>2</v></c></row>"),
        sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\" s=\"&#49;\"><v>46296</v></c></row>"),
        sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\"><v>&unknown;</v></c></row>"),
        sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\"><v>2</x></c></row>"),
        sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\" r=\"B2\"><v>2</v></c></row>"),
        sheet("<row r=\"1\"><c r=\"A1\"t=\"n\"><v>1</v></c></row>"),
        sheet("<row r=\"1\"><c r=A1><v>1</v></c></row>"),
        sheet("<row r=\"1\"><c r=\"A1\"><v>1\u{1}</v></c></row>"),
        sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\"><v>]]></v></c></row>"),
        sheet("<row r=\"1\"><c r=\"A1\"><v>&#0;</v></c></row>"),
        sheet("<row r=\"1\"><c r=\"A1\"><v>&#xD800;</v></c></row>"),
        sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>\u{FFFE}</t></is></c></row>"),
        sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><行 r=\"2\"/>"),
        sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>") + "<second/>",
        sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>") + "text after",
        sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\"><v>2</v></c>"),
        "<!DOCTYPE worksheet [<!ENTITY e \"x\">]>" + sheet("<row r=\"1\"><c r=\"A1\"><v>&e;</v></c></row>", declaration: ""),
        sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>", declaration: "<?xml version=\"1.0\" encoding=\"GB18030\"?>"),
        "  " + sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"),
        sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><!-- a -- b --><c r=\"A2\"><v>2</v></c></row>"),
        sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"x\"><c r=\"A2\"><v>2</v></c></row>"),
        "",
    ])
    func leftToExpatAndReadAsExpatDoes(_ xml: String) {
        let expat = Self.outcome(Array(xml.utf8), fast: false)
        for chunks in [[1 << 16], [1], [3], [11, 2]] {
            #expect(Self.outcome(Array(xml.utf8), fast: true, chunks: chunks) == expat, "chunks \(chunks)")
        }
    }

    @Test func invalidUTF8AndOtherEncodingsAreExpatsVerdict() {
        let head = Array(("<?xml version=\"1.0\"?><worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
            + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>").utf8)
        let tail = Array("</t></is></c></row></sheetData></worksheet>".utf8)
        for bad: [UInt8] in [[0xFF], [0xC0, 0x80], [0xE4, 0xB8], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0x80],
                             [0xEF, 0xBF, 0xBF]] {
            let xml = head + bad + tail
            let expat = Self.outcome(xml, fast: false)
            #expect(expat.contains("error"), "\(bad)")
            #expect(Self.outcome(xml, fast: true, chunks: [1 << 16]) == expat)
            #expect(Self.outcome(xml, fast: true, chunks: [1]) == expat)
        }
        // UTF-16 with its byte-order mark: expat reads it, the scanner hands it over.
        let utf16: [UInt8] = [0xFF, 0xFE] + Array(Self.sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>中</t></is></c></row>",
                                                    declaration: "<?xml version=\"1.0\" encoding=\"UTF-16\"?>")
            .utf16.flatMap { unit -> [UInt8] in [UInt8(unit & 0xFF), UInt8(unit >> 8)] })
        let expat = Self.outcome(utf16, fast: false)
        #expect(expat == "1:中")
        #expect(Self.outcome(utf16, fast: true) == expat)
    }

    /// A handler's stop ends the read at once, with no rows after it.
    @Test func stopEndsTheRead() {
        let xml = Array(Self.sheet(Self.plainRows).utf8)
        #expect(Self.outcome(xml, fast: true, stopAfter: 2) == Self.outcome(xml, fast: false, stopAfter: 2))
        #expect(Self.outcome(xml, fast: true, stopAfter: 2).split(separator: "\n").count == 2)
    }

    /// A token longer than the scanner holds goes to expat, which reads it.
    @Test func aHugeTokenIsLeftToExpat() {
        let long = String(repeating: "长", count: SheetXMLScanner.maxToken / 3 + 10)
        let xml = Array(Self.sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
            + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>\(long)</t></is></c></row>").utf8)
        let fast = Self.outcome(xml, fast: true, chunks: [1 << 16])
        #expect(fast == "1:1#\n2:\(long)")
        #expect(fast == Self.outcome(xml, fast: false))
    }

    /// Random damage to a sheet, read in random chunks: always expat's
    /// outcome (a differential fuzz, fixed seeds).
    @Test func randomDamageReadsAsExpatReadsIt() {
        let base = Array(Self.sheet(Self.plainRows).utf8)
        let alphabet: [UInt8] = Array("<>/&;#x\"'= !?[]-:rcvt\r\n\u{1}".utf8) + [0xE4, 0xB8, 0xAD, 0xFF, 0x80]
        var random = SplitMix(seed: 17)
        var differing: [String] = []
        for round in 0..<1500 {
            var xml = base
            for _ in 0..<(1 + Int(random.next() % 3)) {
                let at = Int(random.next() % UInt64(xml.count))
                switch random.next() % 4 {
                case 0: xml.remove(at: at)
                case 1: xml.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: at)
                case 2: xml[at] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                default:
                    let length = min(1 + Int(random.next() % 12), xml.count - at)
                    xml.insert(contentsOf: xml[at..<(at + length)], at: at)
                }
            }
            let chunks = (0..<3).map { _ in 1 + Int(random.next() % 40) }
            let expat = Self.outcome(xml, fast: false)
            let fast = Self.outcome(xml, fast: true, chunks: chunks)
            if fast != expat {
                differing.append("round \(round): \(String(decoding: xml, as: UTF8.self))\nexpat: \(expat)\nfast: \(fast)")
            }
        }
        #expect(differing.isEmpty, "\(differing.prefix(3).joined(separator: "\n\n"))")
    }
}
