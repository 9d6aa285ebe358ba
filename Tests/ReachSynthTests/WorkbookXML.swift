import Foundation
import ReachTestSupport
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A generated workbook's first sheet, read from its XML parts
/// (XLSXPackage + Foundation's XMLParser): cells as stored, with their
/// types and number formats, merged ranges, the sheet names. A check of
/// what was written, independent of reach's own reader.
struct WorkbookXML {
    struct Cell: Equatable {
        /// `s` (shared string), `inlineStr`, `str`, or nil (a number).
        var type: String?
        /// Index into the cell formats (`s`), 0 when absent.
        var style: Int
        /// The text of a string cell, the stored value of a number cell.
        var value: String
        var isNumber: Bool { type == nil }
    }

    let sheetNames: [String]
    /// Row number → column letters → cell (blank cells without a value are left out).
    let rows: [Int: [String: Cell]]
    let merges: [String]
    /// The number format code of each cell format (builtin ids as `#<id>`).
    let formats: [String]

    init(_ url: URL) throws {
        let parts = try XLSXPackage(url).parts
        let workbook = Collector()
        try workbook.parse(parts["xl/workbook.xml"] ?? "")
        sheetNames = workbook.elements.filter { $0.name == "sheet" }.compactMap { $0.attributes["name"] }

        let strings = Collector()
        try strings.parse(parts["xl/sharedStrings.xml"] ?? "")
        let shared = strings.elements.filter { $0.name == "si" }.map(\.text)

        let styles = Collector()
        try styles.parse(parts["xl/styles.xml"] ?? "")
        var codes: [String: String] = [:]
        for e in styles.elements where e.name == "numFmt" {
            if let id = e.attributes["numFmtId"] { codes[id] = e.attributes["formatCode"] }
        }
        formats = styles.elements.filter { $0.name == "xf" && $0.inCellXfs }.map { xf in
            let id = xf.attributes["numFmtId"] ?? "0"
            return codes[id] ?? "#\(id)"
        }

        let sheet = Collector()
        try sheet.parse(parts["xl/worksheets/sheet1.xml"] ?? "")
        var rows: [Int: [String: Cell]] = [:]
        for e in sheet.elements where e.name == "c" {
            let ref = e.attributes["r"] ?? ""
            let letters = String(ref.prefix { $0.isLetter })
            guard let row = Int(ref.dropFirst(letters.count)), e.hasValue else { continue }
            let type = e.attributes["t"]
            let value = type == "s" ? shared[Int(e.text)!] : e.text
            rows[row, default: [:]][letters] = Cell(type: type, style: Int(e.attributes["s"] ?? "0") ?? 0, value: value)
        }
        self.rows = rows
        merges = sheet.elements.filter { $0.name == "mergeCell" }.compactMap { $0.attributes["ref"] }
    }

    /// The texts of row `row` from column A to `last`, "" where empty.
    func texts(_ row: Int, through last: Character = "H") -> [String] {
        (UInt8(ascii: "A") ... last.asciiValue!).map { rows[row]?[String(UnicodeScalar($0))]?.value ?? "" }
    }

    func format(_ cell: Cell) -> String { cell.style < formats.count ? formats[cell.style] : "#0" }
}

/// Collects every element of an XML part: name, attributes and the text
/// inside it (the `<t>` texts of a shared string or inline string joined).
private final class Collector: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text = ""
        /// Holds a `<v>` or `<is>` (a cell with a value).
        var hasValue = false
        var inCellXfs = false
    }

    var elements: [Element] = []
    private var open: [Int] = []
    private var inText = false
    private var inCellXfs = false
    private var failure: Error?

    /// Thrown when a part does not parse and the parser gives no reason.
    struct Unparsable: Error {}

    func parse(_ xml: String) throws {
        guard !xml.isEmpty else { return }
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = self
        guard parser.parse() else { throw parser.parserError ?? failure ?? Unparsable() }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if name == "cellXfs" { inCellXfs = true }
        if name == "t" || name == "v" { inText = true }
        if name == "v" || name == "is" { for i in open { elements[i].hasValue = true } }
        elements.append(Element(name: name, attributes: attributes, inCellXfs: inCellXfs))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "cellXfs" { inCellXfs = false }
        if name == "t" || name == "v" { inText = false }
        open.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard inText else { return }
        // The text belongs to the enclosing cell or shared string.
        for i in open where ["c", "si"].contains(elements[i].name) { elements[i].text += string }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { failure = parseError }
}
