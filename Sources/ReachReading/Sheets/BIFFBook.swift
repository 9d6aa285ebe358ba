import CFreeXL
import Foundation

/// An Excel 97–2003 workbook (`.xls`, BIFF8; FreeXL also reads BIFF5 and
/// older), read with FreeXL.
///
/// FreeXL reads the whole file when it opens it; that is acceptable here
/// because BIFF8 sheets stop at 65,536 rows, and files over
/// ``maxFileBytes`` are refused before FreeXL sees them. Cell text follows
/// ``SheetRow``: whole numbers as digits, other numbers as their shortest
/// decimal, date cells `YYYY-MM-DD`, date-time cells `YYYY-MM-DD HH:MM:SS`,
/// time cells `HH:MM:SS` (the forms FreeXL gives, checked on open), text as
/// stored.
///
/// What FreeXL 1.0.6 cannot give, and so comes back as an empty cell:
/// boolean and error cells, and formula cells (their cached results are not
/// read). Its day count is off by one for dates after 2100-02-28.
public final class BIFFBook: SheetBook {
    /// Files larger than this are refused by default (FreeXL holds the
    /// whole file in memory; a BIFF8 workbook at Excel's own limits is far
    /// smaller).
    public static let maxFileBytes = 256 << 20

    public let sheetNames: [String]
    private let handle: UnsafeRawPointer

    /// Opens the `.xls` at `url`. Throws ``SheetError`` when the file is
    /// larger than `maxFileBytes`, is password-protected (an encrypted
    /// `.xls`, or an encrypted `.xlsx` in its OLE2 wrapper), or is no
    /// workbook FreeXL can read (a `.doc`, a damaged file).
    public init(url: URL, maxFileBytes: Int = BIFFBook.maxFileBytes) throws {
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue
        guard let size else {
            throw SheetError("cannot read the file: it does not exist or is not readable")
        }
        if size > maxFileBytes {
            throw SheetError("the .xls file is \(Self.describe(bytes: size)), larger than the "
                + "\(Self.describe(bytes: maxFileBytes)) an Excel 97–2003 workbook is read up to; "
                + "save it as .xlsx or CSV")
        }
        if let names = CompoundFileDirectory.entryNames(of: url), CompoundFileDirectory.isEncryptedPackage(names) {
            throw SheetError(Self.passwordReason)
        }
        if CompoundFileDirectory.hasOverlongName(of: url) {
            throw SheetError(Self.damagedDirectoryReason)
        }

        var opened: UnsafeRawPointer?
        let rc = freexl_open(url.path, &opened)
        guard rc == FREEXL_OK else {
            if let opened { freexl_close(opened) }
            throw SheetError(Self.unreadableReason(rc))
        }
        // FreeXL 1.0.6 answers FREEXL_OK without a handle for an encrypted
        // (FILEPASS) workbook.
        guard let opened else { throw SheetError(Self.passwordReason) }
        var ok = false
        defer { if !ok { freexl_close(opened) } }

        var password: UInt32 = 0
        if freexl_get_info(opened, UInt16(FREEXL_BIFF_PASSWORD), &password) == FREEXL_OK,
           password == UInt32(FREEXL_BIFF_OBFUSCATED) {
            throw SheetError(Self.passwordReason)
        }
        var count: UInt32 = 0
        let countRC = freexl_get_info(opened, UInt16(FREEXL_BIFF_SHEET_COUNT), &count)
        guard countRC == FREEXL_OK else { throw SheetError(Self.unreadableReason(countRC)) }
        var names: [String] = []
        for index in 0 ..< min(count, UInt32(UInt16.max)) {
            var name: UnsafePointer<CChar>?
            let nameRC = freexl_get_worksheet_name(opened, UInt16(index), &name)
            guard nameRC == FREEXL_OK else { throw SheetError(Self.unreadableReason(nameRC)) }
            names.append(name.map { String(cString: $0) } ?? "Sheet\(index + 1)")
        }
        sheetNames = names
        handle = opened
        ok = true
    }

    deinit { freexl_close(handle) }

    /// `300 MB`, or `1000 bytes` under a megabyte.
    static func describe(bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MB" : "\(bytes) bytes"
    }

    /// The reason given for any password-protected file.
    static let passwordReason = "the file is password-protected; remove the password in Excel "
        + "(File › Info › Protect Workbook) and save it again, or save it as CSV"

    /// The reason given for an OLE2 file whose directory is broken in a way
    /// FreeXL 1.0.6 would read out of bounds on (never handed to it).
    static let damagedDirectoryReason = "the .xls file is damaged (its directory names a stream with a name "
        + "longer than the format allows); open it in Excel or WPS and save it again as .xlsx, or save it as CSV"

    /// The reason given for an OLE2 file FreeXL cannot read (a `.doc`, a
    /// damaged workbook), with FreeXL's error code.
    static func unreadableReason(_ code: Int32) -> String {
        "not an Excel 97–2003 workbook, or a damaged one (FreeXL error \(code)); "
            + "open it in Excel or WPS and save it as .xlsx or CSV"
    }

    public func readRows(sheet: Int, _ body: (SheetRow) throws -> SheetFlow) throws {
        guard sheetNames.indices.contains(sheet) else {
            throw SheetError("the workbook has no sheet \(sheet + 1) (it has \(sheetNames.count))")
        }
        var rc = freexl_select_active_worksheet(handle, UInt16(sheet))
        guard rc == FREEXL_OK else { throw SheetError(Self.unreadableReason(rc)) }
        var rows: UInt32 = 0
        var columns: UInt16 = 0
        rc = freexl_worksheet_dimensions(handle, &rows, &columns)
        guard rc == FREEXL_OK else { throw SheetError(Self.unreadableReason(rc)) }

        var cells = [String](repeating: "", count: Int(columns))
        var isNumber = [Bool](repeating: false, count: Int(columns))
        for row in 0 ..< rows {
            var used = 0
            for column in 0 ..< columns {
                var value = FreeXL_CellValue()
                rc = freexl_get_cell_value(handle, row, column, &value)
                guard rc == FREEXL_OK else {
                    throw SheetError("\(Self.unreadableReason(rc)) at row \(row + 1), column \(column + 1)")
                }
                let (text, number) = Self.text(of: value)
                cells[Int(column)] = text
                isNumber[Int(column)] = number
                if !text.isEmpty { used = Int(column) + 1 }
            }
            guard used > 0 else { continue }
            let sheetRow = SheetRow(number: Int(row) + 1, cells: Array(cells[..<used]), isNumber: Array(isNumber[..<used]))
            if try body(sheetRow) == .stop { return }
        }
    }

    /// A cell's text and whether it was stored as a number.
    static func text(of value: FreeXL_CellValue) -> (String, Bool) {
        switch Int32(value.type) {
        case FREEXL_CELL_INT:
            return (String(value.value.int_value), true)
        case FREEXL_CELL_DOUBLE:
            return (SheetNumberText.text(value.value.double_value), true)
        case FREEXL_CELL_TEXT, FREEXL_CELL_SST_TEXT:
            return (value.value.text_value.map { String(cString: $0) } ?? "", false)
        case FREEXL_CELL_DATE, FREEXL_CELL_DATETIME, FREEXL_CELL_TIME:
            let text = value.value.text_value.map { String(cString: $0) } ?? ""
            return (BIFFDateText.normalised(text, type: Int32(value.type)), false)
        default:
            return ("", false)
        }
    }
}

/// FreeXL's date and time text brought to ``SheetRow``'s forms. FreeXL
/// 1.0.6 already writes `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS` and `HH:MM:SS`
/// (checked against LibreOffice-made files); this drops anything after
/// those (a fraction of a second) and pads a one-digit hour, so that another
/// FreeXL build cannot change what the readers see.
enum BIFFDateText {
    static func normalised(_ text: String, type: Int32) -> String {
        let bytes = Array(text.utf8)
        switch type {
        case FREEXL_CELL_DATE:
            return isDate(bytes) ? String(decoding: bytes[0 ..< 10], as: UTF8.self) : text
        case FREEXL_CELL_DATETIME:
            guard isDate(bytes), bytes.count > 11, bytes[10] == 0x20 || bytes[10] == 0x54,
                  let time = clock(Array(bytes[11...])) else { return text }
            return String(decoding: bytes[0 ..< 10], as: UTF8.self) + " " + time
        case FREEXL_CELL_TIME:
            return clock(bytes) ?? text
        default:
            return text
        }
    }

    /// `YYYY-MM-DD` at the start of `b`.
    private static func isDate(_ b: [UInt8]) -> Bool {
        guard b.count >= 10, b[4] == 0x2D, b[7] == 0x2D else { return false }
        return [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { b[$0] >= 0x30 && b[$0] <= 0x39 }
    }

    /// `HH:MM:SS` from `H[H]:MM[:SS][.fff]`, or `nil`.
    private static func clock(_ b: [UInt8]) -> String? {
        let parts = b.split(separator: 0x3A, omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        var fields: [Int] = []
        for (k, part) in parts.enumerated() {
            let digits = k == 2 ? part.prefix { $0 != 0x2E } : part[...]
            guard !digits.isEmpty, digits.count <= 2, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let n = Int(String(decoding: digits, as: UTF8.self)) else { return nil }
            fields.append(n)
        }
        if fields.count == 2 { fields.append(0) }
        guard fields[0] < 24, fields[1] < 60, fields[2] < 60 else { return nil }
        return fields.map { $0 < 10 ? "0\($0)" : "\($0)" }.joined(separator: ":")
    }
}
