import Foundation

/// What a file's first bytes say it is, whatever its name: an `.xls` from a
/// Chinese web back-end is as often an HTML table or Excel 2003 XML as a
/// real BIFF8 workbook, and a file named `.xlsx` can be a CSV.
public enum SheetFormat: Equatable, Sendable {
    /// Not a spreadsheet container: read as delimited text (CSV, TSV).
    case text
    /// A zip archive: Office Open XML (`.xlsx`, `.xlsm`).
    case xlsx
    /// An OLE2 compound file: Excel 97–2003 (`.xls`), or an encrypted
    /// `.xlsx`, or some other Office file.
    case ole2
    /// An HTML document (a `<table>` saved as `.xls`).
    case html
    /// Excel 2003 XML ("XML Spreadsheet 2003", SpreadsheetML).
    case spreadsheetML

    /// How many first bytes ``detect(_:)`` looks at.
    public static let prefixLength = 4096

    /// The format told by `prefix`, a file's first bytes (up to
    /// ``prefixLength``; more are ignored):
    /// - `PK\3\4` (or `PK\5\6`, an empty zip) → ``xlsx``;
    /// - `D0 CF 11 E0 A1 B1 1A E1` → ``ole2``;
    /// - after an optional UTF-8 or UTF-16 byte-order mark and white space,
    ///   markup: `<?xml` with `urn:schemas-microsoft-com:office:spreadsheet`
    ///   or `progid="Excel.Sheet"` later in the prefix (or a `<Workbook`
    ///   root with that namespace) → ``spreadsheetML``; `<html`,
    ///   `<!DOCTYPE html`, `<head`, `<body`, `<table`, `<meta`, or an
    ///   `<?xml`/`<!--` opening with `<html` later in the prefix →
    ///   ``html`` (tags compared case-insensitively);
    /// - anything else → ``text``.
    public static func detect(_ prefix: [UInt8]) -> SheetFormat {
        let head = prefix.prefix(prefixLength)
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return .xlsx }
        if head.starts(with: CompoundFileDirectory.signature) { return .ole2 }

        // Markup in UTF-16 is looked at through its ASCII characters.
        var bytes = Array(head)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes.removeFirst(3)
        } else if bytes.starts(with: [0xFF, 0xFE]) {
            bytes = asciiOfUTF16(bytes.dropFirst(2), bigEndian: false)
        } else if bytes.starts(with: [0xFE, 0xFF]) {
            bytes = asciiOfUTF16(bytes.dropFirst(2), bigEndian: true)
        } else if bytes.count >= 4, bytes[0] == 0x3C, bytes[1] == 0 {
            bytes = asciiOfUTF16(bytes[...], bigEndian: false)  // UTF-16LE without BOM
        } else if bytes.count >= 4, bytes[0] == 0, bytes[1] == 0x3C {
            bytes = asciiOfUTF16(bytes[...], bigEndian: true)
        }
        let lower = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        guard let start = lower.firstIndex(where: { !isSpace($0) }), lower[start] == 0x3C else { return .text }
        let markup = lower[start...]

        func opens(_ tag: String) -> Bool { markup.starts(with: Array(tag.utf8)) }
        func mentions(_ text: String) -> Bool { contains(markup, Array(text.utf8)) }
        let spreadsheetNamespace = mentions("urn:schemas-microsoft-com:office:spreadsheet")
        if opens("<?xml") {
            if spreadsheetNamespace || mentions("progid=\"excel.sheet\"") || mentions("progid='excel.sheet'") {
                return .spreadsheetML
            }
            return mentions("<html") ? .html : .text
        }
        if opens("<workbook"), spreadsheetNamespace { return .spreadsheetML }
        for tag in ["<html", "<!doctype html", "<head", "<body", "<table", "<meta"] where opens(tag) {
            return .html
        }
        if opens("<!--"), mentions("<html") { return .html }
        return .text
    }

    /// The format of the file at `url`, from its first ``prefixLength`` bytes.
    public static func detect(url: URL) throws -> SheetFormat {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let prefix = try handle.read(upToCount: prefixLength) ?? Data()
        return detect([UInt8](prefix))
    }

    /// The book that reads a file of `format`. ``text`` has no book (the
    /// delimited reader takes it): asking for one is a programming error
    /// and throws.
    public static func open(url: URL, format: SheetFormat) throws -> SheetBook {
        switch format {
        case .xlsx: return try XLSXBook(url: url)
        case .ole2: return try BIFFBook(url: url)
        case .html: return try HTMLTableBook(url: url)
        case .spreadsheetML: return try SpreadsheetMLBook(url: url)
        case .text: throw SheetError("the file is delimited text, not a spreadsheet")
        }
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C }

    /// The low bytes of the UTF-16 code units that are ASCII; others become
    /// `0x80` (never markup).
    private static func asciiOfUTF16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 2)
        var i = bytes.startIndex
        while i + 1 < bytes.endIndex {
            let (high, low) = bigEndian ? (bytes[i], bytes[i + 1]) : (bytes[i + 1], bytes[i])
            out.append(high == 0 && low < 0x80 ? low : 0x80)
            i += 2
        }
        return out
    }

    private static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var i = haystack.startIndex
        let last = haystack.endIndex - needle.count
        while i <= last {
            if haystack[i] == first, haystack[i ..< i + needle.count].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }
}
