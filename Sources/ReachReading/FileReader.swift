import Dispatch
import Foundation
import ReachModel

/// Reads one input file into a stream of typed batches (SPEC 1.1–1.4, 1.6).
///
/// Creating a reader tells the file's kind, decodes its start and finds its
/// header, and throws ``ReachError/fileRejected(file:reason:)`` for a file
/// that is rejected as a whole (unknown kind, undecodable, empty, no header
/// with the required columns). ``nextBatch()`` then hands out the data
/// records in file order, at most `batchRecords` records per batch, with bad
/// rows as ``RowReject``s. Memory stays bounded: the text is read in chunks,
/// and each batch is parsed by several threads over record-aligned parts of
/// the text, joined in order so the output never depends on timing.
public final class FileReader {
    /// The file's kind (from its name, or as given).
    public let kind: FileKind
    /// Base name of the file, as rejects and quality rows name it.
    public let fileName: String

    private let zone: ReportingZone
    private let batchRecords: Int
    private let text: TextBuffer
    private let layout: HeaderLayout
    private var bytesPerRecord = 64.0
    private var finished = false
    /// The text budget of the next round of an event file: its first rounds
    /// are short while they keep meeting new member ids (see ``nextBatch()``).
    private var rampBudget = 1 << 20
    private let dictionaries: EventDictionaries

    /// Opens the file at `url`; `kind` overrides the kind told by its name.
    /// Event ids go into `dictionaries` (share one between the files of a
    /// run) or, by default, into dictionaries of this file's own.
    public convenience init(url: URL, kind: FileKind? = nil, zone: ReportingZone, batchRecords: Int = 200_000,
                            dictionaries: EventDictionaries = EventDictionaries()) throws {
        let name = url.lastPathComponent
        let kind = try Self.kind(of: name, override: kind)
        try self.init(text: TextBuffer(url: url), kind: kind, zone: zone, batchRecords: batchRecords, dictionaries: dictionaries)
    }

    /// Reads `bytes` as if they were a file named `name` (tests, benchmarks).
    public convenience init(bytes: [UInt8], name: String, kind: FileKind? = nil, zone: ReportingZone,
                            batchRecords: Int = 200_000, dictionaries: EventDictionaries = EventDictionaries()) throws {
        let kind = try Self.kind(of: name, override: kind)
        try self.init(text: TextBuffer(bytes: bytes, name: name), kind: kind, zone: zone, batchRecords: batchRecords,
                      dictionaries: dictionaries)
    }

    private init(text: TextBuffer, kind: FileKind, zone: ReportingZone, batchRecords: Int,
                 dictionaries: EventDictionaries) throws {
        self.kind = kind
        self.fileName = text.fileName
        self.zone = zone
        self.batchRecords = max(1, batchRecords)
        self.text = text
        self.dictionaries = dictionaries
        while true {
            switch HeaderSearch.search(text.base, start: text.start, end: text.end, atEnd: text.atEnd, kind: kind) {
            case .needMore:
                try text.refill()
            case .notFound(nil):
                throw ReachError.fileRejected(file: fileName, reason: "the file is empty (no text, or only blank lines); export it again")
            case .notFound(let missing?):
                throw ReachError.fileRejected(file: fileName, reason: HeaderSearch.missingReason(missing, kind: kind))
            case .found(let found):
                layout = found.layout
                text.consume(to: found.dataStart, lineBreaks: found.lineBreaks)
                return
            }
        }
    }

    /// The kind of a file, or the whole-file reject for a name of no known kind.
    static func kind(of name: String, override: FileKind?) throws -> FileKind {
        if let override { return override }
        if let kind = FileKind.detect(fileName: name) { return kind }
        let prefixes = FileKind.allCases.map { "\($0.namePrefixes.joined(separator: "/")) (\($0.rawValue))" }
        throw ReachError.fileRejected(file: name, reason: "cannot tell the file kind from its name; names must start with \(prefixes.joined(separator: ", ")). Rename the file or pass --kind")
    }

    /// The next batch of records in file order, or `nil` after the last.
    /// A file with a header and no data records gives no batch at all.
    public func nextBatch() throws -> ReadBatch? {
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
            let batch: ReadBatch?
            switch kind {
            case .members:
                batch = try round(budget: budget, sink: { RosterSink(layout: $0.layout) }) { results in
                    .members(results.flatMap(\.piece))
                }
            case .posts:
                batch = try round(budget: budget, sink: { PostSink(layout: $0.layout, zone: $0.zone) }) { results in
                    .posts(results.flatMap(\.piece))
                }
            case .calendar:
                batch = try round(budget: budget, sink: { CalendarSink(layout: $0.layout) }) { results in
                    .calendar(results.flatMap(\.piece))
                }
            case .leave:
                batch = try round(budget: budget, sink: { LeaveSink(layout: $0.layout, zone: $0.zone) }) { results in
                    .leave(results.flatMap(\.piece))
                }
            case .checkins, .shares, .comments:
                let eventKind = kind.eventKind!, tables = dictionaries.snapshot
                let expected = Int(Double(budget) / bytesPerRecord)
                let known = dictionaries.memberCount
                batch = try round(budget: budget, sink: {
                    EventSink(layout: $0.layout, zone: $0.zone, shared: tables, expectedRows: expected / $0.parts + 16)
                }) { results in
                    .events(self.dictionaries.batch(of: results.map(\.piece), kind: eventKind))
                }
                if let batch {
                    // Fewer than one new id per 64 rows: the ids are known.
                    let learning = (dictionaries.memberCount - known) * 64 >= batch.records
                    rampBudget = learning && rampBudget < 8 << 20 ? rampBudget * 2 : Int.max
                }
            }
            if let batch { return batch }
        }
        return nil
    }

    /// What a sink factory may read (values, safe to pass to worker threads).
    struct SinkContext: @unchecked Sendable {
        let layout: HeaderLayout
        let zone: ReportingZone
        let parts: Int
    }

    /// Reads the next part of the text (about `budget` bytes, at most
    /// `batchRecords` records) and makes its batch; `nil` when the part held
    /// only blank lines, or when more text had to be read first.
    private func round<Sink: RecordSink>(budget: Int, sink makeSink: @escaping (SinkContext) -> Sink,
                                         rows: ([RangeResult<Sink.Piece>]) -> ReadBatch.Rows) throws -> ReadBatch? {
        let start = text.start
        let limit = min(text.end, start + budget)
        let shared = RoundText(base: UnsafePointer(text.base), end: text.end, atEnd: text.atEnd)
        let parts = Self.partCount(bytes: limit - start)
        let bounds = Self.splitPoints(shared, from: start, to: limit, parts: parts)
        let context = SinkContext(layout: layout, zone: zone, parts: parts)
        let cap = batchRecords, layout = self.layout
        let speculative = PartResults<Sink.Piece>(count: parts)
        if parts == 1 {
            speculative.slots[0] = RangeParser.parse(shared, from: start, limit: limit, cap: cap, layout: layout, sink: makeSink(context))
        } else {
            let work = ParallelWork(run: { k in
                speculative.slots[k] = RangeParser.parse(shared, from: bounds[k], limit: bounds[k + 1], cap: cap,
                                                         layout: layout, sink: makeSink(context))
            })
            DispatchQueue.concurrentPerform(iterations: parts) { work.run($0) }
        }
        // Keep the parts in order; a part that started at a guessed boundary
        // other than where the previous part really ended (a quoted line
        // break across the guess), or that read past the cap, is read again.
        var accepted: [RangeResult<Sink.Piece>] = []
        var position = start, records = 0, breaks = 0
        var rejects: [RowReject] = []
        for k in 0 ..< parts {
            var result = speculative.slots[k]!
            speculative.slots[k] = nil
            if result.start != position || result.records > cap - records {
                result = RangeParser.parse(shared, from: position, limit: bounds[k + 1], cap: cap - records,
                                           layout: layout, sink: makeSink(context))
            }
            let firstLine = text.line + breaks
            for r in result.rejects {
                rejects.append(RowReject(file: fileName, line: firstLine + r.lineOffset, reason: r.reason, raw: r.raw))
            }
            position = result.end
            records += result.records
            breaks += result.lineBreaks
            let stop = result.incomplete || records == cap
            accepted.append(result)
            if stop { break }
        }
        if position == start {
            // Not even one record is complete in the buffer: read more.
            precondition(!text.atEnd, "a complete text always yields a record")
            try text.refill()
            return nil
        }
        text.consume(to: position, lineBreaks: breaks)
        guard records > 0 else { return nil }
        bytesPerRecord = max(8, Double(position - start) / Double(records))
        return ReadBatch(rows: rows(accepted), rejects: rejects, records: records)
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

/// Results of the parts of one round, one slot per part, each written by
/// exactly one worker.
final class PartResults<Piece>: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<RangeResult<Piece>?>
    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }
    deinit {
        slots.deinitialize()
        slots.deallocate()
    }
}

/// The body of a parallel loop, handed to the worker threads.
struct ParallelWork: @unchecked Sendable {
    let run: (Int) -> Void
}
