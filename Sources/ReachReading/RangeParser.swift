import ReachModel

/// The fields of one record by index, as UTF-8 bytes: a CSV record read in
/// place (``RecordScanner``) or a spreadsheet row (``CellRecord``).
protocol FieldRecord {
    /// The trimmed bytes of field `i` (valid until the next record).
    func field(_ i: Int) -> UnsafeBufferPointer<UInt8>
    /// Field `i` was a number cell of a spreadsheet (never in a CSV), so a
    /// member id in it may have lost a leading zero.
    func isNumber(_ i: Int) -> Bool
}

extension RecordScanner: FieldRecord {
    @inline(__always) func isNumber(_ i: Int) -> Bool { false }
}

/// Turns the fields of one record into a typed row, or says why not.
///
/// One sink per kind of file (events, roster, posts); each worker of a
/// parallel read owns its own sink and hands back its ``Piece``.
protocol RecordSink: SendableMetatype {
    associatedtype Piece: SendableMetatype
    /// Reads one record (field count already checked); returns the reject
    /// reason, or `nil` when the row is accepted.
    mutating func accept<Record: FieldRecord>(_ record: Record) -> String?
    /// The rows read, in record order.
    consuming func finish() -> Piece
}

/// The fields of the record a sink is reading, by column; an absent column
/// reads as an empty field.
struct Fields<Record: FieldRecord> {
    let layout: HeaderLayout
    let record: Record

    subscript(_ column: Column) -> UnsafeBufferPointer<UInt8> {
        layout.index[column].map { record.field($0) } ?? UnsafeBufferPointer(start: nil, count: 0)
    }

    func text(_ column: Column) -> String { fieldText(self[column]) }

    /// The record's `start` (required) and `end` (default: the start) as
    /// days read by `parse`, or why not (calendar and leave, SPEC 1.3, 1.6).
    func dayRange(_ parse: (UnsafeBufferPointer<UInt8>) -> Day?) -> Result<(start: Day, end: Day), RowRejection> {
        let startBytes = self[.start]
        if startBytes.isEmpty { return .failure(RowRejection("empty start")) }
        guard let start = parse(startBytes) else { return .failure(RowRejection("unparseable start '\(fieldText(startBytes))'")) }
        var end = start
        let endBytes = self[.end]
        if !endBytes.isEmpty {
            guard let day = parse(endBytes) else { return .failure(RowRejection("unparseable end '\(fieldText(endBytes))'")) }
            end = day
        }
        if end < start { return .failure(RowRejection("end \(end) before start \(start)")) }
        return .success((start, end))
    }
}

/// Why a record is rejected (its reject reason).
struct RowRejection: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// A rejected record whose line is relative to the start of its range.
struct PendingReject {
    /// Line feeds between the range start and the record.
    var lineOffset: Int
    var reason: String
    var raw: String
}

/// What reading one byte range gave.
struct RangeResult<Piece> {
    /// Where reading started and where the next record starts.
    var start: Int
    var end: Int
    /// Non-blank records read (accepted + rejected).
    var records: Int
    /// Line feeds in `start ..< end`.
    var lineBreaks: Int
    /// Stopped at a record that the text does not yet hold in full.
    var incomplete: Bool
    /// Stopped after an over-long record whose line goes on past the text:
    /// the reader skips to that line's end before reading on.
    var skipsLine = false
    var piece: Piece
    var rejects: [PendingReject]
}

/// Text shared by the workers of one read round.
///
/// `@unchecked Sendable`: the bytes belong to the round's ``TextBuffer``,
/// which neither moves nor changes them until every worker of the round has
/// finished (workers only read them).
struct RoundText: @unchecked Sendable {
    let base: UnsafePointer<UInt8>
    /// Bytes available; records may run up to here.
    let end: Int
    /// No text follows `end`.
    let atEnd: Bool
}

enum RangeParser {
    /// Reads records starting at `start` while they start before `limit` and
    /// fewer than `cap` were read. Blank records are skipped; records with the
    /// wrong field count, an unclosed quote or more than `maxRecord` bytes are
    /// rejected before the sink.
    static func parse<Sink: RecordSink>(_ text: RoundText, from start: Int, limit: Int, cap: Int, maxRecord: Int,
                                        layout: HeaderLayout, sink: consuming Sink) -> RangeResult<Sink.Piece> {
        var scanner = RecordScanner(text: text.base, end: text.end, atEnd: text.atEnd,
                                    delimiter: layout.delimiter, maxFields: layout.fieldCount + 1, maxRecord: maxRecord)
        defer { scanner.deallocate() }
        var position = start, records = 0, breaks = 0
        var incomplete = false, skipsLine = false
        var rejects: [PendingReject] = []
        while position < limit && records < cap {
            guard let record = scanner.scan(at: position) else { incomplete = true; break }
            if !record.isBlank {
                records += 1
                let reason: String?
                if record.overlong {
                    reason = RecordLimit.reason(maxRecord)
                } else if record.unclosedQuote {
                    reason = "unclosed quote"
                } else if record.fieldCount != layout.fieldCount {
                    reason = "wrong field count: \(record.fieldCount) fields, header has \(layout.fieldCount)"
                } else {
                    reason = sink.accept(scanner)
                }
                if let reason {
                    let count = record.overlong ? RecordLimit.rawPrefix(text.base + record.start, count: record.rawEnd - record.start)
                        : record.rawEnd - record.start
                    let raw = String(decoding: UnsafeBufferPointer(start: text.base + record.start, count: count), as: UTF8.self)
                    rejects.append(PendingReject(lineOffset: breaks, reason: reason, raw: raw))
                }
            }
            breaks += record.lineBreaks
            position = record.next
            if record.runsOn { skipsLine = true; break }
        }
        return RangeResult(start: start, end: position, records: records, lineBreaks: breaks,
                           incomplete: incomplete, skipsLine: skipsLine, piece: sink.finish(), rejects: rejects)
    }
}

/// Text of field bytes for reject reasons.
@inline(never) func fieldText(_ f: UnsafeBufferPointer<UInt8>) -> String {
    String(decoding: f, as: UTF8.self)
}
