import Foundation
import ReachModel
@testable import ReachStore

let shanghai = ReportingZone.shanghai
let utc = try! ReportingZone(identifier: "UTC")

func day(_ text: String) -> Day { Day(iso: text)! }

/// Epoch seconds of local wall time `HH:MM:SS` on `date` in `zone`.
func at(_ date: String, _ time: String, _ zone: ReportingZone = shanghai) -> Int64 {
    let p = time.split(separator: ":").map { Int($0)! }
    return zone.instant(day: day(date), secondOfDay: p[0] * 3600 + p[1] * 60 + (p.count > 2 ? p[2] : 0))
}

/// An event as tests write it: strings, not dictionary keys.
struct E {
    var member: String
    var instant: Int64
    var content: String = ""
    var channel: String = ""
    var target: String = ""
    var featured = false
}

/// Dictionary-encodes events into one batch, as a reader would.
func eventBatch(_ kind: EventKind, _ events: [E], rejects: [RowReject] = []) -> ReadBatch {
    var batch = EventBatch(kind: kind)
    var members: [String: UInt32] = [:], contents: [String: UInt32] = ["": 0]
    var attributes: [EventAttributes: UInt32] = [.none: 0]
    for e in events {
        let m = members[e.member] ?? { let k = UInt32(batch.memberIDs.count); batch.memberIDs.append(e.member); members[e.member] = k; return k }()
        let c = contents[e.content] ?? { let k = UInt32(batch.contentIDs.count); batch.contentIDs.append(e.content); contents[e.content] = k; return k }()
        let value = EventAttributes(channel: e.channel, target: e.target)
        let a = attributes[value] ?? { let k = UInt32(batch.attributes.count); batch.attributes.append(value); attributes[value] = k; return k }()
        batch.rows.append(EventRow(member: m, instant: e.instant, content: c, attributes: a, featured: e.featured))
    }
    return ReadBatch(rows: .events(batch), rejects: rejects, records: events.count + rejects.count)
}

func rosterBatch(_ members: [Member], rejects: [RowReject] = []) -> ReadBatch {
    ReadBatch(rows: .members(members), rejects: rejects, records: members.count + rejects.count)
}

func member(_ id: String, _ name: String = "N", className: String = "C1", branch: String = "B1",
            college: String = "", joined: Day? = nil, left: Day? = nil) -> Member {
    Member(memberID: id, name: name, className: className, branch: branch, college: college, joined: joined, left: left)
}

extension Store {
    /// Stores one file made of `batches` and returns its outcome.
    @discardableResult
    func ingest(_ name: String, _ kind: FileKind, _ batches: [ReadBatch], fingerprint: String? = nil,
                flushLimit: Int? = nil, notes: [String] = []) throws -> FileOutcome {
        let file = try beginFile(name: name, kind: kind, fingerprint: fingerprint ?? UUID().uuidString)
        if let flushLimit { file.flushLimit = flushLimit }
        for batch in batches { try file.add(batch) }
        return try file.commit(notes: notes)
    }

    /// Every stored event, in export order, in the packing zone.
    func allEvents() throws -> [ExportedEvent] {
        var events: [ExportedEvent] = []
        try exportEvents(from: nil, to: nil, kind: nil, zone: zone) { events.append($0) }
        return events
    }
}

/// Writes at `path` a store as schema `version` left it, for the upgrade
/// tests: the first `version` migrations, the marks that make it reach's
/// (application id, zone, `user_version`), one member `s1` (张三 of 一班,
/// 一支部), and then `rows`, SQL that fills that version's tables.
func writeOldStore(version: Int, at path: String, rows: String) throws {
    let db = try Database(path: path)
    try db.execute("PRAGMA page_size = 16384")
    for migration in Schema.migrations.prefix(version) { try db.execute(migration) }
    try db.execute("""
        INSERT INTO meta(key, value) VALUES ('application', 'reach'), ('zone', 'Asia/Shanghai');
        PRAGMA application_id = \(Schema.applicationID);
        PRAGMA user_version = \(version);
        INSERT INTO member_ids(key, member_id) VALUES (1, 's1');
        INSERT INTO roster VALUES (1, '张三', '一班', '一支部', '', '', '', NULL, NULL, 1);
        """ + rows)
}
