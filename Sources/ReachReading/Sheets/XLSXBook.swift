import Foundation

/// An Office Open XML workbook (`.xlsx`, `.xlsm`) read as a stream.
///
/// Opening reads the small parts — the workbook (sheet names in tab order,
/// the 1900 or 1904 date system), its relationships (where each sheet's
/// part is) and the styles (which cell styles are dates or times); the
/// shared strings are read on the first ``readRows(sheet:_:)`` and kept.
/// A sheet is never held whole: its part is inflated chunk by chunk into
/// a streaming tokenizer and rows go to the handler as they close, so a
/// `.stop` ends the inflating too. Sheet parts go through the fast
/// ``SheetXMLScanner``, and through expat where the scanner leaves XML it
/// does not read to expat; the other parts through expat (SAX). Never a DOM.
///
/// Broken input throws ``SheetError`` saying what is wrong and what to do:
/// a file that is no zip or holds no workbook, damaged zip data (bad
/// deflate stream, CRC mismatch), malformed XML (with the part and line),
/// a cell past column XFD or row 1,048,576, and a part that inflates past
/// ``SheetLimits/maxPartBytes`` or shared strings past
/// ``SheetLimits/maxSharedStringBytes`` (a zip bomb) — counted as the
/// bytes come, whatever the zip's headers declare. The zip is read by
/// ``ZipDirectory`` (each part bounded by its compressed size; inflated by
/// zlib through ZIPFoundation). ``verify(sheet:)`` checks a sheet's part
/// whole (inflated, CRC compared) before its rows are streamed, so that a
/// damaged part is refused before any of its rows are used.
public final class XLSXBook: SheetBook {
    /// The file name the book was opened from (for messages and logs).
    public let name: String
    /// Sheet names in tab order (hidden sheets included), from `<sheets>`.
    public let sheetNames: [String]
    /// True when the workbook counts dates from 1904 (old Mac Excel).
    public let uses1904Dates: Bool

    private let zip: ZipBytes
    private let limits: SheetLimits
    private let entries: [String: ZipEntry]
    private let sheetPaths: [String?]
    private let dateKinds: [DateKind]
    private let sharedStringsPath: String?
    private var sharedStrings: [String]?
    /// Sheets whose part ``verify(sheet:)`` found intact.
    private var verified: Set<Int> = []
    /// The inflated part of the sheet verified last, when it is small
    /// enough to keep (``SheetLimits/maxHeldPartBytes``): its rows are then
    /// read from memory, not inflated again.
    private var held: (sheet: Int, bytes: [UInt8])?
    /// True while ``readRows(sheet:_:)`` runs: the zip is read through one
    /// file position, so a handler must not start another read of this book.
    private var reading = false

    /// Opens the workbook at `url`.
    public convenience init(url: URL, limits: SheetLimits = .standard) throws {
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw SheetError("the file cannot be opened for reading; check that it exists and is not locked")
        }
        let zip: ZipBytes
        do {
            zip = try ZipBytes(url: url)
        } catch {
            throw SheetError("the file cannot be opened for reading; check that it exists and is not locked")
        }
        try self.init(zip: zip, name: url.lastPathComponent, limits: limits)
    }

    /// Opens a workbook held in memory (`name` is only for messages).
    public convenience init(data: Data, name: String, limits: SheetLimits = .standard) throws {
        try self.init(zip: ZipBytes(data: data), name: name, limits: limits)
    }

    private init(zip: ZipBytes, name: String, limits: SheetLimits) throws {
        guard let list = ZipDirectory.entries(of: zip) else {
            throw Self.unopenable(prefix: zip.read(0, min(8, Int(zip.count))) ?? Data())
        }
        self.zip = zip
        self.name = name
        self.limits = limits
        var entries: [String: ZipEntry] = [:]
        for entry in list where !entry.isDirectory {
            entries[PartPath.normalized(entry.path)] = entry
        }
        self.entries = entries

        let package = RelationshipsParser(part: "_rels/.rels", source: "")
        if Self.entry("_rels/.rels", in: entries) != nil {
            try Self.parse("_rels/.rels", in: zip, entries: entries, limits: limits, with: package)
        }
        let workbookPath = package.target(ofType: "officeDocument") ?? "xl/workbook.xml"
        guard Self.entry(workbookPath, in: entries) != nil else {
            throw XLSXFailure.notWorkbook(Self.notWorkbookDetail(entries))
        }
        let workbook = WorkbookPartParser(part: workbookPath)
        try Self.parse(workbookPath, in: zip, entries: entries, limits: limits, with: workbook)
        guard !workbook.sheets.isEmpty else { throw XLSXFailure.damaged("\(workbookPath) lists no sheets") }

        let folder = workbookPath.split(separator: "/").dropLast().joined(separator: "/")
        let relsPath = (folder.isEmpty ? "" : folder + "/") + "_rels/"
            + (workbookPath.split(separator: "/").last.map(String.init) ?? "workbook.xml") + ".rels"
        let relationships = RelationshipsParser(part: relsPath, source: workbookPath)
        if Self.entry(relsPath, in: entries) != nil {
            try Self.parse(relsPath, in: zip, entries: entries, limits: limits, with: relationships)
        }
        let inFolder = { (file: String) in folder.isEmpty ? file : folder + "/" + file }

        sheetNames = workbook.sheets.map(\.name)
        sheetPaths = workbook.sheets.map { relationships.byID[$0.relationship]?.path }
        uses1904Dates = workbook.is1904

        let stylesPath = relationships.target(ofType: "styles") ?? inFolder("styles.xml")
        if Self.entry(stylesPath, in: entries) != nil {
            let styles = XLSXStylesParser(part: stylesPath)
            try Self.parse(stylesPath, in: zip, entries: entries, limits: limits, with: styles)
            dateKinds = styles.dateKinds
        } else {
            dateKinds = []
        }
        let stringsPath = relationships.target(ofType: "sharedStrings") ?? inFolder("sharedStrings.xml")
        sharedStringsPath = Self.entry(stringsPath, in: entries) != nil ? stringsPath : nil
    }

    /// Checks the part of sheet `sheet` whole before its rows are read for
    /// good: inflated to its end (nothing parsed) within the part limit,
    /// its CRC compared. A sheet found intact is not checked again. A part
    /// of at most ``SheetLimits/maxHeldPartBytes`` is kept for the read
    /// that follows.
    public func verify(sheet: Int) throws {
        precondition(!reading, "XLSXBook.verify called from inside a row handler")
        guard !verified.contains(sheet) else { return }
        guard sheetNames.indices.contains(sheet) else {
            throw SheetError("the workbook has no sheet number \(sheet + 1); it has \(sheetNames.count)")
        }
        guard let path = sheetPaths[sheet], Self.entry(path, in: entries) != nil else {
            throw XLSXFailure.damaged("the part of sheet \"\(sheetNames[sheet])\" is missing")
        }
        let declared = Self.entry(path, in: entries).map { Int(clamping: $0.uncompressedSize) } ?? 0
        let keeper = PartKeeper(limit: limits.maxHeldPartBytes, expected: declared)
        try Self.parse(path, in: zip, entries: entries, limits: limits, with: keeper)
        verified.insert(sheet)
        held = keeper.bytes.map { (sheet, $0) }
    }

    /// Streams the rows of sheet `sheet` to `body` (see ``SheetBook``).
    /// Errors `body` throws come out unchanged. Not re-entrant: `body` must
    /// not read this book again.
    public func readRows(sheet: Int, _ body: (SheetRow) throws -> SheetFlow) throws {
        precondition(!reading, "XLSXBook.readRows called from inside its own row handler")
        reading = true
        defer { reading = false }
        guard sheetNames.indices.contains(sheet) else {
            throw SheetError("the workbook has no sheet number \(sheet + 1); it has \(sheetNames.count)")
        }
        guard let path = sheetPaths[sheet], Self.entry(path, in: entries) != nil else {
            throw XLSXFailure.damaged("the part of sheet \"\(sheetNames[sheet])\" is missing")
        }
        let builder = SheetRowBuilder(part: path, sharedStrings: try loadSharedStrings(), dateKinds: dateKinds,
                                      serial: ExcelSerial(is1904: uses1904Dates))
        try withoutActuallyEscaping(body) { handler in
            builder.handler = handler
            defer { builder.handler = nil }
            try builder.read { try read(sheet, path, into: $0) }
        }
    }

    /// Feeds sheet `sheet`'s part to `consumer`: from memory when
    /// ``verify(sheet:)`` kept it, else inflated from the zip.
    private func read(_ sheet: Int, _ path: String, into consumer: any PartConsumer) throws {
        guard let held, held.sheet == sheet else {
            return try Self.parse(path, in: zip, entries: entries, limits: limits, with: consumer)
        }
        try held.bytes.withUnsafeBytes { try consumer.feed($0) }
        if !consumer.isFinished { try consumer.end() }
        self.held = nil  // read to its end: not needed again
    }

    private func loadSharedStrings() throws -> [String] {
        if let sharedStrings { return sharedStrings }
        var strings: [String] = []
        if let path = sharedStringsPath {
            let parser = SharedStringsParser(part: path, limit: limits.maxSharedStringBytes)
            try Self.parse(path, in: zip, entries: entries, limits: limits, with: parser)
            strings = parser.strings
        }
        sharedStrings = strings
        return strings
    }

    // MARK: Streaming a part

    /// Keeps a part's inflated bytes while they stay within `limit`.
    private final class PartKeeper: PartConsumer {
        private let limit: Int
        private(set) var bytes: [UInt8]? = []
        let isFinished = false

        /// `expected`: the size the zip declares, reserved when within the
        /// limit; a part declared larger is not kept at all (a part whose
        /// declared size is too small still stops at the limit).
        init(limit: Int, expected: Int) {
            self.limit = limit
            if expected <= limit { bytes?.reserveCapacity(expected) } else { bytes = nil }
        }

        func feed(_ chunk: UnsafeRawBufferPointer) {
            guard bytes != nil else { return }
            if bytes!.count + chunk.count > limit { bytes = nil } else { bytes!.append(contentsOf: chunk) }
        }

        func end() {}
    }

    /// Thrown out of the zip consumer to stop inflating; never escapes.
    private struct StopInflating: Error {}

    /// Inflates part `path` chunk by chunk into `parser` until the part
    /// ends or the parser finishes, counting bytes against the part limit
    /// and checking the CRC of a part read to its end. Without a parser,
    /// only inflates and checks.
    private static func parse(_ path: String, in zip: ZipBytes, entries: [String: ZipEntry], limits: SheetLimits,
                              with parser: (any PartConsumer)?) throws {
        guard let entry = entry(path, in: entries) else { throw XLSXFailure.damaged("\(path) is missing") }
        var inflated = 0
        var crc = ZipCRC32()
        var failure: (any Error)?
        do {
            try ZipDirectory.inflate(entry, in: zip) { data in
                inflated += data.count
                if inflated > limits.maxPartBytes {
                    failure = XLSXFailure.partTooLarge(part: path, limit: limits.maxPartBytes)
                    throw StopInflating()
                }
                do {
                    try data.withUnsafeBytes { bytes in
                        crc.update(bytes)
                        try parser?.feed(bytes)
                    }
                } catch {
                    failure = error
                    throw StopInflating()
                }
                if parser?.isFinished == true { throw StopInflating() }
            }
            guard crc.value == entry.crc32 else {
                throw XLSXFailure.damaged("\(path) fails its checksum (CRC) test")
            }
        } catch is StopInflating {
            if let failure { throw failure }
            return
        } catch let error as SheetError {
            throw error
        } catch let damage as ZipDirectory.Damage {
            throw XLSXFailure.damaged(damage.detail)
        } catch {
            throw XLSXFailure.damaged("\(path) cannot be unpacked: \(error)")
        }
        try parser?.end()
    }

    private static func entry(_ path: String, in entries: [String: ZipEntry]) -> ZipEntry? {
        if let entry = entries[path] { return entry }
        let lower = path.lowercased()  // some writers' names differ in case from their relationships
        return entries.first { $0.key.lowercased() == lower }?.value
    }

    // MARK: Telling what a non-workbook is

    /// Why the archive's directory could not be read: a file that starts
    /// like a zip is a damaged (often cut short) workbook; anything else is
    /// not a workbook at all.
    private static func unopenable(prefix: Data) -> SheetError {
        if prefix.starts(with: [0x50, 0x4B]) {
            return XLSXFailure.damaged("the zip archive is cut short or corrupt; it may not have been copied completely")
        }
        if prefix.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return XLSXFailure.notWorkbook("it is an old-style .xls file or a password-protected workbook, not a zip archive")
        }
        return XLSXFailure.notWorkbook("it is not a zip archive")
    }

    private static func notWorkbookDetail(_ entries: [String: ZipEntry]) -> String {
        if entries["word/document.xml"] != nil { return "it is a Word document" }
        if entries["ppt/presentation.xml"] != nil { return "it is a PowerPoint presentation" }
        if entries["content.xml"] != nil { return "it is an OpenDocument file (.ods), not Excel's format" }
        return "the zip holds no xl/workbook.xml"
    }
}

/// The ``SheetError``s of xlsx reading, each saying what to do.
enum XLSXFailure {
    static func notWorkbook(_ detail: String) -> SheetError {
        SheetError("this is not an Excel workbook (\(detail)); save it as .xlsx or CSV")
    }

    static func damaged(_ detail: String) -> SheetError {
        SheetError("the workbook is damaged (\(detail)); open it in Excel or WPS and save it again as .xlsx, "
            + "or save it as CSV")
    }

    static func partTooLarge(part: String, limit: Int) -> SheetError {
        SheetError("the workbook part \(part) unpacks to more than \(megabytes(limit)) "
            + "(a zip bomb, or a sheet too large to read); refused — save the sheet as CSV")
    }

    static func sharedStringsTooLarge(part: String, limit: Int) -> SheetError {
        SheetError("the workbook's text table (\(part)) takes more than \(megabytes(limit)); "
            + "refused — save the sheet as CSV")
    }

    private static func megabytes(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MB" : "\(bytes) bytes"
    }
}
