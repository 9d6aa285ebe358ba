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

    /// The days a row may be for: what a reader can produce (years 1 to 9999,
    /// give or take the zone). Others are damage; they would also overflow
    /// day arithmetic.
    static let days = Day(year: 1, month: 1, day: 1)! - 1 ... Day(year: 9999, month: 12, day: 31)! + 1

    /// The most events one row holds. No campus comes near (it is 5,000
    /// events a member a day for 50,000 members); the limit keeps a damaged
    /// `count` from asking for gigabytes where the column widths leave it
    /// open (every value the same).
    static let maxCount = 1 << 28

    /// Groups merged per parallel round, at most.
    static let roundSize = 32
    /// Events (stored and new) of the days merged in one round, at most,
    /// unless one day alone has more: each is held decoded (16 bytes), merged
    /// and encoded at once, so this bounds the merge's memory (about 400 MB)
    /// whatever the files — a month of a province's stored days, say, that
    /// a monthly export overlaps.
    static let roundEvents = 8_000_000

    /// Merges buffered groups into their rows; returns (accepted, duplicates).
    ///
    /// Per round: read the stored rows (serial, SQLite), sort and merge each
    /// day (parallel, pure), write the rows that gained events (serial).
    ///
    /// - Throws: ``DayRowFull`` when a day would hold more than
    ///   `eventsPerDay` events (``ReachModel/MemoryBudget/eventsPerDay``).
    static func merge(_ groups: [(id: Int64, runs: [ArraySlice<PackedEvent>])], into db: Database,
                      eventsPerDay: Int = MemoryBudget.standard.eventsPerDay, threads: Int) throws -> (Int, Int) {
        var accepted = 0, duplicates = 0
        var start = 0
        var limits: KeyLimits?
        while start < groups.count {
            let round = Array(groups[start ..< (try roundEnd(groups, from: start, db))])
            start += round.count
            let stored = try round.map { try storedRow(id: $0.id, db, limits: &limits) }
            let merged = parallelMap(round.count, threads: threads) { k in DayPack.merge(stored: stored[k] ?? [], adding: round[k].runs) }
            for (k, day) in merged.enumerated() {
                accepted += day.accepted
                duplicates += day.duplicates
                guard day.events.count <= min(eventsPerDay, maxCount) else {
                    throw DayRowFull(day: self.day(ofID: round[k].id), kind: kind(ofID: round[k].id), limit: min(eventsPerDay, maxCount))
                }
                if let blobs = day.blobs { try write(id: round[k].id, blobs, replacing: stored[k] != nil, db) }
            }
        }
        return (accepted, duplicates)
    }

    /// The end of the round that starts at group `start`: at most
    /// ``roundSize`` groups and ``roundEvents`` events, stored and new, but
    /// at least one group.
    private static func roundEnd(_ groups: [(id: Int64, runs: [ArraySlice<PackedEvent>])], from start: Int,
                                 _ db: Database) throws -> Int {
        var end = start, events = 0
        while end < groups.count && end - start < roundSize {
            events += try storedCount(id: groups[end].id, db) + groups[end].runs.reduce(0) { $0 + $1.count }
            if end > start && events > roundEvents { break }
            end += 1
        }
        return end
    }

    /// The `count` column of a stored row, 0 without one. It is checked
    /// when the row is read; here a damaged count is only kept within
    /// 0…``maxCount``, so that summing counts cannot overflow.
    private static func storedCount(id: Int64, _ db: Database) throws -> Int {
        let row = try db.cached("SELECT count FROM day_events WHERE id = ?")
        defer { row.reset() }
        try row.bind([id])
        return try row.step() ? Int(min(max(0, row.int64(0)), Int64(maxCount))) : 0
    }

    /// The stored events of one row, in stored order (empty when there is no
    /// row), every part checked (see ``DayRowHeader``). `limits` is read
    /// when first needed: most merges find no stored row.
    static func read(id: Int64, _ db: Database, limits: inout KeyLimits?) throws -> [PackedEvent] {
        try storedRow(id: id, db, limits: &limits) ?? []
    }

    /// The stored events of one row, as ``read(id:_:limits:)``; `nil` when
    /// there is no row.
    static func storedRow(id: Int64, _ db: Database, limits: inout KeyLimits?) throws -> [PackedEvent]? {
        let row = try db.cached("SELECT \(DayRowHeader.columns), members, contents, attributes, instants FROM day_events WHERE id = ?")
        defer { row.reset() }
        try row.bind([id])
        guard try row.step() else { return nil }
        let header = try DayRowHeader(row, path: db.path)
        let checked = try limits ?? KeyLimits.read(db)
        limits = checked
        return try header.checking { () throws(ColumnDamage) in
            try DayBlobs.events(members: StoredColumn(.members, row.blob(4), count: header.count),
                                contents: StoredColumn(.contents, row.blob(5), count: header.count),
                                attributes: StoredColumn(.attributes, row.blob(6), count: header.count),
                                offsets: StoredColumn(.instants, row.blob(7), count: header.count),
                                within: checked)
        }
    }

    /// Writes a row: a new one, or over the stored row of that id.
    ///
    /// A plain `INSERT` or `UPDATE` of one row, rather than `INSERT OR
    /// REPLACE`: a statement that may delete rows makes SQLite keep a
    /// statement journal (a temporary file taking a copy of every page the
    /// statement changes), which for a cold ingest was 60 MB written for
    /// nothing. The `UPDATE` leaves `kind` and `day` (and so the index on
    /// them) alone: they follow from the id.
    static func write(id: Int64, _ blobs: DayBlobs, replacing: Bool, _ db: Database) throws {
        let row = try db.cached(replacing ? """
            UPDATE day_events SET count = ?4, members = ?5, contents = ?6, attributes = ?7, instants = ?8 WHERE id = ?1
            """ : """
            INSERT INTO day_events(id, kind, day, count, members, contents, attributes, instants)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            """)
        defer { row.reset() }
        try row.bind([id, Int64(id & 3), Int64(id >> 2), blobs.count])
        // The blobs are bound in place (a day of check-ins is ~100 KB of
        // them) and the row written inside the scopes that keep them valid;
        // the reset clears the bindings before the scopes end.
        try blobs.members.withUnsafeBytes { members in
            try blobs.contents.withUnsafeBytes { contents in
                try blobs.attributes.withUnsafeBytes { attributes in
                    try blobs.offsets.withUnsafeBytes { offsets in
                        defer { row.reset() }
                        try row.bind(borrowedBlob: members, at: 5)
                        try row.bind(borrowedBlob: contents, at: 6)
                        try row.bind(borrowedBlob: attributes, at: 7)
                        try row.bind(borrowedBlob: offsets, at: 8)
                        while try row.step() {}
                    }
                }
            }
        }
    }
}

/// A day row would hold more events than the memory budget lets a day hold
/// (``ReachModel/MemoryBudget/eventsPerDay``): the file that adds them is
/// rejected whole.
struct DayRowFull: Error {
    let day: Day
    let kind: EventKind
    let limit: Int

    /// The file's reject reason: what passed which limit, and what to do.
    var reason: String {
        "with this file day \(day) would hold more than \(MemoryBudget.countText(limit)) \(kind) events, the most one day may hold so that adding to it stays within the memory budget (a province's busiest day holds about 870,000); check the file's times and member ids, or split the export"
    }
}

/// The identity and size of a stored `day_events` row, checked before any
/// of its blobs is read.
///
/// Every value read from the store is input: a disk error, a bad copy or a
/// hand edit can change any byte. A row passes when its id names a day
/// reach can store (``DayRows/days``) and a kind, its `day` and `kind`
/// columns agree with the id, and its `count` lies in 0…``DayRows/maxCount``;
/// each blob is then checked against the count (``StoredColumn``) and its
/// values against the dictionaries (``KeyLimits``). A row that fails stops
/// the command with ``StoreDamage``, never with a crash or wrong figures.
struct DayRowHeader {
    /// The columns ``init(_:path:)`` reads, first in a query.
    static let columns = "id, day, kind, count"

    let path: String
    let id: Int64
    let day: Day
    let kind: EventKind
    let count: Int

    /// Reads and checks columns 0–3 of the row `row` is on (``columns``).
    init(_ row: Statement, path: String) throws {
        self.path = path
        id = row.int64(0)
        (day, kind) = try Self.identity(ofID: id, path: path)
        let storedDay = row.int64(1), storedKind = row.int64(2), storedCount = row.int64(3)
        count = Int(clamping: storedCount)
        let name = Self.name(id, day, kind)
        func damaged(_ what: String) -> ReachError { StoreDamage.error(path, table: "day_events", row: name, what) }
        guard storedDay == Int64(day.index) else { throw damaged("its day column holds \(storedDay), not \(day.index) as its id says") }
        guard storedKind == Int64(kind.rawValue) else {
            throw damaged("its kind column holds \(storedKind), not \(kind.rawValue) as its id says")
        }
        guard storedCount >= 0 && storedCount <= Int64(DayRows.maxCount) else {
            throw damaged("its count column holds \(storedCount), outside 0 to \(DayRows.maxCount)")
        }
    }

    /// The day and kind a row id names, when it names a day reach can store
    /// (``DayRows/days``) and a kind.
    static func identity(ofID id: Int64, path: String) throws -> (Day, EventKind) {
        guard DayRows.days.contains(Day(index: Int32(clamping: id >> 2))), let kind = EventKind(rawValue: UInt8(id & 3)) else {
            throw StoreDamage.error(path, table: "day_events", row: "row id \(id)", "the id names no day and kind reach stores")
        }
        return (DayRows.day(ofID: id), kind)
    }

    /// Runs `body`, which reads the row's columns, turning a damaged column
    /// into the error that names the store, the row and what to do.
    func checking<T>(_ body: () throws(ColumnDamage) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw damaged(error)
        }
    }

    func damaged(_ column: ColumnDamage) -> ReachError {
        StoreDamage.error(path, table: "day_events", row: Self.name(id, day, kind), column.reason)
    }

    /// `row id N (day D, kind K)`.
    private static func name(_ id: Int64, _ day: Day, _ kind: EventKind) -> String {
        "row id \(id) (day \(day), kind \(kind))"
    }
}

/// The error for a store holding a value reach never writes: the file was
/// damaged (a disk or copy error, a hand edit). It names the store, the
/// table, the row and what is wrong, and says how to recover; it is
/// ``ReachModel/ReachError/cannotRun(_:)`` (exit status 2).
enum StoreDamage {
    static func error(_ path: String, table: String, row: String?, _ what: String) -> ReachError {
        let place = row.map { "table \(table), \($0)" } ?? "table \(table)"
        return .cannotRun("\(path): the store is damaged: \(place): \(what); restore the store from a backup, or ingest the archive again into a new store (--store NEW.sqlite)")
    }
}

extension Store {
    /// Runs `body` in one read transaction, so that all it reads comes from
    /// one state of the store: a report running while an ingest commits
    /// must not read day rows that refer to dictionary keys added after it
    /// read the dictionaries. Inside an open transaction (an ingest's),
    /// `body` simply runs in it.
    func snapshot<T>(_ body: () throws -> T) throws -> T {
        guard !db.isInTransaction else { return try body() }
        try db.execute("BEGIN")
        do {
            let value = try body()
            try db.execute("COMMIT")
            return value
        } catch {
            db.rollback()
            throw error
        }
    }
}
