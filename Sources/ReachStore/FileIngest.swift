import CSQLite
import Foundation
import ReachModel

/// One input file being stored, inside one transaction.
///
/// Created by ``Store/beginFile(name:kind:fingerprint:)``, which opens the
/// transaction; nothing is committed until ``commit(notes:)``. Events are buffered
/// per (kind, day) and merged into the packed day rows when the buffer grows
/// past a limit and at ``commit(notes:)`` — both inside the same transaction, so a
/// kill at any moment leaves the whole file stored or none of it.
public final class FileIngest {
    let store: Store
    let ingestID: Int64
    let name: String
    let kind: FileKind

    private var buffers = EventBuffers()
    private var dayFinder: DayFinder
    private var accepted = 0
    private var duplicates = 0
    private var rejected = 0
    private var absent = 0
    private var records = 0
    /// Member ids given back their leading zero, with the first example.
    private var restoredIDs = 0
    private var restoredExample: String?
    private var isOpen = true
    /// The rows of a posts file that carried reads (contract v4), for its quality note.
    var readsTally = ReadsTally()
    /// Earliest and latest instant of a checkins file's valid rows: its
    /// check-ins (accepted or duplicate) and its absent rows' days.
    private var span: (first: Int64, last: Int64)?

    /// Buffered events that trigger a merge into the day rows (bounds memory
    /// for huge files: 16 bytes per buffered event).
    var flushLimit = 4_000_000

    init(store: Store, ingestID: Int64, name: String, kind: FileKind) {
        self.store = store
        self.ingestID = ingestID
        self.name = name
        self.kind = kind
        self.dayFinder = DayFinder(zone: store.zone)
        store.dictionaries?.beginFile(budget: store.budget, ingestBefore: store.ingestGrowth)
        firstNewMember = store.dictionaries?.nextMember ?? 1
    }

    deinit {
        if isOpen { rollback() }
    }

    /// Stores one batch of the file: its accepted rows and its rejected rows.
    public func add(_ batch: ReadBatch) throws {
        precondition(isOpen, "FileIngest.add after commit or rollback")
        try guardedFile {
            do {
                try addRows(batch)
            } catch {
                rollback()
                throw error
            }
        }
    }

    private func addRows(_ batch: ReadBatch) throws {
        records += batch.records
        absent += batch.absent
        if let days = batch.absentDays { widenSpan(absentDays: days) }
        restoredIDs += batch.restoredIDs
        if restoredExample == nil { restoredExample = batch.restoredExample }
        switch batch.rows {
        case .members(let members): try addMembers(members)
        case .posts(let posts): try addPosts(posts)
        case .calendar(let entries): try addCalendar(entries)
        case .leave(let entries): try addLeave(entries)
        case .events(let events): try addEvents(events)
        case .groups(let groups):
            try addGroups(groups)
            accepted += groups.count
        case .titleReads(let rows):
            try addTitleReads(rows)
            accepted += rows.count
        }
        for reject in batch.rejects {
            try store.db.run("INSERT INTO rejects(ingest_id, file, line, reason, raw, sheet) VALUES (?, ?, ?, ?, ?, ?)",
                             ingestID, reject.file, reject.line, reject.reason, reject.raw, reject.sheet)
        }
        rejected += batch.rejects.count
        if rejected > store.budget.rejectsPerFile {
            throw ReachError.fileRejected(file: name, reason: store.budget.rejectLimitReason(rejected: rejected))
        }
    }

    /// Members this file wrote: a later row of theirs is always written
    /// (it replaces this file's earlier one, whatever the stored row was).
    private var writtenMembers = Set<UInt32>()
    /// Member keys from here on were made by this file: no roster row of
    /// theirs is stored.
    private let firstNewMember: UInt32

    /// Roster rows replace the member's whole row (SPEC 6.5). A row that
    /// equals the stored one is not rewritten (a nightly full roster export
    /// then costs a lookup per member, not a write); the stored row is looked
    /// up by its key, so that memory does not grow with the stored roster.
    private func addMembers(_ members: [Member]) throws {
        let db = store.db, dictionaries = store.dictionaries!
        let insert = try db.cached("""
            INSERT OR REPLACE INTO roster(member_key, name, class_name, branch, college, status, counsellor, joined,
                                          left_on, ingest_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for member in members {
            let key = try dictionaries.memberKey(member.memberID, db)
            if key < firstNewMember, !writtenMembers.contains(key), try storedMember(key, id: member.memberID) == member {
                continue
            }
            writtenMembers.insert(key)
            try insert.bind(Int64(key), at: 1)
            try insert.bind(member.name, at: 2)
            try insert.bind(member.className, at: 3)
            try insert.bind(member.branch, at: 4)
            try insert.bind(member.college, at: 5)
            try insert.bind(member.status, at: 6)
            try insert.bind(member.counsellor, at: 7)
            try insert.bind(member.joined.map { Int64($0.index) }, at: 8)
            try insert.bind(member.left.map { Int64($0.index) }, at: 9)
            try insert.bind(ingestID, at: 10)
            try insert.execute()
        }
        accepted += members.count
    }

    /// The stored roster row of member `key` (whose id is `id`), if any.
    private func storedMember(_ key: UInt32, id: String) throws -> Member? {
        let row = try store.db.cached("""
            SELECT name, class_name, branch, college, status, counsellor, joined, left_on FROM roster WHERE member_key = ?
            """)
        defer { row.reset() }
        try row.bind([Int64(key)])
        guard try row.step() else { return nil }
        return Member(memberID: id, name: row.text(0), className: row.text(1), branch: row.text(2), college: row.text(3),
                      status: row.text(4), counsellor: row.text(5), joined: try row.optionalDay(6),
                      left: try row.optionalDay(7))
    }

    /// A later row for a content_id replaces the earlier one (SPEC 6.6).
    private func addPosts(_ posts: [Post]) throws {
        let insert = try store.db.cached("""
            INSERT OR REPLACE INTO posts(content_id, title, published_at, branch, ingest_id) VALUES (?, ?, ?, ?, ?)
            """)
        for post in posts {
            try insert.bind(post.contentID, at: 1)
            try insert.bind(post.title, at: 2)
            try insert.bind(post.publishedAt, at: 3)
            try insert.bind(post.branch, at: 4)
            try insert.bind(ingestID, at: 5)
            try insert.execute()
        }
        try addReads(of: posts)
        accepted += posts.count
    }

    /// Calendar rows; a repeat of a stored identity is a duplicate (SPEC 1.5).
    private func addCalendar(_ entries: [CalendarEntry]) throws {
        for e in entries {
            try store.db.run("""
                INSERT OR IGNORE INTO calendar(start_day, end_day, type, college, branch, class_name, note, ingest_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, e.start.index, e.end.index, e.type.rawValue, e.college, e.branch, e.className, e.note, ingestID)
            count(inserted: sqlite3_changes(store.db.handle) > 0)
        }
    }

    /// Counted leave; a repeat of a stored identity is a duplicate. A leave
    /// of a member not on the roster is kept, like events (SPEC 1.6).
    private func addLeave(_ entries: [LeaveEntry]) throws {
        let db = store.db, dictionaries = store.dictionaries!
        for e in entries {
            let key = try dictionaries.memberKey(e.memberID, db)
            try db.run("""
                INSERT OR IGNORE INTO leave(member_key, start_day, end_day, type, status, note, ingest_id)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, key, e.start.index, e.end.index, e.type, e.status, e.note, ingestID)
            count(inserted: sqlite3_changes(db.handle) > 0)
        }
    }

    private func count(inserted: Bool) {
        if inserted { accepted += 1 } else { duplicates += 1 }
    }

    private func addEvents(_ batch: EventBatch) throws {
        let db = store.db, dictionaries = store.dictionaries!
        let members = try dictionaries.memberKeys(batch.memberIDs, db)
        let contents = try dictionaries.contentKeys(batch.contentIDs, db)
        let attributes = try batch.attributes.map { try dictionaries.attributeKey($0, db) }
        let kind = batch.kind
        // Work on a local copy: the hot loop then needs no exclusivity checks
        // on this object's stored properties.
        var finder = dayFinder
        // Pack every row, noting where the local day changes and the
        // earliest and latest instant; exports are time-ordered, so a batch
        // is usually one run of one day and is handed over whole.
        var runs: [(start: Int, day: Day)] = []
        var lo = Int64.max, hi = Int64.min
        let packed = batch.rows.withUnsafeBufferPointer { rows in
            [PackedEvent](unsafeUninitializedCapacity: rows.count) { out, initialized in
                for k in rows.indices {
                    let row = rows[k]
                    lo = min(lo, row.instant)
                    hi = max(hi, row.instant)
                    let day = finder.day(of: row.instant)
                    if runs.last?.day != day { runs.append((k, day)) }
                    let attribute = attributes[Int(row.attributes)] | (row.featured ? Dictionaries.featuredBit : 0)
                    (out.baseAddress! + k).initialize(to: PackedEvent(
                        day: day.index, instant: row.instant, member: members[Int(row.member)],
                        content: contents[Int(row.content)], attribute: attribute))
                }
                initialized = rows.count
            }
        }
        dayFinder = finder
        if !batch.texts.isEmpty { try addTexts(batch, members: members, contents: contents) }
        // The file's span of valid rows, whoever they belong to: its days are data days.
        if kind == .checkin && !packed.isEmpty { widenSpan(lo, hi) }
        for (r, run) in runs.enumerated() {
            let end = r + 1 < runs.count ? runs[r + 1].start : packed.count
            buffers.append(packed[run.start ..< end], kind: kind, day: run.day)
        }
        if buffers.count > flushLimit { try flush() }
    }

    private func widenSpan(_ lo: Int64, _ hi: Int64) {
        span = (min(span?.first ?? lo, lo), max(span?.last ?? hi, hi))
    }

    /// Absent rows (SPEC 1.6) are part of the file's data-day span. They
    /// carry a day, not an instant: the day stands in the span as its local
    /// noon in the store's zone, which is that day in the store's zone and
    /// in any report zone within 12 hours of it (local midnight would fall
    /// on the day before in every zone west of the store's).
    private func widenSpan(absentDays days: ClosedRange<Day>) {
        let zone = store.zone
        widenSpan(zone.instant(day: days.lowerBound, secondOfDay: Self.noon),
                  zone.instant(day: days.upperBound, secondOfDay: Self.noon))
    }

    private static let noon = 12 * 3600

    /// Merges every buffered event into its day row.
    private func flush() throws {
        let (a, d) = try DayRows.merge(buffers.take(), into: store.db, eventsPerDay: store.budget.eventsPerDay,
                                       threads: store.threads)
        accepted += a
        duplicates += d
    }

    /// Stores what is still buffered, writes the file's ledger row and commits.
    /// Returns the file's quality.csv row.
    ///
    /// - Parameter notes: what the reader says about the file (the sheet it
    ///   read, the other sheets), in order; kept, with a note on restored
    ///   member ids when there were any, joined by `; ` as the `reason` of
    ///   the file's quality.csv row.
    @discardableResult
    public func commit(notes: [String] = []) throws -> FileOutcome {
        precondition(isOpen, "FileIngest.commit after commit or rollback")
        return try guardedFile {
            do {
                try flush()
                var notes = notes.filter { !$0.isEmpty }
                if let reads = try readsNote() { notes.append(reads) }
                if let restored = Self.restoredNote(count: restoredIDs, example: restoredExample) { notes.append(restored) }
                let outcome = FileOutcome(
                    file: name, kind: kind.rawValue, status: .ingested, rows: accepted + duplicates + rejected + absent,
                    accepted: accepted, duplicates: duplicates, rejected: rejected, reason: notes.joined(separator: "; "),
                    absent: absent)
                assert(outcome.rows == records, "\(name): \(records) records read but \(outcome.rows) counted")
                try store.db.run("""
                    UPDATE files SET rows = ?, accepted = ?, duplicates = ?, rejected = ?, absent = ?, reason = ?,
                                     first_instant = ?, last_instant = ?
                    WHERE ingest_id = ?
                    """, outcome.rows, outcome.accepted, outcome.duplicates, outcome.rejected, outcome.absent,
                    outcome.reason, span?.first, span?.last, ingestID)
                try store.db.execute("COMMIT")
                isOpen = false
                store.ingestOpen = false
                if let added = store.dictionaries?.fileGrowth { store.ingestGrowth = store.ingestGrowth + added }
                return outcome
            } catch {
                rollback()
                throw error
            }
        }
    }

    /// `restored a leading zero in 3 member ids stored as numbers, e.g. 123 → 0123`;
    /// `nil` when none was restored.
    static func restoredNote(count: Int, example: String?) -> String? {
        guard count > 0 else { return nil }
        let ids = count == 1 ? "1 member id stored as a number" : "\(count) member ids stored as numbers"
        return "restored a leading zero in \(ids)" + (example.map { ", e.g. \($0)" } ?? "")
    }

    /// Runs `body` like ``Store/guarded(_:)``, except that a value SQLite
    /// refuses (a constraint, a text or blob too big) rejects this file
    /// whole instead of stopping the run: it comes from the file's bytes, and
    /// the next run must not stumble on it again. The reader rejects such
    /// rows first; this is the last line of defence. A file that would take
    /// the store past a limit of its memory budget (``Store/budget``: new
    /// ids, events of one day) is rejected whole too.
    private func guardedFile<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let limit as IDLimitExceeded {
            throw ReachError.fileRejected(file: name, reason: limit.reason)
        } catch let full as DayRowFull {
            throw ReachError.fileRejected(file: name, reason: full.reason)
        } catch let error as SQLiteError where error.isCausedByInput {
            throw ReachError.fileRejected(file: name, reason: "the store refused a value of this file (\(error.message)); nothing of the file was stored. Check the file's ids and long texts, and report this: the reader should have rejected that row")
        } catch let error as SQLiteError {
            throw Store.reachError(error, path: store.path)
        }
    }

    /// Undoes everything this file stored; the ledger does not mention it.
    public func rollback() {
        guard isOpen else { return }
        store.db.rollback()
        store.dictionaries = nil
        buffers = EventBuffers()
        isOpen = false
        store.ingestOpen = false
    }
}

/// Events waiting to be merged, grouped by day row (`day · 4 + kind`).
///
/// A group keeps the runs of packed events it was handed (slices of each
/// batch's packed array, not copies): the merge copies them once, into the
/// array it sorts.
struct EventBuffers {
    private(set) var groups: [(id: Int64, runs: [ArraySlice<PackedEvent>])] = []
    private var index: [Int64: Int] = [:]
    private var lastID: Int64 = .min
    private var lastIndex = 0
    /// Buffered events in all groups.
    private(set) var count = 0

    /// Adds a run of events of one (kind, day).
    mutating func append(_ events: ArraySlice<PackedEvent>, kind: EventKind, day: Day) {
        let id = DayRows.id(kind: kind, day: day)
        if id == lastID {
            groups[lastIndex].runs.append(events)
        } else if let found = index[id] {
            groups[found].runs.append(events)
            (lastID, lastIndex) = (id, found)
        } else {
            (lastID, lastIndex) = (id, groups.count)
            index[id] = groups.count
            groups.append((id, [events]))
        }
        count += events.count
    }

    /// The buffered groups, leaving the buffer empty.
    mutating func take() -> [(id: Int64, runs: [ArraySlice<PackedEvent>])] {
        defer { self = EventBuffers() }
        return groups
    }
}
