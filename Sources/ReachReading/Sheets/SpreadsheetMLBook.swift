import CExpat
import Foundation

/// An Excel 2003 XML workbook ("XML Spreadsheet 2003", SpreadsheetML):
/// `<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">` with
/// `<Worksheet ss:Name>` → `<Table>` → `<Row>` → `<Cell>` → `<Data>`, which
/// back-ends write and name `.xls`.
///
/// Sheets are the `<Worksheet>`s, named by `ss:Name`. `ss:Index` on a
/// `<Row>` or `<Cell>` jumps to that (1-based) row or column; a cell's
/// `ss:MergeAcross` makes it span more columns (its text in the first). Cell
/// text by `ss:Type` (see ``SpreadsheetMLCell``): String as written (rich
/// text runs joined), Number as digits or shortest decimal with `isNumber`,
/// Boolean `TRUE`/`FALSE`, DateTime by the cell's number format. A cell's
/// `<Comment>` is not its text.
///
/// The file is streamed through expat 64 KB at a time, from the start for
/// each ``readRows(sheet:_:)``, stopping after the sheet read; nothing is
/// held but the current row. A file in a character set expat lacks (GBK,
/// GB2312…) is converted to UTF-8 on the way. A byte-order mark outranks
/// the declaration, as in a browser: a UTF-16 file still saying
/// `encoding="UTF-8"` (an editor's "save as Unicode") is read as UTF-16.
public final class SpreadsheetMLBook: SheetBook {
    public let sheetNames: [String]
    private let url: URL
    /// The character set to convert from, or `nil` when expat reads the
    /// file as it is (UTF-8, UTF-16, ISO-8859-1, US-ASCII).
    private let convertFrom: String?
    /// The encoding the file's byte-order mark names (`UTF-8`, `UTF-16LE`,
    /// `UTF-16BE`), given to expat over the declaration's; `nil` without one.
    private let markedEncoding: String?

    /// Bytes read and parsed at a time.
    static let chunkBytes = 64 << 10
    /// Most bytes of text one cell may hold (Excel's own limit is 32,767
    /// characters); a larger cell is a broken or hostile file.
    static let maxCellBytes = 1 << 20

    /// Opens the workbook at `url` and reads its sheet names (one pass over
    /// the file). Throws ``SheetError`` when it is not well-formed XML, holds
    /// no worksheet, or is in a character set that cannot be read.
    public init(url: URL) throws {
        self.url = url
        let handle = try Self.openFile(url)
        let prefix = [UInt8](try handle.read(upToCount: 1024) ?? Data())
        try? handle.close()
        convertFrom = Self.conversion(prefix)
        markedEncoding = Self.byteOrderMarkEncoding(prefix)
        let scan = SpreadsheetMLScan(mode: .names)
        try Self.parse(url: url, convertFrom: convertFrom, markedEncoding: markedEncoding, into: scan)
        guard !scan.worksheetNames.isEmpty else {
            throw SheetError("the Excel 2003 XML file holds no worksheet; open it in Excel and save it as .xlsx or CSV")
        }
        sheetNames = scan.worksheetNames
    }

    /// Reads sheet `sheet` through once (``SheetBook/readThrough(sheet:)``):
    /// what only reading its rows meets — a cell past column XFD, a cell
    /// over the text limit — then refuses the file before any row is used.
    public func verify(sheet: Int) throws { try readThrough(sheet: sheet) }

    public func readRows(sheet: Int, _ body: (SheetRow) throws -> SheetFlow) throws {
        guard sheetNames.indices.contains(sheet) else {
            throw SheetError("the workbook has no sheet \(sheet + 1) (it has \(sheetNames.count))")
        }
        try withoutActuallyEscaping(body) { body in
            let scan = SpreadsheetMLScan(mode: .rows(sheet: sheet, body: body))
            try Self.parse(url: url, convertFrom: convertFrom, markedEncoding: markedEncoding, into: scan)
        }
    }

    /// The encoding a byte-order mark at the start of `prefix` names.
    static func byteOrderMarkEncoding(_ prefix: [UInt8]) -> String? {
        if prefix.starts(with: [0xEF, 0xBB, 0xBF]) { return "UTF-8" }
        if prefix.starts(with: [0xFF, 0xFE]) { return "UTF-16LE" }
        if prefix.starts(with: [0xFE, 0xFF]) { return "UTF-16BE" }
        return nil
    }

    /// The declared character set when expat cannot read it itself (never
    /// with a byte-order mark, which names the encoding instead).
    static func conversion(_ prefix: [UInt8]) -> String? {
        if byteOrderMarkEncoding(prefix) != nil { return nil }
        guard let declared = HTMLCharset.declared(Array(prefix)) else { return nil }
        switch declared.lowercased() {
        case "utf-8", "utf8", "utf-16", "iso-8859-1", "latin1", "us-ascii": return nil
        default: return declared
        }
    }

    private static func openFile(_ url: URL) throws -> FileHandle {
        do {
            return try FileHandle(forReadingFrom: url)
        } catch {
            throw SheetError("cannot read the file: it does not exist or is not readable")
        }
    }

    /// Streams the file (until `scan` stops the parser) through expat into
    /// `scan`; rethrows what the row handler threw.
    private static func parse(url: URL, convertFrom: String?, markedEncoding: String?,
                              into scan: SpreadsheetMLScan) throws {
        let handle = try openFile(url)
        defer { try? handle.close() }
        let transcoder = try convertFrom.map { name -> SheetTranscoder in
            guard let transcoder = SheetTranscoder(from: name) else {
                throw SheetError("the file says its characters are \(name), a character set that cannot be read; "
                    + "open it in Excel or WPS and save it as .xlsx or CSV")
            }
            return transcoder
        }
        guard let parser = XML_ParserCreateNS(nil, XML_Char(UInt8(ascii: " "))) else {
            throw SheetError("cannot read the file: the XML parser could not start")
        }
        defer { XML_ParserFree(parser) }
        // An encoding given to expat overrides the document's declaration.
        if transcoder != nil {
            _ = XML_SetEncoding(parser, "UTF-8")
        } else if let markedEncoding {
            _ = XML_SetEncoding(parser, markedEncoding)
        }
        scan.parser = parser
        XML_SetUserData(parser, Unmanaged.passUnretained(scan).toOpaque())
        SpreadsheetMLScan.install(in: parser)

        while true {
            let data = try handle.read(upToCount: chunkBytes) ?? Data()
            let final = data.isEmpty
            var bytes = [UInt8](data)
            if let transcoder { bytes = try transcoder.convert(bytes, final: final) }
            let status = bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    XML_Parse(parser, chars.baseAddress, Int32(chars.count), final ? 1 : 0)
                }
            }
            if let failure = scan.failure { throw failure }
            if scan.stopped { return }
            if status == XML_STATUS_ERROR {
                let code = XML_GetErrorCode(parser)
                let message = XML_ErrorString(code).map { String(cString: $0) } ?? "error \(code.rawValue)"
                throw SheetError("the file is not well-formed Excel 2003 XML (\(message) at line "
                    + "\(XML_GetCurrentLineNumber(parser))); open it in Excel and save it as .xlsx or CSV")
            }
            if final { return }
        }
    }
}
