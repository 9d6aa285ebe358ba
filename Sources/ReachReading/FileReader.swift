import Dispatch
import Foundation
import ReachModel

/// Reads one input file into a stream of typed batches (SPEC 1.1–1.4, 1.6).
///
/// Creating a reader tells the file's kind and format (delimited text or a
/// spreadsheet, by its bytes, SPEC 1.2a), finds its header (and, in a
/// workbook, its data sheet), and throws
/// ``ReachError/fileRejected(file:reason:)`` for a file that is rejected as
/// a whole (unknown kind, undecodable, empty, damaged, no header with the
/// required columns). ``forEachBatch(_:)`` then hands out the data records
/// in file order, at most `batchRecords` records per batch, with bad rows as
/// ``RowReject``s. Memory stays bounded (``ReachModel/MemoryBudget``): text
/// is read in chunks (or, as ingest hands it, whole up to
/// ``FileContents/wholeFileLimit``), a record is at most
/// ``ReachModel/MemoryBudget/recordBytes`` long (a longer one is a bad row),
/// the ids a file adds to the dictionaries are limited, and each
/// round of text is parsed by several threads over record-aligned parts,
/// kept in order so the output never depends on timing (an event file's
/// parts become batches of their own; the batches' concatenation is the
/// same whatever the parts); a sheet is streamed row by row.
public final class FileReader {
    /// The file's kind (from its name, or as given).
    public let kind: FileKind
    /// Base name of the file, as rejects and quality rows name it.
    public let fileName: String
    /// Where the header was found and how each column was matched.
    public let header: HeaderMatch
    /// What the file's quality row should say besides its counts: for a
    /// spreadsheet, the sheet read and the sheets that were not.
    public var notes: [String] { header.notes }

    private let zone: ReportingZone
    private let batchRecords: Int
    /// The record limit (``ReachModel/MemoryBudget/recordBytes``).
    private let memoryBudget: MemoryBudget
    /// The decoded text of a delimited file; `nil` for a spreadsheet.
    private let text: TextBuffer?
    /// The data sheet of a spreadsheet; `nil` for a delimited file.
    private let sheet: SheetSource?
    private let layout: HeaderLayout
    private var bytesPerRecord = 64.0
    private var finished = false
    /// Batches of the last round not yet handed out.
    private var ready: [ReadBatch] = []
    /// The text budget of the next round of an event file: its first rounds
    /// are short while they keep meeting new member ids (see ``nextBatch()``).
    private var rampBudget = 1 << 20
    private let dictionaries: EventDictionaries
    /// The roster's fixed member id width, when the caller knows one (contract v3).
    private let memberIDWidth: Int?
    /// The most threads a round's parts are read on (`--threads`).
    private let threads: Int
    /// A copy of in-memory spreadsheet bytes, removed with the reader.
    private let temporaryFile: URL?

    /// Rows of a sheet per batch: small enough that a batch of cell texts
    /// stays a few megabytes whatever the sheet size.
    static let sheetBatchRows = 20_000
    /// Text of a sheet's rows per batch, at most (a batch ends at the row
    /// that reaches it), as a round of delimited text holds at most 8 MiB.
    static let sheetBatchBytes = 8 << 20

    /// Opens the file at `url`; `kind` overrides the kind told by its name.
    /// Event ids go into `dictionaries` (share one between the files of a
    /// run) or, by default, into dictionaries of this file's own.
    /// `memberIDWidth`: the roster's fixed id width, if it has one, so that a
    /// spreadsheet number one leading zero short gets it back.
    /// `budget`: the record limit (tests make it small).
    public convenience init(url: URL, kind: FileKind? = nil, zone: ReportingZone, batchRecords: Int = 200_000,
                            dictionaries: EventDictionaries = EventDictionaries(), memberIDWidth: Int? = nil,
                            budget: MemoryBudget = .standard, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        let name = url.lastPathComponent
        let kind = try Self.kind(of: name, override: kind)
        let format: SheetFormat
        do {
            format = try SheetFormat.detect(url: url)
        } catch {
            throw ReachError.fileRejected(file: name, reason: "cannot open the file (\(error.localizedDescription)); check that it exists and is readable")
        }
        let input: Input = format == .text ? .text(try TextBuffer(url: url))
            : .sheet(try Self.openSheet(url: url, format: format, name: name, kind: kind))
        try self.init(input: input, name: name, kind: kind, zone: zone, batchRecords: batchRecords,
                      dictionaries: dictionaries, memberIDWidth: memberIDWidth, budget: budget, threads: threads,
                      temporaryFile: nil)
    }

    /// Reads a file whose bytes ingest has already read (``FileContents``):
    /// a file read whole is parsed from memory, without going back to the
    /// disk; a larger one, and every spreadsheet (its book reads the file
    /// itself), is opened as ``init(url:kind:zone:batchRecords:dictionaries:memberIDWidth:budget:)`` does.
    public convenience init(contents: FileContents, kind: FileKind? = nil, zone: ReportingZone,
                            batchRecords: Int = 200_000, dictionaries: EventDictionaries = EventDictionaries(),
                            memberIDWidth: Int? = nil, budget: MemoryBudget = .standard,
                            threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        let url = contents.url, name = url.lastPathComponent
        guard let storage = contents.storage, contents.format == .text else {
            try self.init(url: url, kind: kind, zone: zone, batchRecords: batchRecords, dictionaries: dictionaries,
                          memberIDWidth: memberIDWidth, budget: budget, threads: threads)
            return
        }
        let kind = try Self.kind(of: name, override: kind)
        let text = try TextBuffer(whole: storage, count: contents.count, isUTF8: contents.isUTF8, name: name)
        try self.init(input: .text(text), name: name, kind: kind, zone: zone, batchRecords: batchRecords,
                      dictionaries: dictionaries, memberIDWidth: memberIDWidth, budget: budget, threads: threads,
                      temporaryFile: nil)
    }

    /// Reads `bytes` as if they were a file named `name` (tests, benchmarks).
    public convenience init(bytes: [UInt8], name: String, kind: FileKind? = nil, zone: ReportingZone,
                            batchRecords: Int = 200_000, dictionaries: EventDictionaries = EventDictionaries(),
                            memberIDWidth: Int? = nil, budget: MemoryBudget = .standard,
                            threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        let kind = try Self.kind(of: name, override: kind)
        let format = SheetFormat.detect(Array(bytes.prefix(SheetFormat.prefixLength)))
        guard format != .text else {
            try self.init(input: .text(TextBuffer(bytes: bytes, name: name)), name: name, kind: kind, zone: zone,
                          batchRecords: batchRecords, dictionaries: dictionaries, memberIDWidth: memberIDWidth,
                          budget: budget, threads: threads, temporaryFile: nil)
            return
        }
        // The books read files; give them one.
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("reach-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        do {
            try Data(bytes).write(to: url)
        } catch {
            throw ReachError.fileRejected(file: name, reason: "cannot copy the file to a temporary folder (\(error.localizedDescription))")
        }
        do {
            let source = try Self.openSheet(url: url, format: format, name: name, kind: kind)
            try self.init(input: .sheet(source), name: name, kind: kind, zone: zone, batchRecords: batchRecords,
                          dictionaries: dictionaries, memberIDWidth: memberIDWidth, budget: budget, threads: threads,
                          temporaryFile: url)
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
    }

    private enum Input {
        case text(TextBuffer)
        case sheet(SheetSource)
    }

    private init(input: Input, name: String, kind: FileKind, zone: ReportingZone, batchRecords: Int,
                 dictionaries: EventDictionaries, memberIDWidth: Int?, budget: MemoryBudget, threads: Int,
                 temporaryFile: URL?) throws {
        self.kind = kind
        self.threads = max(1, threads)
        self.fileName = name
        self.zone = zone
        self.batchRecords = max(1, batchRecords)
        self.memoryBudget = budget
        self.dictionaries = dictionaries
        dictionaries.beginFile(name: name)
        self.memberIDWidth = memberIDWidth
        self.temporaryFile = temporaryFile
        switch input {
        case .sheet(let source):
            text = nil
            sheet = source
            layout = source.header.layout
            header = HeaderMatch(sheet: source.sheetName, otherSheets: source.otherSheets, rows: source.header.rows,
                                 layout: source.header.layout, names: source.header.names, kind: kind)
        case .text(let text):
            self.text = text
            sheet = nil
            while true {
                switch HeaderSearch.search(text.base, start: text.start, end: text.end, atEnd: text.atEnd, kind: kind,
                                           maxLine: memoryBudget.recordBytes) {
                case .needMore:
                    try text.refill()
                case .lineTooLong(let lineBreaks):
                    throw ReachError.fileRejected(file: fileName, reason: HeaderSearch.tooLongReason(
                        line: text.line + lineBreaks, limit: memoryBudget.recordBytes))
                case .notFound(nil):
                    throw ReachError.fileRejected(file: fileName, reason: "the file is empty (no text, or only blank lines); export it again")
                case .notFound(let missing?):
                    throw ReachError.fileRejected(file: fileName, reason: HeaderSearch.missingReason(missing, kind: kind))
                case .found(let found):
                    layout = found.layout
                    let line = text.line + found.headerLineBreaks
                    header = HeaderMatch(sheet: nil, otherSheets: [], rows: line ... line, layout: found.layout,
                                         names: found.names, kind: kind)
                    text.consume(to: found.dataStart, lineBreaks: found.lineBreaks)
                    return
                }
            }
        }
    }

    deinit {
        if let temporaryFile { try? FileManager.default.removeItem(at: temporaryFile) }
    }

    /// Opens a spreadsheet and picks its data sheet; a file that cannot be
    /// read is rejected whole with the book's reason.
    private static func openSheet(url: URL, format: SheetFormat, name: String, kind: FileKind) throws -> SheetSource {
        let book: SheetBook
        do {
            book = try SheetFormat.open(url: url, format: format)
        } catch let error as SheetError {
            throw ReachError.fileRejected(file: name, reason: error.reason)
        }
        return try SheetSource(book: book, fileName: name, kind: kind)
    }

    /// The kind of a file, or the whole-file reject for a name of no known kind.
    static func kind(of name: String, override: FileKind?) throws -> FileKind {
        if let override { return override }
        if let kind = FileKind.detect(fileName: name) { return kind }
        let prefixes = FileKind.allCases.map { "\($0.namePrefixes.joined(separator: "/")) (\($0.rawValue))" }
        throw ReachError.fileRejected(file: name, reason: "cannot tell the file kind from its name; names must start with \(prefixes.joined(separator: ", ")). Rename the file or pass --kind")
    }

    /// Calls `body` with each batch of records in file order. A file with a
    /// header and no data records gives no batch at all. Errors thrown by
    /// `body` stop reading and are rethrown.
    public func forEachBatch(_ body: (ReadBatch) throws -> Void) throws {
        if let sheet {
            let cap = min(batchRecords, Self.sheetBatchRows)
            var rows: [SheetRow] = []
            rows.reserveCapacity(cap)
            var bytes = 0
            try sheet.forEachDataRow { row in
                rows.append(row)
                bytes += SheetText.byteCount(row)
                if rows.count == cap || bytes >= Self.sheetBatchBytes {
                    for batch in try batches(of: .rows(rows, sheet)) { try body(batch) }
                    rows.removeAll(keepingCapacity: true)
                    bytes = 0
                }
            }
            if !rows.isEmpty { for batch in try batches(of: .rows(rows, sheet)) { try body(batch) } }
        } else {
            while let batch = try nextBatch() { try body(batch) }
        }
    }

    /// The next batch of a delimited file in file order, or `nil` after the last.
    func nextBatch() throws -> ReadBatch? {
        guard let text else { preconditionFailure("nextBatch reads delimited text; use forEachBatch") }
        if !ready.isEmpty { return ready.removeFirst() }
        while !finished {
            let available = text.end - text.start
            // Aim a little below the cap, so that the last part rarely reads past it.
            // While member ids keep coming that the dictionaries do not know,
            // event rounds start at 1 MiB and double: each worker interns a
            // new id in a table of its own, so a short round learns the ids
            // once and the next rounds find them.
            let budget = min(max(4096, Int(Double(batchRecords) * bytesPerRecord * 0.97)), 8 << 20,
                             kind.eventKind != nil ? rampBudget : Int.max)
            if available < budget && !text.atEnd { try text.refill() }
            if text.start == text.end && text.atEnd { finished = true; break }
            let known = dictionaries.memberCount
            ready = try batches(of: .text(text, budget: budget))
            if !ready.isEmpty, kind.eventKind != nil {
                // Fewer than one new id per 64 rows: the ids are known.
                let learning = (dictionaries.memberCount - known) * 64 >= ready.reduce(0) { $0 + $1.records }
                rampBudget = learning && rampBudget < 8 << 20 ? rampBudget * 2 : Int.max
            }
            if !ready.isEmpty { return ready.removeFirst() }
        }
        return nil
    }

    /// What one batch is read from: the next part of the text (about
    /// `budget` bytes), or rows of a sheet.
    private enum Part {
        case text(TextBuffer, budget: Int)
        case rows([SheetRow], SheetSource)

        /// Rows the part holds, about.
        func expectedRows(bytesPerRecord: Double) -> Int {
            switch self {
            case .text(_, let budget): return Int(Double(budget) / bytesPerRecord)
            case .rows(let rows, _): return rows.count
            }
        }
    }

    /// Reads `part` with the sink of the file's kind; no batch when it held
    /// no record. An event round gives one batch per part that holds
    /// records (its rows are handed on as the worker read them, not copied
    /// into one array); other kinds one batch per round.
    private func batches(of part: Part) throws -> [ReadBatch] {
        switch kind {
        case .members:
            return try round(part, sink: { RosterSink(layout: $0.layout, memberIDWidth: $0.memberIDWidth) }) { results in
                [.members(results.flatMap(\.piece.rows))]
            }
        case .posts where layout.index[.contentID] == nil:
            return try round(part, sink: { TitleReadsSink(layout: $0.layout) }) { results in
                [.titleReads(results.flatMap(\.piece.rows))]
            }
        case .posts:
            return try round(part, sink: { PostSink(layout: $0.layout, zone: $0.zone) }) { results in
                [.posts(results.flatMap(\.piece.rows))]
            }
        case .groups:
            return try round(part, sink: { GroupSink(layout: $0.layout) }) { results in
                [.groups(results.flatMap(\.piece.rows))]
            }
        case .calendar:
            return try round(part, sink: { CalendarSink(layout: $0.layout) }) { results in
                [.calendar(results.flatMap(\.piece.rows))]
            }
        case .leave:
            return try round(part, sink: {
                LeaveSink(layout: $0.layout, zone: $0.zone, memberIDWidth: $0.memberIDWidth)
            }) { results in
                [.leave(results.flatMap(\.piece.rows))]
            }
        case .checkins, .shares, .comments:
            // Each sink takes its own snapshot of the tables, gone when the
            // sink finishes, so that assembly changes them in place rather
            // than copying them (``ByteInterner`` is copy-on-write).
            let eventKind = kind.eventKind!, dictionaries = self.dictionaries
            let expected = part.expectedRows(bytesPerRecord: bytesPerRecord)
            return try round(part, sink: {
                EventSink(layout: $0.layout, zone: $0.zone, absentRows: eventKind == .checkin, memberIDWidth: $0.memberIDWidth,
                          shared: dictionaries.snapshot, expectedRows: expected / $0.parts + 16)
            }) { results in
                try self.dictionaries.batches(of: &results, kind: eventKind).map { .events($0) }
            }
        }
    }

    /// Reads `part` with sinks made by `makeSink`; `rows` turns the parts'
    /// results into the rows of one batch, or of one batch per part.
    private func round<Sink: RecordSink>(_ part: Part, sink makeSink: @escaping @Sendable (SinkContext) -> Sink,
                                         rows: (inout [RangeResult<Sink.Piece>]) throws -> [ReadBatch.Rows]) throws -> [ReadBatch]
        where Sink.Piece: NotedPiece {
        switch part {
        case .text(let text, let budget): return try textRound(text, budget: budget, sink: makeSink, rows: rows)
        case .rows(let sheetRows, let source): return try sheetRound(sheetRows, source, sink: makeSink, rows: rows)
        }
    }

    /// Reads rows of a sheet, in order, on this thread (the sheet's cells
    /// are already decoded; the sinks are the cheap part).
    private func sheetRound<Sink: RecordSink>(_ sheetRows: [SheetRow], _ source: SheetSource,
                                              sink makeSink: (SinkContext) -> Sink,
                                              rows: (inout [RangeResult<Sink.Piece>]) throws -> [ReadBatch.Rows]) throws -> [ReadBatch]
        where Sink.Piece: NotedPiece {
        guard !sheetRows.isEmpty else { return [] }
        var sink = makeSink(SinkContext(layout: layout, zone: zone, parts: 1, memberIDWidth: memberIDWidth))
        var record = CellRecord()
        var rejects: [RowReject] = []
        for row in sheetRows {
            if SheetText.byteCount(row, width: layout.fieldCount) > memoryBudget.recordBytes {
                rejects.append(RowReject(file: fileName, line: row.number, reason: RecordLimit.sheetReason(memoryBudget.recordBytes),
                                         raw: RecordLimit.raw(row), sheet: source.sheetName))
                continue
            }
            record.load(row, width: layout.fieldCount)
            if let reason = record.withFields({ sink.accept($0) }) {
                rejects.append(RowReject(file: fileName, line: row.number, reason: reason, raw: SheetText.raw(row),
                                         sheet: source.sheetName))
            }
        }
        var results = [RangeResult(start: 0, end: 0, records: sheetRows.count, lineBreaks: 0, incomplete: false,
                                   piece: sink.finish(), rejects: [])]
        let made = try rows(&results)[0]
        return [ReadBatch(rows: made, rejects: rejects, records: sheetRows.count, notes: results[0].piece.notes)]
    }

    /// What a sink factory may read (values, safe to pass to worker threads).
    struct SinkContext: Sendable {
        let layout: HeaderLayout
        let zone: ReportingZone
        let parts: Int
        let memberIDWidth: Int?
    }

    /// Reads the next part of the text (about `budget` bytes, at most
    /// `batchRecords` records) and makes its batches; none when the part
    /// held only blank lines, or when more text had to be read first.
    private func textRound<Sink: RecordSink>(_ text: TextBuffer, budget: Int, sink makeSink: @escaping @Sendable (SinkContext) -> Sink,
                                             rows: (inout [RangeResult<Sink.Piece>]) throws -> [ReadBatch.Rows]) throws -> [ReadBatch]
        where Sink.Piece: NotedPiece {
        let start = text.start
        let limit = min(text.end, start + budget)
        let shared = RoundText(base: UnsafePointer(text.base), end: text.end, atEnd: text.atEnd)
        let parts = Self.partCount(bytes: limit - start)
        let bounds = Self.splitPoints(shared, from: start, to: limit, parts: parts)
        let context = SinkContext(layout: layout, zone: zone, parts: parts, memberIDWidth: memberIDWidth)
        let cap = batchRecords, layout = self.layout, maxRecord = memoryBudget.recordBytes
        var speculative = parallelMap(parts, threads: threads) { k in
            RangeParser.parse(shared, from: bounds[k], limit: bounds[k + 1], cap: cap, maxRecord: maxRecord,
                              layout: layout, sink: makeSink(context))
        }
        // Keep the parts in order; a part that started at a guessed boundary
        // other than where the previous part really ended (a quoted line
        // break across the guess), or that read past the cap, is read again.
        var accepted: [RangeResult<Sink.Piece>] = []
        var position = start, records = 0, breaks = 0, skipsLine = false
        var rejects: [[RowReject]] = []
        for k in 0 ..< parts {
            var result = speculative[k]
            if result.start != position || result.records > cap - records {
                result = RangeParser.parse(shared, from: position, limit: bounds[k + 1], cap: cap - records,
                                           maxRecord: maxRecord, layout: layout, sink: makeSink(context))
            }
            let firstLine = text.line + breaks
            rejects.append(result.rejects.map { r in
                RowReject(file: fileName, line: firstLine + r.lineOffset, reason: r.reason, raw: r.raw)
            })
            position = result.end
            records += result.records
            breaks += result.lineBreaks
            skipsLine = result.skipsLine
            let stop = result.incomplete || skipsLine || records == cap
            accepted.append(result)
            if stop { break }
        }
        // Let go of the parts' results here, so that the rows arrays now in
        // `accepted` are changed in place below rather than copied.
        speculative = []
        if position == start {
            // Not even one record is complete in the buffer: read more.
            precondition(!text.atEnd, "a complete text always yields a record")
            try text.refill()
            return []
        }
        text.consume(to: position, lineBreaks: breaks)
        // An over-long record's line went on past the text: read on after it.
        if skipsLine { try text.skipLine() }
        guard records > 0 else { return [] }
        bytesPerRecord = max(8, Double(position - start) / Double(records))
        let made = try rows(&accepted)
        guard made.count == accepted.count, accepted.count > 1 else {
            let notes = accepted.reduce(into: ReadNotes()) { $0.merge($1.piece.notes) }
            return [ReadBatch(rows: made[0], rejects: rejects.flatMap { $0 }, records: records, notes: notes)]
        }
        return accepted.indices.compactMap { k in
            accepted[k].records == 0 ? nil
                : ReadBatch(rows: made[k], rejects: rejects[k], records: accepted[k].records, notes: accepted[k].piece.notes)
        }
    }

    /// How many parts to read in parallel: one per 256 KiB, up to twice the cores.
    static func partCount(bytes: Int) -> Int {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        return max(1, min(cores * 2, bytes / (256 << 10)))
    }

    /// `parts + 1` offsets: `from`, a guessed record start after each
    /// even cut (just after a line feed), and `to`.
    static func splitPoints(_ text: RoundText, from: Int, to: Int, parts: Int) -> [Int] {
        var points = [from]
        for k in 1 ..< parts {
            var i = max(points[k - 1], from + (to - from) * k / parts)
            while i < to && text.base[i] != RecordScanner.lf { i += 1 }
            points.append(min(to, i + 1))
        }
        points.append(to)
        return points
    }
}
