import CExpat

/// The expat side of ``SpreadsheetMLBook``: follows the element events of
/// an Excel 2003 XML file, either to collect the worksheet names
/// (``Mode/names``) or to turn the rows of one worksheet into
/// ``SheetRow``s (``Mode/rows(sheet:body:)``).
///
/// Element names arrive as `namespace-URI localName` (the parser is
/// created with a space as namespace separator). The SpreadsheetML
/// elements are taken in their namespace, or in none, for back-ends that
/// forget to declare it; attributes likewise (`ss:Index` or `Index`).
final class SpreadsheetMLScan {
    enum Mode {
        case names
        /// Give the rows of worksheet `sheet` (0-based) to `body`.
        case rows(sheet: Int, body: (SheetRow) throws -> SheetFlow)
    }

    static let namespace = "urn:schemas-microsoft-com:office:spreadsheet"

    let mode: Mode
    var parser: XML_Parser?
    private(set) var stopped = false
    private(set) var failure: Error?
    private(set) var worksheetNames: [String] = []

    // Styles: each one's parent and number format, and the kinds worked out.
    private var styleParents: [String: String] = [:]
    private var styleFormats: [String: String] = [:]
    private var styleKinds: [String: DateKind] = [:]
    private var openStyle: String?
    private var date1904 = false

    // Where the parser is.
    private var depth = 0
    private var inTargetSheet = false
    private var columnStyles: [String?] = []
    private var nextColumnElement = 0

    // The open row.
    private var inRow = false
    private var rowNumber = 0
    private var rowStyle: String?
    private var cells: [String] = []
    private var isNumber: [Bool] = []
    private var nextColumn = 0

    // The open cell and its <Data>.
    private var cellDepth: Int?
    private var cellColumn = 0
    private var cellStyle: String?
    private var dataDepth: Int?
    private var dataType = "String"
    private var dataText: [UInt8] = []

    init(mode: Mode) { self.mode = mode }

    private var targetSheet: Int? {
        if case .rows(let sheet, _) = mode { return sheet }
        return nil
    }

    // MARK: Events

    func start(_ local: String, inSpreadsheet: Bool, _ attributes: [String: String]) {
        depth += 1
        guard !stopped else { return }
        if dataDepth != nil { return }  // rich text runs inside <Data>
        guard inSpreadsheet else {
            if local == "Date1904" { date1904 = true }  // <x:ExcelWorkbook><x:Date1904/>
            return
        }
        switch local {
        case "Style":
            openStyle = attributes["ID"]
            if let id = openStyle, let parent = attributes["Parent"] { styleParents[id] = parent }
        case "NumberFormat":
            if let id = openStyle { styleFormats[id] = attributes["Format"] ?? "General" }
        case "Worksheet":
            let index = worksheetNames.count
            worksheetNames.append(attributes["Name"] ?? "Sheet\(index + 1)")
            if let target = targetSheet {
                if index > target { stop(); return }
                inTargetSheet = index == target
                rowNumber = 0
                columnStyles = []
                nextColumnElement = 0
            }
        case "Column" where inTargetSheet && !inRow:
            let index = attributes["Index"].flatMap { Int($0) }.map { $0 - 1 } ?? nextColumnElement
            let span = min(max(attributes["Span"].flatMap { Int($0) } ?? 0, 0), SheetLimits.maxColumns)
            guard index >= 0, index + span < SheetLimits.maxColumns else { return }
            if columnStyles.count <= index + span {
                columnStyles += [String?](repeating: nil, count: index + span + 1 - columnStyles.count)
            }
            for k in index ... index + span { columnStyles[k] = attributes["StyleID"] }
            nextColumnElement = index + span + 1
        case "Row" where inTargetSheet:
            endRow()
            inRow = true
            rowNumber = max(attributes["Index"].flatMap { Int($0) } ?? rowNumber + 1, 1)
            rowStyle = attributes["StyleID"]
            nextColumn = 0
        case "Cell" where inRow:
            let column = attributes["Index"].flatMap { Int($0) }.map { $0 - 1 } ?? nextColumn
            let merge = max(attributes["MergeAcross"].flatMap { Int($0) } ?? 0, 0)
            guard column >= 0, column < SheetLimits.maxColumns else {
                fail(SheetError("row \(rowNumber) of sheet \(worksheetNames.last ?? "") has a cell past column "
                    + "\(SheetLimits.maxColumns), more than Excel allows; the file is damaged"))
                return
            }
            cellDepth = depth
            cellColumn = column
            cellStyle = attributes["StyleID"] ?? rowStyle ?? (column < columnStyles.count ? columnStyles[column] : nil)
            nextColumn = column + 1 + min(merge, SheetLimits.maxColumns)
        case "Data" where cellDepth != nil && depth == cellDepth! + 1:
            dataDepth = depth
            dataType = attributes["Type"] ?? "String"
            dataText = []
        default:
            break
        }
    }

    func end(_ local: String, inSpreadsheet: Bool) {
        defer { depth -= 1 }
        guard !stopped else { return }
        if let open = dataDepth {
            if depth == open { endData() }
            return
        }
        guard inSpreadsheet else { return }
        switch local {
        case "Style":
            openStyle = nil
        case "Cell" where cellDepth == depth:
            cellDepth = nil
        case "Row" where inRow:
            endRow()
        case "Worksheet" where inTargetSheet:
            endRow()
            inTargetSheet = false
            stop()  // the sheet is read; the rest of the file is not needed
        default:
            break
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard dataDepth != nil, !stopped else { return }
        dataText.append(contentsOf: bytes)
        if dataText.count > SpreadsheetMLBook.maxCellBytes {
            fail(SheetError("row \(rowNumber) of sheet \(worksheetNames.last ?? "") has a cell of more than "
                + "\(SpreadsheetMLBook.maxCellBytes >> 20) MB of text; the file is damaged"))
        }
    }

    // MARK: Rows and cells

    private func endData() {
        dataDepth = nil
        let raw = String(decoding: dataText, as: UTF8.self)
        dataText = []
        let (text, number) = SpreadsheetMLCell.text(raw, type: dataType, kind: kind(ofStyle: cellStyle), date1904: date1904)
        guard !text.isEmpty else { return }
        if cells.count <= cellColumn {
            cells += [String](repeating: "", count: cellColumn + 1 - cells.count)
            isNumber += [Bool](repeating: false, count: cellColumn + 1 - isNumber.count)
        }
        cells[cellColumn] = text
        isNumber[cellColumn] = number
    }

    private func endRow() {
        guard inRow else { return }
        inRow = false
        cellDepth = nil
        let row = SheetRow(number: rowNumber, cells: cells, isNumber: isNumber)
        cells = []
        isNumber = []
        guard case .rows(_, let body) = mode, row.cells.contains(where: { !$0.isEmpty }) else { return }
        do {
            if try body(row) == .stop { stop() }
        } catch {
            fail(error)
        }
    }

    /// The date kind of style `id`'s number format, following `ss:Parent`.
    private func kind(ofStyle id: String?) -> DateKind {
        guard let id else { return .none }
        if let known = styleKinds[id] { return known }
        var current: String? = id
        var format: String?
        for _ in 0 ..< 16 {
            guard let style = current else { break }
            if let f = styleFormats[style] { format = f; break }
            current = styleParents[style]
        }
        let kind = format.map(SpreadsheetMLCell.kind(ofFormat:)) ?? .none
        styleKinds[id] = kind
        return kind
    }

    private func stop() {
        stopped = true
        if let parser { XML_StopParser(parser, XML_Bool(XML_FALSE)) }
    }

    private func fail(_ error: Error) {
        if failure == nil { failure = error }
        stop()
    }

    // MARK: expat callbacks

    /// Points `parser`'s element and text callbacks at the
    /// ``SpreadsheetMLScan`` set as its user data.
    static func install(in parser: XML_Parser) {
        XML_SetElementHandler(parser, { context, name, attributes in
            guard let context, let name else { return }
            let (inSpreadsheet, local) = SpreadsheetMLScan.split(name)
            var pairs: [String: String] = [:]
            if var p = attributes {
                while let key = p.pointee, let value = (p + 1).pointee {
                    let (attributeInSpreadsheet, attributeLocal) = SpreadsheetMLScan.split(key)
                    if attributeInSpreadsheet { pairs[attributeLocal] = String(cString: value) }
                    p += 2
                }
            }
            SpreadsheetMLScan.scan(context).start(local, inSpreadsheet: inSpreadsheet, pairs)
        }, { context, name in
            guard let context, let name else { return }
            let (inSpreadsheet, local) = SpreadsheetMLScan.split(name)
            SpreadsheetMLScan.scan(context).end(local, inSpreadsheet: inSpreadsheet)
        })
        XML_SetCharacterDataHandler(parser) { context, text, count in
            guard let context, let text, count > 0 else { return }
            text.withMemoryRebound(to: UInt8.self, capacity: Int(count)) {
                SpreadsheetMLScan.scan(context).characters(UnsafeBufferPointer(start: $0, count: Int(count)))
            }
        }
    }

    /// Whether `name` (`URI local` or `local`) is in the SpreadsheetML
    /// namespace or none, and its local part.
    private static func split(_ name: UnsafePointer<XML_Char>) -> (Bool, String) {
        let full = String(cString: name)
        guard let space = full.utf8.lastIndex(of: 0x20) else { return (true, full) }
        let uri = full[..<space]
        let local = String(full[full.utf8.index(after: space)...])
        return (uri == namespace, local)
    }

    private static func scan(_ context: UnsafeMutableRawPointer) -> SpreadsheetMLScan {
        Unmanaged<SpreadsheetMLScan>.fromOpaque(context).takeUnretainedValue()
    }
}
