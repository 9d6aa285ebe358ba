/// What the elements of a worksheet part mean: ``SheetRow``s built from
/// element and text events, whichever tokenizer produces them — the fast
/// ``SheetXMLScanner`` or expat (``SheetXMLParser``), so the two can never
/// read a sheet differently.
///
/// Only `<sheetData>` matters: each `<row>` becomes a row (numbered by its
/// `r`, or one past the previous row), each `<c>` a cell placed by its `r`
/// (`F7` → column F; without `r`, the column after the previous cell).
/// Cell text: shared strings (`t="s"`), inline strings (`<is>`, phonetic
/// runs skipped), formula text (`t="str"`), booleans, error values, ISO
/// dates (`t="d"`), and numbers — as dates and times when the cell's style
/// shows them so (``ExcelSerial``), else as plain numbers
/// (``SheetNumberText``). Rows with no text are skipped; trailing empty
/// cells are left out.
///
/// Names are local names (any `x:` prefix already stripped), attribute
/// values and text are UTF-8 with XML's entities already decoded.
final class SheetRowBuilder {
    private enum CellType { case number, shared, inline, formulaText, boolean, error, isoDate }

    /// Name of the part being read, for messages.
    let part: String
    private let sharedStrings: [String]
    private let dateKinds: [DateKind]
    private let serial: ExcelSerial
    /// The row handler while a read is under way.
    var handler: ((SheetRow) throws -> SheetFlow)?

    /// Rows handed to the handler so far in this pass.
    private var delivered = 0
    /// Rows not to hand again: those a pass that was given up delivered.
    private var alreadyDelivered = 0

    // Parse state. Only touched from one tokenizer's events, one at a
    // time, so Swift's dynamic exclusivity checks (a tenth of the
    // per-cell cost) are turned off for them.

    // Row state: cells are reused from row to row.
    @exclusivity(unchecked) private var inSheetData = false
    @exclusivity(unchecked) private var inRow = false
    @exclusivity(unchecked) private var rowNumber = 0
    @exclusivity(unchecked) private var lastColumn = -1
    @exclusivity(unchecked) private var cells: [String] = []
    @exclusivity(unchecked) private var isNumber: [Bool] = []

    // Cell state.
    @exclusivity(unchecked) private var inCell = false
    @exclusivity(unchecked) private var column = 0
    @exclusivity(unchecked) private var style = 0
    @exclusivity(unchecked) private var type = CellType.number
    @exclusivity(unchecked) private var hasValue = false
    @exclusivity(unchecked) private(set) var isCapturing = false
    @exclusivity(unchecked) private var inInlineString = false
    @exclusivity(unchecked) private var phoneticDepth = 0
    @exclusivity(unchecked) private var text: [UInt8] = []

    init(part: String, sharedStrings: [String], dateKinds: [DateKind], serial: ExcelSerial) {
        self.part = part
        self.sharedStrings = sharedStrings
        self.dateKinds = dateKinds
        self.serial = serial
        text.reserveCapacity(256)
    }

    /// Starts the part over for another tokenizer after one gave up: the
    /// rows already handed to the handler are read again but not handed.
    func restart() {
        alreadyDelivered = max(alreadyDelivered, delivered)
        delivered = 0
        inSheetData = false
        inRow = false
        rowNumber = 0
        lastColumn = -1
        cells = []
        isNumber = []
        inCell = false
        isCapturing = false
        inInlineString = false
        phoneticDepth = 0
        text.removeAll(keepingCapacity: true)
    }

    // MARK: Events

    /// An element opened.
    @inline(__always)
    func open<A: XMLAttributeList>(_ local: UnsafeBufferPointer<UInt8>, _ attributes: A) throws {
        guard let first = local.first else { return }
        switch first {
        case 0x63:  // c
            if local.count == 1, inRow { try startCell(attributes) }
        case 0x76:  // v
            if local.count == 1, inCell {
                text.removeAll(keepingCapacity: true)
                hasValue = true
                isCapturing = true
            }
        case 0x74:  // t
            if local.count == 1, inInlineString, phoneticDepth == 0 { isCapturing = true }
        case 0x69:  // is
            if inCell, Self.equals(local, "is") {
                text.removeAll(keepingCapacity: true)
                hasValue = true
                inInlineString = true
            }
        case 0x72:  // row, rPh
            if Self.equals(local, "row") {
                if inSheetData { try startRow(attributes) }
            } else if inInlineString, Self.equals(local, "rPh") {
                phoneticDepth += 1
            }
        case 0x73:  // sheetData
            if Self.equals(local, "sheetData") { inSheetData = true }
        default:
            break
        }
    }

    /// An element closed. Returns `.stop` when the row handler asked to stop.
    @inline(__always)
    func close(_ local: UnsafeBufferPointer<UInt8>) throws -> SheetFlow {
        guard let first = local.first else { return .more }
        switch first {
        case 0x63:  // c
            if local.count == 1, inCell { try endCell() }
        case 0x76, 0x74:  // v, t
            if local.count == 1 { isCapturing = false }
        case 0x69:  // is
            if Self.equals(local, "is") { inInlineString = false }
        case 0x72:  // row, rPh
            if Self.equals(local, "row") {
                if inRow { return try endRow() }
            } else if Self.equals(local, "rPh") {
                phoneticDepth = max(0, phoneticDepth - 1)
            }
        case 0x73:
            if Self.equals(local, "sheetData") { inSheetData = false }
        default:
            break
        }
        return .more
    }

    /// Character data (one text node may come in several pieces); kept
    /// only while ``isCapturing``.
    @inline(__always)
    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        if isCapturing { text.append(contentsOf: bytes) }
    }

    /// One decoded character of text (an entity, a normalised line end).
    @inline(__always)
    func character(_ byte: UInt8) {
        if isCapturing { text.append(byte) }
    }

    // MARK: Rows

    private func startRow<A: XMLAttributeList>(_ attributes: A) throws {
        var number = rowNumber + 1
        var bad = false
        attributes.forEach { key, value in
            guard key.count == 1, key[0] == 0x72 else { return }  // r
            if let n = Self.decimal(value), n >= 1 { number = n } else { bad = true }
        }
        if bad { throw XLSXFailure.damaged("\(part) has a row with a bad row number") }
        guard number <= SheetLimits.maxRows else {
            throw XLSXFailure.damaged("\(part) has row \(number), past Excel's last row \(SheetLimits.maxRows)")
        }
        rowNumber = number
        lastColumn = -1
        // Fresh arrays sized like the last row: the last row's arrays now
        // belong to the handler (a batch may keep them), and emptying a
        // shared array "keeping capacity" would copy its whole buffer and
        // let the capacity creep up row after row.
        let width = cells.count
        cells = []
        cells.reserveCapacity(width)
        isNumber = []
        isNumber.reserveCapacity(width)
        inRow = true
    }

    private func endRow() throws -> SheetFlow {
        inRow = false
        guard !cells.isEmpty, let handler else { return .more }
        delivered += 1
        if delivered <= alreadyDelivered { return .more }
        return try handler(SheetRow(number: rowNumber, cells: cells, isNumber: isNumber))
    }

    // MARK: Cells

    private func startCell<A: XMLAttributeList>(_ attributes: A) throws {
        var column = lastColumn + 1
        var style = 0
        var type = CellType.number
        var badReference: String?
        attributes.forEach { key, value in
            guard key.count == 1 else { return }
            switch key[0] {
            case 0x72:  // r
                if let c = Self.column(of: value) { column = c } else { badReference = String(decoding: value, as: UTF8.self) }
            case 0x73:  // s
                style = Self.decimal(value) ?? 0
            case 0x74:  // t
                type = Self.cellType(value)
            default:
                break
            }
        }
        if let badReference {
            throw XLSXFailure.damaged("\(part) has a cell at \"\(badReference)\", which is no cell of Excel")
        }
        guard column < SheetLimits.maxColumns else {
            throw XLSXFailure.damaged(
                "\(part) row \(rowNumber) has a cell past Excel's last column XFD (column \(column + 1))")
        }
        lastColumn = column
        self.column = column
        self.style = style
        self.type = type
        hasValue = false
        isCapturing = false
        inInlineString = false
        phoneticDepth = 0
        inCell = true
    }

    private func endCell() throws {
        inCell = false
        isCapturing = false
        guard hasValue, !text.isEmpty else { return }
        var number = false
        let value: String
        switch type {
        case .number:
            (value, number) = text.withUnsafeBufferPointer { numberText($0) }
        case .shared:
            let index = text.withUnsafeBufferPointer { Self.decimal($0) } ?? -1
            guard index >= 0, index < sharedStrings.count else {
                throw XLSXFailure.damaged(
                    "\(part) row \(rowNumber) refers to shared string \(String(decoding: text, as: UTF8.self)), "
                        + "but the workbook has \(sharedStrings.count)")
            }
            value = sharedStrings[index]
        case .inline, .formulaText:
            value = ExcelText.string(text)
        case .boolean:
            switch text {
            case [0x31], Array("true".utf8), Array("TRUE".utf8): value = "TRUE"
            case [0x30], Array("false".utf8), Array("FALSE".utf8): value = "FALSE"
            default: value = String(decoding: text, as: UTF8.self)
            }
        case .error:
            value = String(decoding: text, as: UTF8.self)
        case .isoDate:
            value = Self.isoDateText(text)
        }
        guard !value.isEmpty else { return }
        if column < cells.count {
            cells[column] = value
            isNumber[column] = number
            return
        }
        while cells.count < column {
            cells.append("")
            isNumber.append(false)
        }
        cells.append(value)
        isNumber.append(number)
    }

    /// A number cell's text, and whether it is a plain number.
    @inline(__always)
    private func numberText(_ bytes: UnsafeBufferPointer<UInt8>) -> (String, Bool) {
        let kind = style < dateKinds.count ? dateKinds[style] : .none
        if kind == .none, let digits = ExcelNumber.canonicalInteger(bytes) { return (digits, true) }
        let fast = kind == .none ? nil : ExcelNumber.serial(bytes)
        guard let value = fast ?? ExcelNumber.value(bytes) else {
            return (String(decoding: bytes, as: UTF8.self), false)
        }
        if kind != .none, let date = serial.text(value, kind: kind) { return (date, false) }
        return (SheetNumberText.text(value), true)
    }

    // MARK: Attribute values

    @inline(__always)
    private static func equals(_ name: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard name.count == literal.utf8CodeUnitCount else { return false }
        let bytes = literal.utf8Start
        for i in 0..<name.count where name[i] != bytes[i] { return false }
        return true
    }

    private static func cellType(_ value: UnsafeBufferPointer<UInt8>) -> CellType {
        guard let first = value.first else { return .number }
        switch first {
        case 0x73: return value.count == 1 ? .shared : .formulaText  // s, str
        case 0x69: return .inline  // inlineStr
        case 0x62: return .boolean  // b
        case 0x65: return .error  // e
        case 0x64: return .isoDate  // d
        default: return .number  // n
        }
    }

    /// A non-negative decimal (at most 9 digits), or nil.
    @inline(__always)
    private static func decimal(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !b.isEmpty, b.count <= 9 else { return nil }
        var n = 0
        for byte in b {
            let d = byte &- 0x30
            guard d <= 9 else { return nil }
            n = n * 10 + Int(d)
        }
        return n
    }

    /// The 0-based column of a cell reference (`F7` → 5, `XFD1` → 16383),
    /// or nil when it is no reference. Columns past XFD come back as they
    /// are (the caller refuses them); absurd ones are capped.
    @inline(__always)
    private static func column(of b: UnsafeBufferPointer<UInt8>) -> Int? {
        var column = 0, i = 0
        while i < b.count {
            let letter = (b[i] | 0x20) &- 0x61  // a…z
            guard letter < 26 else { break }
            column = min(column * 26 + Int(letter) + 1, 1 << 20)
            i += 1
        }
        guard i > 0 else { return nil }
        while i < b.count {
            guard b[i] &- 0x30 <= 9 else { return nil }
            i += 1
        }
        return column - 1
    }

    /// A `t="d"` value (ISO 8601, `2026-11-03T08:52:00Z`) in SPEC 1.4
    /// form: `T` as a space, fractional seconds and `Z` dropped, and a
    /// midnight time on a date alone (`2026-11-03`) left as it is.
    private static func isoDateText(_ bytes: [UInt8]) -> String {
        var out = bytes
        if let z = out.firstIndex(of: 0x5A) { out.removeSubrange(z...) }  // Z
        if let dot = out.firstIndex(of: 0x2E) { out.removeSubrange(dot...) }  // .fff
        if out.count > 10, out[10] == 0x54 { out[10] = 0x20 }  // T
        return String(decoding: out, as: UTF8.self)
    }
}

/// An element's attributes as (name, value) UTF-8 pairs — names as written
/// (`r`, `s`, `t`), values with entities decoded; each tokenizer lends its
/// own form.
protocol XMLAttributeList {
    func forEach(_ body: (_ name: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>) -> Void)
}
