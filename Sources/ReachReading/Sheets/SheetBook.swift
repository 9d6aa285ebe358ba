import ReachModel

/// One row of a worksheet as text, for the header search and the sinks.
///
/// `cells[i]` is the text of column i (A = 0) as a person sees it in the
/// sheet, in the forms SPEC 1.4 reads: a date cell is `YYYY-MM-DD`, a
/// date-time cell `YYYY-MM-DD HH:MM:SS`, a time-of-day cell `HH:MM:SS`
/// (reporting zone local time, never shifted), a number written without
/// exponent and without a trailing `.0` when it is a whole number
/// (`202501001`), a boolean `TRUE`/`FALSE`. Missing (sparse) cells are
/// empty strings; trailing empty cells may be left out.
public struct SheetRow: Equatable, Sendable {
    /// 1-based row number in the sheet (`r` of `<row>`, or counted).
    public var number: Int
    public var cells: [String]
    /// `isNumber[i]` is true when cell i was stored as a number (not a date,
    /// not text) — a member id that lost its leading zero, say. Same count
    /// as `cells`.
    public var isNumber: [Bool]

    public init(number: Int, cells: [String], isNumber: [Bool]? = nil) {
        self.number = number
        self.cells = cells
        self.isNumber = isNumber ?? Array(repeating: false, count: cells.count)
    }
}

/// What the row handler of ``SheetBook/readRows(sheet:_:)`` tells the reader.
public enum SheetFlow: Sendable {
    case more
    case stop
}

/// A spreadsheet file opened for reading: its sheets by name, each read
/// row by row in sheet order without holding the sheet in memory.
///
/// Implementations: ``XLSXBook`` (.xlsx/.xlsm), ``BIFFBook`` (.xls BIFF8),
/// ``HTMLTableBook`` (an HTML table saved as .xls), ``SpreadsheetMLBook``
/// (Excel 2003 XML). Opening throws ``SheetError`` for a file that cannot
/// be read at all.
public protocol SheetBook: AnyObject {
    /// Sheet names in workbook order (the tab order a person sees).
    var sheetNames: [String] { get }
    /// Calls `body` for each non-empty row of sheet `sheet` (an index into
    /// ``sheetNames``), in row order, until it returns `.stop` or the sheet
    /// ends. Rows with no cell text at all may be skipped. Can be called
    /// again for the same or another sheet (it starts over).
    func readRows(sheet: Int, _ body: (SheetRow) throws -> SheetFlow) throws
    /// Checks sheet `sheet` whole, throwing ``SheetError`` for damage that
    /// reading its rows would only meet at some row or at its end, so that
    /// a file is refused before any of its rows are used. Books that check
    /// everything when they open do nothing (the default).
    func verify(sheet: Int) throws
}

extension SheetBook {
    public func verify(sheet: Int) throws {}

    /// Reads sheet `sheet` to its end, rows discarded: the ``verify(sheet:)``
    /// of a book whose damage shows only while its rows are read.
    public func readThrough(sheet: Int) throws {
        try readRows(sheet: sheet) { _ in .more }
    }
}

/// Why a spreadsheet cannot be read; `reason` is written for the person
/// who has to fix the file (what happened and what to do).
public struct SheetError: Error, Equatable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Limits that keep a hostile or broken file from filling memory. Books
/// take them at opening (`limits: .standard` by default); tests lower them.
public struct SheetLimits: Sendable {
    /// Most bytes any one part of a workbook may inflate to (a zip bomb
    /// stops here with a clear message).
    public var maxPartBytes = 1 << 31
    /// Most bytes all shared strings together may take.
    public var maxSharedStringBytes = 512 << 20
    /// Most bytes of a sheet's part kept in memory between checking it and
    /// reading its rows, so that it is inflated once; a larger part is
    /// inflated twice (checked, then read), and memory stays bounded.
    public var maxHeldPartBytes = 32 << 20
    /// Most columns a row may have (Excel's own limit, XFD).
    public static let maxColumns = 16_384
    /// Most rows a sheet may have (Excel's own limit).
    public static let maxRows = 1_048_576

    public static let standard = SheetLimits()

    public init(maxPartBytes: Int = 1 << 31, maxSharedStringBytes: Int = 512 << 20) {
        self.maxPartBytes = maxPartBytes
        self.maxSharedStringBytes = maxSharedStringBytes
    }
}
