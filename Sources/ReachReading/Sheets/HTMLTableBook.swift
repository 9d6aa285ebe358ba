import CLibXML2
import Foundation

/// An HTML document holding one or more `<table>`s — what many web
/// back-ends save as `.xls` (`<html xmlns:x="urn:schemas-microsoft-com:
/// office:excel">…<table><tr><td>…`), and Excel itself opens.
///
/// Each `<table>` is a sheet, in document order (a table nested in a cell
/// is a sheet of its own, and its text is not part of the outer cell). A
/// sheet is named by the Excel worksheet name the head declares for it
/// (`<x:Name>` in the `<!--[if gte mso 9]><xml>…` block), else by its
/// `<caption>`, else `Table1`, `Table2`…
///
/// Rows are `<tr>`s, numbered from 1 within their table (empty ones are
/// counted, not given); cells are `<td>`/`<th>`. A `colspan` cell takes that
/// many columns with its text in the first; a `rowspan` cell covers its
/// columns in the rows below, whose own cells land to the right of it (the
/// covered places are empty). A cell's text is what a browser shows: tags
/// removed, entities decoded, runs of white space one space, `<br>` (and
/// the start of a `<p>`, `<div>` or `<li>`) a line break, `&nbsp;` a plain
/// space, trimmed. HTML cells are text: `isNumber` is always false, whatever
/// `x:num` or `mso-number-format` say.
///
/// The file is parsed with libxml2's HTML parser in push mode, 64 KB at a
/// time, from the start for each ``readRows(sheet:_:)`` — no document tree
/// is built. Its bytes are first converted to UTF-8 (see ``HTMLCharset``
/// for how the character set is found).
public final class HTMLTableBook: SheetBook {
    public let sheetNames: [String]
    private let url: URL
    private let charset: String
    private let bomLength: Int

    /// Most bytes of text one cell may hold (Excel's own limit is 32,767
    /// characters); a larger cell is a broken or hostile file.
    static let maxCellBytes = 1 << 20
    /// Bytes read and parsed at a time.
    static let chunkBytes = 64 << 10

    /// Opens the HTML file at `url` and finds its tables (one pass over the
    /// file). Throws ``SheetError`` when it holds no table, or its bytes are
    /// not valid in its character set.
    public init(url: URL) throws {
        self.url = url
        let handle = try Self.openFile(url)
        let prefix = [UInt8](try handle.read(upToCount: HTMLCharset.scanLength) ?? Data())
        try? handle.close()
        (charset, bomLength) = HTMLCharset.detect(prefix)
        let scan = HTMLTableScan(mode: .names)
        try Self.parse(url: url, charset: charset, bomLength: bomLength, into: scan)
        let names = (0 ..< scan.tableCount).map { scan.name(ofTable: $0) }
        guard !names.isEmpty else {
            throw SheetError("the file is an HTML page without a table; open it in Excel or WPS and save it as .xlsx or CSV")
        }
        sheetNames = names
    }

    /// Reads sheet `sheet` through once (``SheetBook/readThrough(sheet:)``):
    /// what only reading its rows meets — a cell past column XFD, a cell
    /// over the text limit — then refuses the file before any row is used.
    public func verify(sheet: Int) throws { try readThrough(sheet: sheet) }

    public func readRows(sheet: Int, _ body: (SheetRow) throws -> SheetFlow) throws {
        guard sheetNames.indices.contains(sheet) else {
            throw SheetError("the file has no table \(sheet + 1) (it has \(sheetNames.count))")
        }
        try withoutActuallyEscaping(body) { body in
            let scan = HTMLTableScan(mode: .rows(table: sheet, body: body))
            try Self.parse(url: url, charset: charset, bomLength: bomLength, into: scan)
        }
    }

    private static func openFile(_ url: URL) throws -> FileHandle {
        do {
            return try FileHandle(forReadingFrom: url)
        } catch {
            throw SheetError("cannot read the file: it does not exist or is not readable")
        }
    }

    /// Streams the whole file (or until `scan` stops the parser) through
    /// libxml2 into `scan`.
    private static func parse(url: URL, charset: String, bomLength: Int, into scan: HTMLTableScan) throws {
        HTMLTableScan.initializeLibXML
        guard let transcoder = SheetTranscoder(from: charset) else {
            throw SheetError("the file says its characters are \(charset), a character set that cannot be read; "
                + "open it in Excel or WPS and save it as .xlsx or CSV")
        }
        let handle = try openFile(url)
        defer { try? handle.close() }
        if bomLength > 0 { _ = try handle.read(upToCount: bomLength) }

        var sax = htmlSAXHandler()
        HTMLTableScan.install(in: &sax)
        let context = Unmanaged.passUnretained(scan).toOpaque()
        guard let parser = htmlCreatePushParserCtxt(&sax, context, nil, 0, nil, XML_CHAR_ENCODING_UTF8) else {
            throw SheetError("cannot read the file: the HTML parser could not start")
        }
        defer { htmlFreeParserCtxt(parser) }
        let options = HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_IGNORE_ENC.rawValue | HTML_PARSE_NOIMPLIED.rawValue
        _ = htmlCtxtUseOptions(parser, Int32(bitPattern: options))
        scan.parser = parser
        // Parse errors are recovered from; keep libxml2 from printing them.
        xmlSetStructuredErrorFunc(nil, { _, _ in })
        defer { xmlSetStructuredErrorFunc(nil, nil) }

        while !scan.stopped {
            let data = try handle.read(upToCount: chunkBytes) ?? Data()
            let final = data.isEmpty
            let utf8 = try transcoder.convert([UInt8](data), final: final)
            utf8.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    _ = htmlParseChunk(parser, chars.baseAddress, Int32(chars.count), final ? 1 : 0)
                }
            }
            if let error = scan.failure { throw error }
            if final { break }
        }
    }
}
