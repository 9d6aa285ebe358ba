import CLibXML2
import Foundation

/// The SAX side of ``HTMLTableBook``: follows libxml2's element events
/// through the tables of an HTML document, either to name them
/// (``Mode/names``) or to turn the `<tr>`s of one of them into
/// ``SheetRow``s (``Mode/rows(table:body:)``).
final class HTMLTableScan {
    enum Mode {
        /// Count the tables; collect `<caption>`s and Excel's `<x:Name>`s.
        case names
        /// Give the rows of table `table` (0-based, document order) to `body`.
        case rows(table: Int, body: (SheetRow) throws -> SheetFlow)
    }

    /// One open `<table>`.
    private struct Table {
        var index: Int
        /// `<tr>`s seen so far (the current row's number once one is open).
        var rowNumber = 0
        var inRow = false
        var cells: [String] = []
        /// Rows (this one included) that a `rowspan` above still covers, per column.
        var covered: [Int] = []
        /// The next free column of the current row.
        var column = 0
        /// The open cell: where it is, how wide, and its text so far.
        var cell: (column: Int, width: Int)?
        var text = HTMLCellText()
        var inCaption = false
        var caption = HTMLCellText()
    }

    let mode: Mode
    var parser: htmlParserCtxtPtr?
    private(set) var stopped = false
    private(set) var failure: Error?
    private(set) var tableCount = 0
    private var tables: [Table] = []
    private var captions: [Int: String] = [:]
    private var worksheetNames: [String] = []
    /// Depth inside `<script>`/`<style>`, whose text is no cell text.
    private var hiddenDepth = 0

    init(mode: Mode) { self.mode = mode }

    /// libxml2 set up once per process.
    static let initializeLibXML: Void = { xmlInitParser() }()

    /// The sheet name of table `index`: Excel's worksheet name, its caption,
    /// or `Table<n>`.
    func name(ofTable index: Int) -> String {
        if index < worksheetNames.count, !worksheetNames[index].isEmpty { return worksheetNames[index] }
        if let caption = captions[index], !caption.isEmpty { return caption }
        return "Table\(index + 1)"
    }

    private var targetTable: Int? {
        if case .rows(let table, _) = mode { return table }
        return nil
    }

    /// Whether the innermost open table is the one being read (never when
    /// naming: then only captions are collected).
    private var collecting: Bool {
        guard let top = tables.last else { return false }
        switch mode {
        case .names: return false
        case .rows(let table, _): return top.index == table
        }
    }

    // MARK: Events

    func start(_ name: String, _ attributes: [(String, String?)]) {
        if stopped { return }
        switch name {
        case "script", "style":
            hiddenDepth += 1
        case "table":
            tables.append(Table(index: tableCount))
            tableCount += 1
        case "caption":
            if case .names = mode, !tables.isEmpty { tables[tables.count - 1].inCaption = true }
        case "tr":
            guard !tables.isEmpty else { return }
            endRow()
            tables[tables.count - 1].rowNumber += 1
            tables[tables.count - 1].inRow = true
        case "td", "th":
            guard !tables.isEmpty else { return }
            startCell(attributes)
        case "br":
            lineBreak(always: true)
        case "p", "div", "li":
            lineBreak(always: false)
        default:
            break
        }
    }

    func end(_ name: String) {
        if stopped { return }
        switch name {
        case "script", "style":
            hiddenDepth = max(0, hiddenDepth - 1)
        case "table":
            guard !tables.isEmpty else { return }
            endRow()
            let table = tables.removeLast()
            if table.index == targetTable { stop() }  // nothing more to read
        case "caption":
            guard !tables.isEmpty, tables[tables.count - 1].inCaption else { return }
            tables[tables.count - 1].inCaption = false
            let top = tables[tables.count - 1]
            captions[top.index] = top.caption.finished()
        case "tr":
            endRow()
        case "td", "th":
            endCell()
        default:
            break
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !stopped, hiddenDepth == 0, !tables.isEmpty else { return }
        let top = tables.count - 1
        if tables[top].inCaption {
            tables[top].caption.append(bytes)
            if tables[top].caption.byteCount > HTMLTableBook.maxCellBytes {
                fail(SheetError("table \(tables[top].index + 1) has a caption of more than "
                    + "\(HTMLTableBook.maxCellBytes >> 20) MB of text; the file is damaged"))
            }
        } else if collecting, tables[top].cell != nil {
            tables[top].text.append(bytes)
            if tables[top].text.byteCount > HTMLTableBook.maxCellBytes {
                fail(SheetError("table \(tables[top].index + 1), row \(tables[top].rowNumber) has a cell of more "
                    + "than \(HTMLTableBook.maxCellBytes >> 20) MB of text; the file is damaged"))
            }
        }
    }

    /// Excel's worksheet names, from the `<x:Name>`s of the conditional
    /// `<xml>` block it (and back-ends copying it) puts in a comment.
    func comment(_ text: String) {
        guard case .names = mode else { return }
        var rest = Substring(text)
        while let open = rest.range(of: "<x:Name>", options: .caseInsensitive),
              let close = rest.range(of: "</x:Name>", options: .caseInsensitive, range: open.upperBound ..< rest.endIndex) {
            worksheetNames.append(String(rest[open.upperBound ..< close.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines))
            rest = rest[close.upperBound...]
        }
    }

    // MARK: Rows and cells

    private func startCell(_ attributes: [(String, String?)]) {
        let top = tables.count - 1
        if !tables[top].inRow {  // a cell outside any <tr> opens a row
            tables[top].rowNumber += 1
            tables[top].inRow = true
        }
        endCell()
        guard collecting else { return }
        var colspan = 1, rowspan = 1
        for (key, value) in attributes {
            guard let value, let number = Int(value.trimmingCharacters(in: .whitespaces)) else { continue }
            if key == "colspan" { colspan = min(max(number, 1), SheetLimits.maxColumns) }
            if key == "rowspan" { rowspan = number == 0 ? 65_535 : min(max(number, 1), 65_535) }
        }
        var table = tables[top]
        var column = table.column
        while column < table.covered.count, table.covered[column] > 0 { column += 1 }
        guard column + colspan <= SheetLimits.maxColumns else {
            fail(SheetError("table \(table.index + 1), row \(table.rowNumber) has more than "
                + "\(SheetLimits.maxColumns) columns, more than Excel allows; the file is damaged"))
            return
        }
        if table.covered.count < column + colspan {
            table.covered += [Int](repeating: 0, count: column + colspan - table.covered.count)
        }
        for k in column ..< column + colspan { table.covered[k] = rowspan }
        table.cell = (column, colspan)
        table.column = column + colspan
        table.text = HTMLCellText()
        tables[top] = table
    }

    private func endCell() {
        let top = tables.count - 1
        guard top >= 0, let cell = tables[top].cell else { return }
        let text = tables[top].text.finished()
        tables[top].cell = nil
        tables[top].text = HTMLCellText()
        if !text.isEmpty {
            if tables[top].cells.count <= cell.column {
                tables[top].cells += [String](repeating: "", count: cell.column + 1 - tables[top].cells.count)
            }
            tables[top].cells[cell.column] = text
        }
    }

    private func endRow() {
        let top = tables.count - 1
        guard top >= 0, tables[top].inRow else { return }
        endCell()
        var table = tables[top]
        table.inRow = false
        let cells = table.cells
        table.cells = []
        table.column = 0
        for k in table.covered.indices where table.covered[k] > 0 { table.covered[k] -= 1 }
        tables[top] = table
        guard collecting, case .rows(_, let body) = mode, cells.contains(where: { !$0.isEmpty }) else { return }
        do {
            if try body(SheetRow(number: table.rowNumber, cells: cells)) == .stop { stop() }
        } catch {
            fail(error)
        }
    }

    private func lineBreak(always: Bool) {
        guard hiddenDepth == 0, collecting, tables[tables.count - 1].cell != nil else { return }
        tables[tables.count - 1].text.lineBreak(always: always)
    }

    private func stop() {
        stopped = true
        if let parser { xmlStopParser(parser) }
    }

    private func fail(_ error: Error) {
        if failure == nil { failure = error }
        stop()
    }

    // MARK: libxml2 callbacks

    /// Points `sax`'s element, text and comment callbacks at the
    /// ``HTMLTableScan`` passed as the parser's user data.
    static func install(in sax: inout htmlSAXHandler) {
        sax.startElement = { context, name, attributes in
            guard let context, let name else { return }
            var pairs: [(String, String?)] = []
            if var p = attributes {
                while let key = p.pointee {
                    let value = (p + 1).pointee
                    pairs.append((String(cString: key).lowercased(), value.map { String(cString: $0) }))
                    p += 2
                }
            }
            HTMLTableScan.scan(context).start(String(cString: name).lowercased(), pairs)
        }
        sax.endElement = { context, name in
            guard let context, let name else { return }
            HTMLTableScan.scan(context).end(String(cString: name).lowercased())
        }
        let characters: charactersSAXFunc = { context, bytes, count in
            guard let context, let bytes, count > 0 else { return }
            HTMLTableScan.scan(context).characters(UnsafeBufferPointer(start: bytes, count: Int(count)))
        }
        sax.characters = characters
        sax.ignorableWhitespace = characters
        sax.comment = { context, value in
            guard let context, let value else { return }
            HTMLTableScan.scan(context).comment(String(cString: value))
        }
    }

    private static func scan(_ context: UnsafeMutableRawPointer) -> HTMLTableScan {
        Unmanaged<HTMLTableScan>.fromOpaque(context).takeUnretainedValue()
    }
}

/// A cell's text as it arrives (UTF-8 pieces and line breaks), turned into
/// what a browser shows by ``finished()``.
struct HTMLCellText {
    private var lines: [[UInt8]] = [[]]
    private(set) var byteCount = 0

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        lines[lines.count - 1].append(contentsOf: bytes)
        byteCount += bytes.count
    }

    /// A `<br>` (`always`), or a block start, which breaks the line only
    /// when the line already has text.
    mutating func lineBreak(always: Bool) {
        if always || lines[lines.count - 1].contains(where: { !Self.isSpace($0) }) { lines.append([]) }
    }

    /// Each line with its white-space runs as one space, no-break spaces as
    /// plain spaces, trimmed; the lines joined by `\n`, blank lines at the
    /// start and end dropped.
    func finished() -> String {
        var out: [String] = lines.map { line in
            var collapsed: [UInt8] = []
            collapsed.reserveCapacity(line.count)
            var space = false
            for byte in line {
                if Self.isSpace(byte) {
                    space = true
                    continue
                }
                if space, !collapsed.isEmpty { collapsed.append(0x20) }
                space = false
                collapsed.append(byte)
            }
            // U+00A0 (C2 A0) shows as a space that white-space rules keep.
            let text = String(decoding: collapsed, as: UTF8.self).replacingOccurrences(of: "\u{A0}", with: " ")
            return Self.trimmed(text)
        }
        while out.first?.isEmpty == true { out.removeFirst() }
        while out.last?.isEmpty == true { out.removeLast() }
        return out.joined(separator: "\n")
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C }

    /// `text` without leading and trailing (ASCII) spaces.
    private static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " }),
              let last = scalars.lastIndex(where: { $0 != " " }) else { return "" }
        return String(scalars[first ... last])
    }
}
