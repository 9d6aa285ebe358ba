import CSQLite
import Foundation
import ReachModel

/// The persistent SQLite store behind `reach ingest`, `report`, `export` and
/// `status`.
///
/// It keeps the ledger of ingested files, the current roster and posts, the
/// rejected rows, and every distinct event (SPEC 1.5) packed one row per
/// (kind, local day); see docs/store.md for the layout. Each input file is
/// stored in one transaction (``beginFile(name:kind:fingerprint:)`` …
/// ``FileIngest/commit(notes:)``), so a killed run leaves every file whole or absent.
///
/// Errors a user can cause (not a store, a newer store, locked by another
/// run, disk full) are thrown as ``ReachModel/ReachError/cannotRun(_:)``
/// naming the store file.
public final class Store {
    /// The store file.
    public let path: String
    /// The packing zone: the zone whose local days the event rows follow,
    /// fixed when the store was created.
    public let zone: ReportingZone

    let db: Database
    /// Loaded on the first ingest; dropped after a rollback.
    var dictionaries: Dictionaries?
    /// `PRAGMA data_version` when ``dictionaries`` was loaded.
    var dictionariesVersion: Int64?
    /// Whether a ``FileIngest`` is open (one at a time).
    var ingestOpen = false
    /// The limits that keep an ingest within its memory budget: the ids a
    /// file, and the files stored through this object together, may add,
    /// and the events one day may hold (tests make them small).
    public var budget = MemoryBudget.standard
    /// The most threads this store's work is spread over — merging an
    /// ingest's days, decoding a report's days (`--threads`).
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// The new ids the files committed through this object have added.
    var ingestGrowth = IDGrowth()
    /// Checkpoints the log in the background while files are ingested;
    /// started by the first ``beginFile(name:kind:fingerprint:)``.
    private(set) var checkpointer: Checkpointer?
    /// Log pages that wake the checkpointer (tests make it small).
    var checkpointThreshold = Checkpointer.threshold

    /// How a command uses the store.
    public enum Access: Sendable {
        /// Ingest and run: read and write; a missing or empty file becomes a
        /// new store, an older store is upgraded.
        case readWrite
        /// Report, status, export: only read. Works on a store the user
        /// cannot write (a read-only mount, another user's 0444 file); the
        /// file must already be a reach store.
        case readOnly
    }

    /// Opens the store at `path`. With ``Access/readWrite`` it is created when
    /// missing (its folder must exist) and a new store records `zone` as its
    /// packing zone; an existing one keeps its own (see ``zone``).
    public init(path: String, zone: ReportingZone, access: Access = .readWrite) throws {
        self.path = path
        let db: Database, zoneID: String
        switch access {
        case .readWrite:
            do {
                db = try Database(path: path)
            } catch let error as SQLiteError {
                throw ReachError.cannotRun("\(path): cannot open the store (\(error.message)); check that the folder exists and is writable")
            }
            zoneID = try Store.guarded(path) {
                try db.execute("PRAGMA busy_timeout = 200")
                let id = try Schema.prepare(db, zone: zone)
                try db.execute("PRAGMA journal_mode = WAL")
                try db.execute("PRAGMA synchronous = NORMAL")
                return id
            }
        case .readOnly:
            (db, zoneID) = try Store.openForReading(path)
        }
        try Store.guarded(path) {
            try db.execute("PRAGMA cache_size = -65536")
            try db.execute("PRAGMA mmap_size = 1073741824")
        }
        self.db = db
        do {
            self.zone = zoneID == zone.identifier ? zone : try ReportingZone(identifier: zoneID)
        } catch {
            throw ReachError.cannotRun("\(path): the store packs days in time zone '\(zoneID)', which this system does not know; run reach where that zone is installed")
        }
    }

    deinit {
        checkpointer?.stop()  // before the writer's connection closes
    }

    /// A read-only connection to the store at `path` and its packing zone.
    ///
    /// A WAL store is read through its `-shm` file, which SQLite creates
    /// beside the store when missing; where it cannot (a read-only mount),
    /// the store is opened immutable — nobody can be writing it there. A
    /// store of an older version is upgraded first when the file can be
    /// written, since reading code expects the current tables.
    static func openForReading(_ path: String) throws -> (Database, String) {
        var upgraded = false
        var mode = Database.Mode.readOnly
        while true {
            do {
                let db = try Database(path: path, mode: mode)
                try db.execute("PRAGMA busy_timeout = 200")
                switch try Schema.inspect(db) {
                case .current(let zoneID):
                    return (db, zoneID)
                case .older(let version) where !upgraded:
                    do {
                        _ = try Store(path: path, zone: .shanghai, access: .readWrite)  // upgrades; keeps its zone
                    } catch {
                        throw ReachError.cannotRun("\(path): the store was written by an older reach (store version \(version)) and cannot be upgraded here (\(error)); run `reach run` or `reach ingest` once where the store is writable")
                    }
                    upgraded = true
                case .older(let version):
                    throw ReachError.cannotRun("\(path): the store stays at version \(version) after an upgrade; give --store a new path and ingest the archive again")
                }
            } catch let error as SQLiteError where mode == .readOnly && error.cannotOpenSharedMemory {
                mode = .immutable
            } catch let error as SQLiteError {
                throw reachError(error, path: path)
            }
        }
    }

    // MARK: Ledger

    /// Whether a file with these bytes was ingested before (SPEC 6.4: then it is skipped).
    public func hasIngested(fingerprint: String) throws -> Bool {
        try guarded {
            try db.integer("SELECT 1 FROM files WHERE fingerprint = ? AND status = 'ingested' LIMIT 1", fingerprint) != nil
        }
    }

    /// The fingerprints of every file ingested so far: what
    /// ``hasIngested(fingerprint:)`` answers for all of them at once, for a
    /// reader that decides ahead of the store which files to read.
    public func ingestedFingerprints() throws -> Set<String> {
        try guarded {
            try db.query("SELECT fingerprint FROM files WHERE status = 'ingested' AND fingerprint IS NOT NULL") { rows in
                var found = Set<String>()
                while try rows.step() { found.insert(rows.text(0)) }
                return found
            }
        }
    }

    /// Starts storing one file: opens its transaction. Hand the file's batches
    /// to ``FileIngest/add(_:)``, then ``FileIngest/commit(notes:)`` (or
    /// ``FileIngest/rollback()``). Only one file may be open at a time.
    ///
    /// - Parameter fingerprint: identifies the file's bytes (e.g. 32 hex digits
    ///   of a hash); ``hasIngested(fingerprint:)`` asks for it later.
    public func beginFile(name: String, kind: FileKind, fingerprint: String) throws -> FileIngest {
        precondition(!ingestOpen, "Store.beginFile while another file is open")
        if checkpointer == nil { checkpointer = Checkpointer(path: path, writer: db, threshold: checkpointThreshold) }
        return try guarded {
            try db.execute("BEGIN IMMEDIATE")
            do {
                try db.run("""
                    INSERT INTO files(fingerprint, name, kind, status, rows, accepted, duplicates, rejected, reason, ingested_at)
                    VALUES (?, ?, ?, 'ingested', 0, 0, 0, 0, '', ?)
                    """, fingerprint, name, kind.rawValue, Int64(Date().timeIntervalSince1970))
                let ingestID = db.lastInsertRowID
                // Another connection may have committed since the dictionaries
                // were loaded (data_version changes only for others' commits).
                let version = try db.integer("PRAGMA data_version")
                if dictionaries == nil || version != dictionariesVersion {
                    dictionaries = try Dictionaries(db)
                    dictionariesVersion = version
                }
                ingestOpen = true
                return FileIngest(store: self, ingestID: ingestID, name: name, kind: kind)
            } catch {
                db.rollback()
                dictionaries = nil
                throw error
            }
        }
    }

    /// Records a file that stores nothing: `skipped` (bytes seen before) or
    /// `rejected` as a whole (SPEC 1.6), with its reason and zero counts.
    public func record(_ outcome: FileOutcome, fingerprint: String?) throws {
        precondition(!ingestOpen, "Store.record while a file is open")
        try guarded {
            try db.transaction {
                try insertLedgerRow(outcome, fingerprint: fingerprint)
            }
        }
    }

    func insertLedgerRow(_ outcome: FileOutcome, fingerprint: String?) throws {
        try db.run("""
            INSERT INTO files(fingerprint, name, kind, status, rows, accepted, duplicates, rejected, absent, reason,
                              ingested_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, fingerprint, outcome.file, outcome.kind, outcome.status.rawValue, outcome.rows, outcome.accepted,
            outcome.duplicates, outcome.rejected, outcome.absent, outcome.reason, Int64(Date().timeIntervalSince1970))
    }

    /// Every file handed to the store, in ingest order (quality.csv). For an
    /// ingested file, `reason` holds its notes (often empty).
    ///
    /// The counts are checked to be counts (0 … 2³¹ − 1): a damaged one
    /// stops the command with the *store is damaged* error naming the
    /// column, rather than a report summing it past the integer range.
    public func outcomes() throws -> [FileOutcome] {
        try guarded {
            let rows = try db.cached("""
                SELECT name, kind, status, rows, accepted, duplicates, rejected, reason, absent FROM files ORDER BY ingest_id
                """)
            defer { rows.reset() }
            var result: [FileOutcome] = []
            while try rows.step() {
                result.append(FileOutcome(
                    file: rows.text(0), kind: rows.text(1), status: FileOutcome.Status(rawValue: rows.text(2)) ?? .ingested,
                    rows: try rows.count(3), accepted: try rows.count(4), duplicates: try rows.count(5),
                    rejected: try rows.count(6), reason: rows.text(7), absent: try rows.count(8)))
            }
            return result
        }
    }

    /// Every rejected row (rejects.csv): sorted by file name (code points),
    /// then sheet (a delimited file's rows, without one, first; then sheet
    /// names by code point), then line number, then ingest order.
    public func rejects() throws -> [RowReject] {
        var result: [RowReject] = []
        try forEachReject { result.append($0); return true }
        return result
    }

    /// Hands `body` the rejected rows one at a time, in ``rejects()``'s
    /// order, until it returns `false`: rejects.csv can then be written, and
    /// the workbook's first rows taken, without holding millions of rows
    /// (a report that holds them all needs about 400 bytes a row). `body`
    /// must not use the store.
    public func forEachReject(_ body: (RowReject) throws -> Bool) throws {
        try guarded {
            let rows = try db.cached("""
                SELECT file, line, reason, raw, sheet FROM rejects ORDER BY file, sheet, line, ingest_id, rowid
                """)
            defer { rows.reset() }
            while try rows.step() {
                let reject = RowReject(file: rows.text(0), line: try rows.count(1), reason: rows.text(2), raw: rows.text(3),
                                       sheet: rows.isNull(4) ? nil : rows.text(4))
                if try !body(reject) { return }
            }
        }
    }

    // MARK: Roster

    /// The current roster, sorted by member_id (code points).
    public func roster() throws -> [Member] {
        try guarded { try rosterRows().map(\.member) }
    }

    /// The roster with each member's key, sorted by member_id (SQLite's BINARY
    /// collation compares UTF-8 bytes: code point order).
    func rosterRows() throws -> [(key: UInt32, member: Member)] {
        let rows = try db.cached("""
            SELECT r.member_key, m.member_id, r.name, r.class_name, r.branch, r.college, r.status, r.counsellor,
                   r.joined, r.left_on
            FROM roster r JOIN member_ids m ON m.key = r.member_key
            ORDER BY m.member_id
            """)
        defer { rows.reset() }
        var result: [(key: UInt32, member: Member)] = []
        while try rows.step() {
            let member = Member(
                memberID: rows.text(1), name: rows.text(2), className: rows.text(3), branch: rows.text(4),
                college: rows.text(5), status: rows.text(6), counsellor: rows.text(7),
                joined: try rows.optionalDay(8), left: try rows.optionalDay(9))
            result.append((try rows.key(0), member))
        }
        return result
    }

    /// The roster's fixed member-id width: the common length when every
    /// member id on the roster is all ASCII digits (`0`–`9`) and all have the
    /// same length; `nil` when the roster is empty or any id differs.
    ///
    /// A reader of spreadsheets uses it to give back the leading zero that a
    /// member id stored as a number lost (`123` for `0123`).
    public func rosterIDWidth() throws -> Int? {
        try guarded {
            try db.query("SELECT m.member_id FROM roster r JOIN member_ids m ON m.key = r.member_key") { rows in
                var width: Int?
                while try rows.step() {
                    let id = rows.text(0).utf8
                    guard !id.isEmpty, id.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
                    if let width, width != id.count { return nil }
                    width = id.count
                }
                return width
            }
        }
    }

    // MARK: Runs and status

    /// Whether the store holds anything to report on: a roster or events.
    public func holdsData() throws -> Bool {
        try guarded {
            try db.integer("SELECT EXISTS(SELECT 1 FROM roster) OR EXISTS(SELECT 1 FROM day_events WHERE count > 0)") == 1
        }
    }

    /// Marks the start of a nightly run and returns the files that an
    /// earlier run rejected whole but did not live to report: a run that was
    /// killed after rejecting a file must not let the next run exit 0 (SPEC
    /// 5), or monitoring never hears of that file.
    ///
    /// The mark (the ledger position where the run began) stays until
    /// ``recordRun(startedAt:finishedAt:asOf:exitCode:summary:)`` ends the
    /// run; a mark left by a killed run is kept, so the files of every
    /// unfinished run since the last finished one are returned.
    public func beginRun() throws -> [FileOutcome] {
        try guarded {
            try db.transaction {
                let open = try db.query("SELECT value FROM meta WHERE key = 'open_run'") { s in
                    try s.step() ? Int64(s.text(0)) : nil
                }
                let mark: Int64
                if let open {
                    mark = open
                } else {
                    mark = try db.integer("SELECT coalesce(max(ingest_id), 0) FROM files") ?? 0
                    try db.run("INSERT OR REPLACE INTO meta(key, value) VALUES ('open_run', ?)", String(mark))
                }
                return try db.query(
                    "SELECT name, kind, reason FROM files WHERE status = 'rejected' AND ingest_id > ? ORDER BY ingest_id",
                    [mark]
                ) { rows in
                    var unreported: [FileOutcome] = []
                    while try rows.step() {
                        unreported.append(FileOutcome(file: rows.text(0), kind: rows.text(1), status: .rejected,
                                                      reason: rows.text(2)))
                    }
                    return unreported
                }
            }
        }
    }

    /// Records one finished run, for `reach status`, and ends the run that
    /// ``beginRun()`` marked.
    public func recordRun(startedAt: Date, finishedAt: Date, asOf: Day?, exitCode: Int32, summary: String) throws {
        try guarded {
            try db.transaction {
                try db.run("INSERT INTO runs(started_at, finished_at, as_of, exit_code, summary) VALUES (?, ?, ?, ?, ?)",
                           Int64(startedAt.timeIntervalSince1970), Int64(finishedAt.timeIntervalSince1970),
                           asOf?.index, exitCode, summary)
                try db.run("DELETE FROM meta WHERE key = 'open_run'")
            }
        }
    }

    /// The latest recorded run, if any.
    public func lastRun() throws -> RunRecord? {
        try guarded {
            let rows = try db.cached(
                "SELECT started_at, finished_at, as_of, exit_code, summary FROM runs ORDER BY run_id DESC LIMIT 1")
            defer { rows.reset() }
            guard try rows.step() else { return nil }
            return RunRecord(startedAt: Date(timeIntervalSince1970: TimeInterval(rows.int64(0))),
                             finishedAt: Date(timeIntervalSince1970: TimeInterval(rows.int64(1))),
                             asOf: try rows.optionalDay(2), exitCode: try rows.int32(3), summary: rows.text(4))
        }
    }

    /// Counts for `reach status`.
    public func status() throws -> StoreStatus {
        let run = try lastRun()
        return try guarded {
            var events: [EventKind: Int] = [.checkin: 0, .share: 0, .comment: 0]
            var first: Day?, last: Day?
            let kinds = try db.cached(
                "SELECT kind, sum(count), min(day), max(day) FROM day_events WHERE count > 0 GROUP BY kind")
            defer { kinds.reset() }
            while try kinds.step() {
                guard let kind = EventKind(rawValue: UInt8(truncatingIfNeeded: try kinds.int32(0, in: 0 ... 255))) else { continue }
                events[kind] = kinds.int(1)
                guard let lo = try kinds.optionalDay(2), let hi = try kinds.optionalDay(3) else { continue }
                first = first.map { min($0, lo) } ?? lo
                last = last.map { max($0, hi) } ?? hi
            }
            var files: [String: Int] = [:]
            let statuses = try db.cached("SELECT status, count(*) FROM files GROUP BY status")
            defer { statuses.reset() }
            while try statuses.step() { files[statuses.text(0)] = statuses.int(1) }
            var status = StoreStatus(
                zone: zone.identifier,
                members: Int(try db.integer("SELECT count(*) FROM roster") ?? 0),
                posts: Int(try db.integer("SELECT count(*) FROM posts") ?? 0),
                events: events, firstEventDay: first, lastEventDay: last,
                filesIngested: files["ingested"] ?? 0, filesSkipped: files["skipped"] ?? 0,
                filesRejected: files["rejected"] ?? 0, lastRun: run)
            status.calendarRows = Int(try db.integer("SELECT count(*) FROM calendar") ?? 0)
            status.leaveRows = Int(try db.integer("SELECT count(*) FROM leave") ?? 0)
            if let registry = try registry() {
                status.registryGroups = registry.count
                status.closedGroups = registry.count(where: \.isClosed)
            }
            return status
        }
    }

    // MARK: Errors

    /// Runs `body`, turning SQLite failures into errors that name the store
    /// and say what to do.
    func guarded<T>(_ body: () throws -> T) throws -> T {
        try Store.guarded(path, body)
    }

    static func guarded<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SQLiteError {
            throw reachError(error, path: path)
        }
    }

    static func reachError(_ error: SQLiteError, path: String) -> ReachError {
        if error.isBusy {
            return .cannotRun("\(path): the store is locked by another reach run; wait for it to finish and run again")
        }
        switch error.primaryCode {
        case SQLITE_NOTADB, SQLITE_CORRUPT:
            return .cannotRun("\(path): the store is damaged or not a reach store (\(error.message)); restore it from a backup or give --store a new path and ingest the archive again")
        case SQLITE_FULL:
            return .cannotRun("\(path): the disk is full; free some space and run again")
        case SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM:
            return .cannotRun("\(path): the store cannot be written (\(error.message)); check the file's and folder's permissions")
        case SQLITE_IOERR:
            return .cannotRun("\(path): reading or writing the store failed (\(error)); check the disk (free space, errors in the system log) and run again")
        case _ where error.isCausedByInput:
            return .cannotRun("\(path): the store refused a value (\(error)); nothing was changed. Report this with the input files of this run")
        default:
            return .cannotRun("\(path): store error: \(error); run again, and report it if it persists")
        }
    }
}
