import Foundation
import ReachModel
import ReachReading

/// One input of the reader's fuzz target: which file `reach check` is
/// given, and what reading it must never do.
///
/// The first byte of an input is a selector, the rest is the file's content:
///
/// | bits | chooses |
/// |---|---|
/// | 0–2 | the kind (value mod the number of kinds, in ``FileKind/allCases`` order) |
/// | 3–4 | the encoding: the bytes as they are; or the content (read as UTF-8, invalid bytes replaced) written as UTF-16 LE with BOM, UTF-16 BE with BOM, or GB18030 |
/// | 5 | the name: the kind's first prefix (`checkins.csv`) or its last (`打卡.csv`) |
/// | 6–7 | the reporting zone: Asia/Shanghai, UTC, America/New_York (DST), Australia/Lord_Howe (half-hour DST) |
///
/// ``problems(dictionaries:)`` reads the file through ``FileReader``, as `reach check`
/// and `reach ingest` do, and lists every broken promise: counts that do
/// not add up, indexes out of range, reject lines out of order, a result
/// that changes with the batch size, a UTF-16 file read differently from
/// the same text in UTF-8. A crash or hang is the fuzzer's own finding.
///
/// The same source serves twice: `FuzzCorpusTests` replays the committed
/// corpus (`Tests/Fixtures/fuzz/`) with it, and `scripts/fuzz` compiles it
/// with `scripts/fuzz-entry.swift` into the libFuzzer binary.
struct ReaderFuzzCase {
    enum Encoding: Int, CaseIterable { case asIs, utf16LittleEndian, utf16BigEndian, gb18030 }

    let kind: FileKind
    let encoding: Encoding
    let fileName: String
    let zone: ReportingZone
    /// The file's bytes, after the encoding was applied.
    let bytes: [UInt8]
    /// The content as UTF-8 text, for the encodings that must read as it does.
    let text: [UInt8]?

    static let zones = ["Asia/Shanghai", "UTC", "America/New_York", "Australia/Lord_Howe"].map { try! ReportingZone(identifier: $0) }

    init(_ input: [UInt8]) {
        let selector = Int(input.first ?? 0)
        let content = Array(input.dropFirst())
        kind = FileKind.allCases[(selector & 7) % FileKind.allCases.count]
        encoding = Encoding(rawValue: selector >> 3 & 3)!
        let prefix = selector & 32 == 0 ? kind.namePrefixes.first! : kind.namePrefixes.last!
        fileName = prefix + ".csv"
        zone = Self.zones[selector >> 6 & 3]
        let decoded = String(decoding: content, as: UTF8.self)
        switch encoding {
        case .asIs:
            bytes = content
            text = nil
        case .utf16LittleEndian:
            bytes = [0xFF, 0xFE] + decoded.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
            text = Array(decoded.utf8)
        case .utf16BigEndian:
            bytes = [0xFE, 0xFF] + decoded.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
            text = Array(decoded.utf8)
        case .gb18030:
            // Some GB18030 byte strings are also valid UTF-8, so the text is
            // not required to read the same.
            bytes = Self.gb18030(decoded)
            text = nil
        }
    }

    /// GB18030 bytes of `text`, a character at a time: Foundation's
    /// `String.data(using:)` stops the process ("didn't convert all
    /// characters") on some longer strings, never on one character.
    static func gb18030(_ text: String) -> [UInt8] {
        let encoding = String.Encoding(rawValue: 0x8000_0632)  // kCFStringEncodingGB_18030_2000
        var out: [UInt8] = []
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                out.append(UInt8(scalar.value))
            } else {
                out += String(scalar).data(using: encoding) ?? Data("?".utf8)
            }
        }
        return out
    }

    /// One accepted event, its dictionary indexes resolved.
    struct Event: Equatable {
        var member: String, instant: Int64, content: String
        var attributes: EventAttributes, featured: Bool
    }

    /// Everything a reading gave, batches joined.
    struct Reading: Equatable {
        var wholeFileReason: String?
        var records = 0
        var rejects: [RowReject] = []
        var members: [Member] = []
        var posts: [Post] = []
        var events: [Event] = []
        var calendar: [CalendarEntry] = []
        var leave: [LeaveEntry] = []
        /// Promises a batch broke on its own (counts, indexes, order).
        var problems: [String] = []

        var accepted: Int { members.count + posts.count + events.count + calendar.count + leave.count }
    }

    /// Reads `bytes` as `reach check` does, `batchRecords` records at most per batch.
    func read(_ bytes: [UInt8], batchRecords: Int = 200_000, dictionaries: EventDictionaries) -> Reading {
        var reading = Reading()
        func broken(_ what: String) { reading.problems.append("batch size \(batchRecords): \(what)") }
        do {
            let reader = try FileReader(bytes: bytes, name: fileName, zone: zone, batchRecords: batchRecords,
                                        dictionaries: dictionaries)
            if reader.kind != kind { broken("kind \(reader.kind), expected \(kind)") }
            try reader.forEachBatch { batch in
                let before = reading.accepted
                append(batch, to: &reading, broken: broken)
                if batch.records < 1 || batch.records > batchRecords { broken("a batch of \(batch.records) records") }
                if reading.accepted - before + batch.rejects.count + batch.absent != batch.records {
                    broken("\(batch.records) records but \(reading.accepted - before) accepted and \(batch.rejects.count) rejected")
                }
            }
        } catch let ReachError.fileRejected(file, reason) {
            if file != fileName { broken("whole-file reject names \(file)") }
            if reason.isEmpty { broken("whole-file reject without a reason") }
            if !reading.rejects.isEmpty || reading.records > 0 { broken("rejected whole after \(reading.records) records") }
            reading.wholeFileReason = reason
        } catch {
            broken("unexpected error \(error)")
        }
        for (a, b) in zip(reading.rejects, reading.rejects.dropFirst()) where a.line >= b.line {
            broken("reject lines out of order: \(a.line) then \(b.line)")
        }
        if let first = reading.rejects.first, first.line < 2 { broken("a reject at line \(first.line), above any data") }
        return reading
    }

    private func append(_ batch: ReadBatch, to reading: inout Reading, broken: (String) -> Void) {
        reading.records += batch.records
        reading.rejects += batch.rejects
        for reject in batch.rejects where reject.file != fileName || reject.reason.isEmpty {
            broken("reject \(reject) names another file or has no reason")
        }
        switch (batch.rows, kind) {
        case (.members(let members), .members):
            if members.contains(where: { $0.memberID.isEmpty || $0.name.isEmpty || $0.className.isEmpty || $0.branch.isEmpty }) {
                broken("a roster row with an empty required field")
            }
            reading.members += members
        case (.posts(let posts), .posts):
            if posts.contains(where: { $0.contentID.isEmpty || $0.title.isEmpty }) { broken("a post with an empty content_id or title") }
            reading.posts += posts
        case (.calendar(let entries), .calendar):
            if entries.contains(where: { $0.end < $0.start }) { broken("a calendar row ending before it starts") }
            reading.calendar += entries
        case (.leave(let entries), .leave):
            if entries.contains(where: { $0.end < $0.start || $0.memberID.isEmpty }) {
                broken("a leave ending before it starts, or without a member_id")
            }
            reading.leave += entries
        case (.events(let e), _) where e.kind.fileKind == kind:
            for row in e.rows {
                guard Int(row.member) < e.memberIDs.count, Int(row.content) < e.contentIDs.count,
                      Int(row.attributes) < e.attributes.count else {
                    broken("an event row indexes past its dictionaries: \(row)")
                    continue
                }
                let event = Event(member: e.memberIDs[Int(row.member)], instant: row.instant, content: e.contentIDs[Int(row.content)],
                                  attributes: e.attributes[Int(row.attributes)], featured: row.featured)
                if event.member.isEmpty { broken("an event with an empty member_id") }
                reading.events.append(event)
            }
        default:
            broken("rows of another kind than \(kind)")
        }
    }

    /// Every broken promise of reading this input; empty when all hold.
    /// Its readings share `dictionaries`, as the files of one `reach check`
    /// do: the later ones find the ids the first one learned.
    func problems(dictionaries: EventDictionaries = EventDictionaries()) -> [String] {
        let whole = read(bytes, dictionaries: dictionaries)
        var problems = whole.problems
        // Batches split a file anywhere between records: the result must not
        // depend on where. Small batches make many splits in a small input.
        let small = read(bytes, batchRecords: 1 + bytes.count % 3, dictionaries: dictionaries)
        problems += small.problems
        if small.withoutProblems != whole.withoutProblems {
            problems.append("batches of \(1 + bytes.count % 3) records read differently: \(whole.difference(from: small))")
        }
        // A UTF-16 file holds the same text as its UTF-8 twin, unless the text
        // itself starts with U+FEFF (the twin's BOM, but a character after a UTF-16 BOM).
        // In markup (an HTML table, Excel 2003 XML) a byte-order mark outranks
        // the character set the text declares (`<meta charset>`, `encoding=`):
        // the UTF-16 file's BOM says UTF-16 whatever the text says, so there
        // the twin says UTF-8 with a BOM of its own (as it must when the text
        // starts like a zip or OLE2 file, which no file with a BOM is).
        // Delimited text's twin has none: the reader must tell UTF-8 without
        // being told.
        if let text, !text.starts(with: [0xEF, 0xBB, 0xBF]) {
            let marked = SheetFormat.detect(Array(text.prefix(SheetFormat.prefixLength))) != .text
            let twin = read(marked ? [0xEF, 0xBB, 0xBF] + text : text, dictionaries: dictionaries)
            if twin.withoutProblems != whole.withoutProblems {
                problems.append("\(encoding) reads differently from UTF-8: \(twin.difference(from: whole))")
            }
        }
        return problems
    }
}

extension ReaderFuzzCase.Reading {
    var withoutProblems: Self {
        var r = self
        r.problems = []
        return r
    }

    /// The first thing that differs from `other`, for a failure message.
    func difference(from other: Self) -> String {
        if wholeFileReason != other.wholeFileReason { return "whole-file reject \(wholeFileReason ?? "none") vs \(other.wholeFileReason ?? "none")" }
        if records != other.records { return "\(records) vs \(other.records) records" }
        if rejects != other.rejects {
            let i = zip(rejects, other.rejects).enumerated().first { $1.0 != $1.1 }?.offset ?? min(rejects.count, other.rejects.count)
            return "reject \(i): \(i < rejects.count ? "\(rejects[i])" : "none") vs \(i < other.rejects.count ? "\(other.rejects[i])" : "none")"
        }
        if members != other.members { return "roster rows differ" }
        if posts != other.posts { return "posts differ" }
        return "events differ"
    }
}
