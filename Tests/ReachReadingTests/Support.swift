import Foundation
import ReachModel
import ReachTestSupport
@testable import ReachReading

let shanghai = ReportingZone.shanghai

/// Epoch seconds of a UTC wall time.
func utc(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0) -> Int64 {
    Int64(Day.daysFromCivil(y, mo, d)) * 86_400 + Int64(h * 3600 + mi * 60 + s)
}

/// Everything a reader gives for a file, batches joined.
struct ReadAll {
    var kind: FileKind
    var batches: [ReadBatch] = []
    var rejects: [RowReject] { batches.flatMap(\.rejects) }
    var records: Int { batches.reduce(0) { $0 + $1.records } }

    /// Event rows with their strings resolved.
    var events: [(member: String, instant: Int64, content: String, channel: String, target: String, featured: Bool)] {
        batches.flatMap { batch -> [(String, Int64, String, String, String, Bool)] in
            guard case .events(let e) = batch.rows else { return [] }
            return e.rows.map { r in
                (e.memberIDs[Int(r.member)], r.instant, e.contentIDs[Int(r.content)],
                 e.attributes[Int(r.attributes)].channel, e.attributes[Int(r.attributes)].target, r.featured)
            }
        }.map { (member: $0.0, instant: $0.1, content: $0.2, channel: $0.3, target: $0.4, featured: $0.5) }
    }

    var members: [Member] {
        batches.flatMap { if case .members(let m) = $0.rows { return m } else { return [] } }
    }

    var posts: [Post] {
        batches.flatMap { if case .posts(let p) = $0.rows { return p } else { return [] } }
    }
}

func read(_ bytes: [UInt8], name: String, kind: FileKind? = nil, zone: ReportingZone = shanghai,
          batchRecords: Int = 200_000, dictionaries: EventDictionaries = EventDictionaries()) throws -> ReadAll {
    let reader = try FileReader(bytes: bytes, name: name, kind: kind, zone: zone, batchRecords: batchRecords,
                                dictionaries: dictionaries)
    var all = ReadAll(kind: reader.kind)
    try reader.forEachBatch { all.batches.append($0) }
    return all
}

func read(_ text: String, name: String, kind: FileKind? = nil, zone: ReportingZone = shanghai,
          batchRecords: Int = 200_000, dictionaries: EventDictionaries = EventDictionaries()) throws -> ReadAll {
    try read(Array(text.utf8), name: name, kind: kind, zone: zone, batchRecords: batchRecords, dictionaries: dictionaries)
}

/// The whole-file reject reason a read throws, or `nil`.
func fileRejection(_ bytes: [UInt8], name: String, kind: FileKind? = nil) -> String? {
    rejectionReason(file: name) { _ = try read(bytes, name: name, kind: kind) }
}
