import Dispatch
import ReachModel

/// Reading and writing the packed `day_events` rows.
enum DayRows {
    /// The row id of (kind, day): `day · 4 + kind`, so one kind's days are a
    /// rowid range apart and all kinds of one day sit together.
    @inline(__always) static func id(kind: EventKind, day: Day) -> Int64 {
        Int64(day.index) * 4 + Int64(kind.rawValue)
    }

    static func day(ofID id: Int64) -> Day { Day(index: Int32(id >> 2)) }  // arithmetic shift: floor

    static func kind(ofID id: Int64) -> EventKind { EventKind(rawValue: UInt8(id & 3))! }

    /// Groups merged per parallel round: bounds the memory held at once.
    static let roundSize = 32

    /// Merges buffered groups into their rows; returns (accepted, duplicates).
    ///
    /// Per round: read the stored rows (serial, SQLite), sort and merge each
    /// day (parallel, pure), write the rows that gained events (serial).
    static func merge(_ groups: [(id: Int64, events: [PackedEvent])], into db: Database) throws -> (Int, Int) {
        var accepted = 0, duplicates = 0
        var start = 0
        while start < groups.count {
            let round = Array(groups[start..<min(groups.count, start + roundSize)])
            start += round.count
            let stored = try round.map { try read(id: $0.id, db) }
            let merged = parallelMap(round.count) { k in DayPack.merge(stored: stored[k], adding: round[k].events) }
            for (k, day) in merged.enumerated() {
                accepted += day.accepted
                duplicates += day.duplicates
                if let blobs = day.blobs { try write(id: round[k].id, blobs, db) }
            }
        }
        return (accepted, duplicates)
    }

    /// The stored events of one row, in stored order (empty when there is no row).
    static func read(id: Int64, _ db: Database) throws -> [PackedEvent] {
        let row = try db.cached("SELECT count, members, contents, attributes, instants FROM day_events WHERE id = ?")
        defer { row.reset() }
        try row.bind([id])
        guard try row.step() else { return [] }
        return DayBlobs.events(count: row.int(0), members: row.blob(1), contents: row.blob(2),
                               attributes: row.blob(3), offsets: row.blob(4))
    }

    static func write(id: Int64, _ blobs: DayBlobs, _ db: Database) throws {
        let row = try db.cached("""
            INSERT OR REPLACE INTO day_events(id, kind, day, count, members, contents, attributes, instants)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        defer { row.reset() }
        try row.bind([id, Int64(id & 3), Int64(id >> 2), blobs.count])
        try blobs.members.withUnsafeBytes { try row.bind(blob: $0, at: 5) }
        try blobs.contents.withUnsafeBytes { try row.bind(blob: $0, at: 6) }
        try blobs.attributes.withUnsafeBytes { try row.bind(blob: $0, at: 7) }
        try blobs.offsets.withUnsafeBytes { try row.bind(blob: $0, at: 8) }
        while try row.step() {}
    }
}

/// `(0..<count).map(transform)`, spread over the machine's cores.
func parallelMap<T>(_ count: Int, _ transform: (Int) -> T) -> [T] {
    if count <= 1 { return (0..<count).map(transform) }
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        let base = UnsafeMutableSendablePointer(buffer.baseAddress!)
        withoutActuallyEscaping(transform) { transform in
            let work = UncheckedSendable(transform)
            DispatchQueue.concurrentPerform(iterations: count) { k in
                (base.pointer + k).initialize(to: work.value(k))
            }
        }
        initialized = count
    }
}

/// A pointer handed to parallel workers that write disjoint elements.
struct UnsafeMutableSendablePointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}

/// A value shared read-only with parallel workers.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
