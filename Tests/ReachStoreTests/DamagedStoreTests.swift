import Foundation
import ReachModel
import ReachTestSupport
import Testing
@testable import ReachStore

/// A store whose bytes were changed behind reach's back (a disk error, a bad
/// copy, a hand edit with `sqlite3`) must stop every command that reads the
/// damaged part with a "could not run" error naming the store, the table,
/// the row and what to do — never crash (a crash would end this test run).
@Suite struct DamagedStoreTests {
    let folder = TempFolder()
    var path: String { folder.file("reach.sqlite") }

    static let checkinDay = day("2026-11-09")
    static let checkinRow = DayRows.id(kind: .checkin, day: checkinDay)
    static let shareRow = DayRows.id(kind: .share, day: day("2026-11-09"))
    static let commentRow = DayRows.id(kind: .comment, day: day("2026-11-10"))

    /// Roster a1, a2, a3 (member keys 1–3), x9 not on it (key 4); contents
    /// p1, p2 (keys 1, 2); two channel/target pairs (attribute keys 1, 2).
    /// Check-ins of 11-09 by a1, a2, a3: members 1-byte wide, 11 bytes.
    func makeStore() throws {
        let store = try Store(path: path, zone: shanghai)
        try store.ingest("members.csv", .members, [rosterBatch([member("a1"), member("a2"), member("a3")])])
        try store.ingest("checkins.csv", .checkins, [eventBatch(.checkin, [
            E(member: "a1", instant: at("2026-11-09", "08:00")),
            E(member: "a2", instant: at("2026-11-09", "08:10")),
            E(member: "a3", instant: at("2026-11-09", "08:20")),
            E(member: "a1", instant: at("2026-11-10", "08:00")),
            E(member: "x9", instant: at("2026-11-10", "09:00")),
        ])])
        try store.ingest("shares.csv", .shares, [eventBatch(.share, [
            E(member: "a1", instant: at("2026-11-09", "10:00"), content: "p1", channel: "app", target: "朋友圈"),
            E(member: "a2", instant: at("2026-11-09", "11:00"), content: "p2"),
        ])])
        try store.ingest("comments.csv", .comments, [eventBatch(.comment, [
            E(member: "a1", instant: at("2026-11-10", "20:00"), content: "p1", channel: "app", featured: true),
        ])])
    }

    /// Builds the store, then changes it with `sql` on a connection of its own.
    func damage(_ sql: String) throws {
        try makeStore()
        try Database(path: path).execute(sql)
    }

    /// A column blob as SQL text, e.g. `X'0100000001000000000108'`.
    func blob(_ values: [UInt32]) -> String {
        "X'" + values.withUnsafeBufferPointer(ColumnCodec.encode).map { String(format: "%02X", $0) }.joined() + "'"
    }

    /// What reads stored day rows.
    enum Reader: CustomStringConvertible {
        /// `loadActivity` for 2026-11-10, W = 3, in the packing zone or another.
        case report(ReportingZone)
        case export
        case unknownMembers
        /// Ingesting one event of `kind` on `date`, merged into the stored row.
        case ingest(EventKind, String)

        static let all: [Reader] = [.report(shanghai), .report(utc), .export, .unknownMembers, .ingest(.checkin, "2026-11-09")]

        var description: String {
            switch self {
            case .report(let zone): return "report in \(zone.identifier)"
            case .export: return "export"
            case .unknownMembers: return "unknown members"
            case .ingest(let kind, let date): return "ingest of \(kind) on \(date)"
            }
        }

        func run(on store: Store) throws {
            switch self {
            case .report(let zone):
                // As a report job does: the memory estimate first.
                try store.checkReportBudget(asOf: day("2026-11-10"), window: 3)
                _ = try store.loadActivity(asOf: day("2026-11-10"), window: 3, zone: zone)
            case .export:
                _ = try store.allEvents()
            case .unknownMembers:
                _ = try store.unknownMembers()
            case .ingest(let kind, let date):
                try store.ingest("late.csv", kind.fileKind, [eventBatch(kind, [
                    E(member: "a1", instant: at(date, "23:59"), content: "p1", channel: "app", target: "朋友圈"),
                ])])
            }
        }
    }

    /// The message every reader gives for damage at `place` (`table …, row …`).
    func message(_ place: String, _ reason: String) -> String {
        "\(path): the store is damaged: \(place): \(reason); restore the store from a backup, or ingest the archive again into a new store (--store NEW.sqlite)"
    }

    func row(_ id: Int64) -> String {
        "table day_events, row id \(id) (day \(DayRows.day(ofID: id)), kind \(DayRows.kind(ofID: id)))"
    }

    /// Each reader, on a freshly opened store, throws exactly `expected`; a
    /// failed ingest leaves the store as it was.
    func expect(_ readers: [Reader], toThrow expected: (String) -> Bool, _ comment: String,
                sourceLocation: SourceLocation = #_sourceLocation) throws {
        for reader in readers {
            let store = try Store(path: path, zone: shanghai)
            let files = try store.outcomes().count
            let error = #expect(throws: ReachError.self, "\(reader)", sourceLocation: sourceLocation) { try reader.run(on: store) }
            guard case .cannotRun(let text)? = error else { continue }
            #expect(expected(text), "\(reader): \(text)\nexpected \(comment)", sourceLocation: sourceLocation)
            #expect(try store.outcomes().count == files, "\(reader) stored a file", sourceLocation: sourceLocation)
        }
    }

    func expect(_ readers: [Reader], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try expect(readers, toThrow: { $0 == message }, message, sourceLocation: sourceLocation)
    }

    // MARK: Blobs

    @Test func randomBytesOfTheSameLengthAreReported() throws {
        // A random header passes with probability 5/256 · 2⁻²⁴; a fixed one
        // makes the message exact.
        try damage("UPDATE day_events SET members = randomblob(length(members)) WHERE id = \(Self.checkinRow)")
        let prefix = "\(path): the store is damaged: \(row(Self.checkinRow)): the members column "
        try expect(Reader.all, toThrow: { $0.hasPrefix(prefix) }, prefix)
        try Database(path: path).execute("UPDATE day_events SET members = X'A73C0011FFFFFFFF0102' || X'03' WHERE id = \(Self.checkinRow)")
        try expect(Reader.all, message(row(Self.checkinRow),
                                       "the members column begins with bytes A7 3C 00 11, not a width of 0 to 4 and three zero bytes"))
    }

    @Test func aTruncatedBlobIsReported() throws {
        try damage("UPDATE day_events SET members = substr(members, 1, length(members) - 1) WHERE id = \(Self.checkinRow)")
        try expect(Reader.all, message(row(Self.checkinRow), "the members column is 10 bytes long, but 3 values of width 1 take 11"))
        try Database(path: path).execute("UPDATE day_events SET members = X'010000' WHERE id = \(Self.checkinRow)")
        try expect(Reader.all, message(row(Self.checkinRow), "the members column is 3 bytes long, shorter than its 8-byte header"))
    }

    @Test func aCountLargerThanTheBlobsHoldIsReported() throws {
        try damage("UPDATE day_events SET count = count + 1 WHERE id = \(Self.checkinRow)")
        try expect([.report(shanghai), .export, .unknownMembers, .ingest(.checkin, "2026-11-09")],
                   message(row(Self.checkinRow), "the members column is 11 bytes long, but 4 values of width 1 take 12"))
        // In another zone the report first reads the earliest check-in's time.
        try expect([.report(utc)], message(row(Self.checkinRow), "the instants column is 14 bytes long, but 4 values of width 2 take 16"))
        try Database(path: path).execute("UPDATE day_events SET count = -1 WHERE id = \(Self.checkinRow)")
        try expect(Reader.all, message(row(Self.checkinRow), "its count column holds -1, outside 0 to 268435456"))
        // Every value equal (width 0) leaves the count open; the limit keeps
        // it from asking for terabytes.
        try Database(path: path).execute("""
            UPDATE day_events SET count = 1099511627776, members = \(blob([1])), instants = \(blob([1 << 20]))
            WHERE id = \(Self.checkinRow)
            """)
        try expect(Reader.all, message(row(Self.checkinRow), "its count column holds 1099511627776, outside 0 to 268435456"))
        // The largest count: summed with other counts (an ingest sizing its
        // merge, a report estimating its memory) it must not overflow.
        try Database(path: path).execute("UPDATE day_events SET count = 9223372036854775807 WHERE id = \(Self.checkinRow)")
        try expect(Reader.all, message(row(Self.checkinRow), "its count column holds 9223372036854775807, outside 0 to 268435456"))
    }

    @Test func aMemberKeyPastTheDictionaryIsReported() throws {
        try damage("UPDATE day_events SET members = \(blob([1, 2, 99])) WHERE id = \(Self.checkinRow)")
        try expect(Reader.all, message(row(Self.checkinRow),
                                       "the members column holds member key 99, but the store's member keys run from 1 to 4"))
        // Key 0 is no member's; a sum past 32 bits would wrap to a small key.
        try Database(path: path).execute("UPDATE day_events SET members = \(blob([0, 1, 2])) WHERE id = \(Self.checkinRow)")
        try expect(Reader.all, message(row(Self.checkinRow),
                                       "the members column holds member key 0, but the store's member keys run from 1 to 4"))
        try Database(path: path).execute("UPDATE day_events SET members = X'01000000FFFFFFFF000102' WHERE id = \(Self.checkinRow)")
        try expect(Reader.all, message(row(Self.checkinRow),
                                       "the members column holds member key 4294967295, but the store's member keys run from 1 to 4"))
    }

    @Test func aContentKeyPastTheDictionaryIsReported() throws {
        try damage("UPDATE day_events SET contents = \(blob([1, 50])) WHERE id = \(Self.shareRow)")
        // The unknown-members scan reads member keys only.
        try expect([.report(shanghai), .report(utc), .export, .ingest(.share, "2026-11-09")],
                   message(row(Self.shareRow), "the contents column holds content key 50, but the store's content keys run from 0 to 2"))
    }

    @Test func anAttributeKeyPastTheDictionaryIsReported() throws {
        try damage("UPDATE day_events SET attributes = \(blob([7])) WHERE id = \(Self.commentRow)")
        // Reports read only the featured bit of attributes, and never look a key up.
        try expect([.export, .ingest(.comment, "2026-11-10")],
                   message(row(Self.commentRow), "the attributes column holds attribute key 7, but the store's attribute keys run from 0 to 2"))
        let activity = try Store(path: path, zone: shanghai).loadActivity(asOf: day("2026-11-10"), window: 3, zone: shanghai)
        #expect(activity.comments.last == DayEvents(members: [0], contents: [0], featured: [false]))
    }

    @Test func aTimeOutsideTheRowsDayIsReported() throws {
        let far = UInt32(PackedEvent.bias) + 300_000
        try damage("UPDATE day_events SET instants = \(blob([far, far, far])) WHERE id = \(Self.checkinRow)")
        // Reports in the packing zone never read the times of check-ins.
        try expect([.report(utc), .export, .ingest(.checkin, "2026-11-09")], message(row(Self.checkinRow),
            "the instants column holds a time 300000 s from the day's midnight (UTC), outside the -86400 to 172799 s a day's events lie in"))
        _ = try Store(path: path, zone: shanghai).loadActivity(asOf: day("2026-11-10"), window: 3, zone: shanghai)
    }

    // MARK: Row columns

    @Test func dayAndKindColumnsMustAgreeWithTheID() throws {
        try damage("UPDATE day_events SET day = day + 1 WHERE id = \(Self.checkinRow)")
        let index = Self.checkinDay.index
        try expect(Reader.all, message(row(Self.checkinRow), "its day column holds \(index + 1), not \(index) as its id says"))
        try Database(path: path).execute("UPDATE day_events SET day = \(index), kind = 7 WHERE id = \(Self.checkinRow)")
        try expect(Reader.all, message(row(Self.checkinRow), "its kind column holds 7, not 0 as its id says"))
    }

    @Test func anIDThatNamesNoDayIsReported() throws {
        let id: Int64 = 9_223_372_036_854_775_000
        try damage("UPDATE day_events SET id = \(id) WHERE id = \(Self.checkinRow)")
        try expect([.export, .unknownMembers],
                   message("table day_events, row id \(id)", "the id names no day and kind reach stores"))
        // Kind 3 is no kind: reports and export read kinds 0–2 by id and
        // never see the row; the scan over all rows reports it.
        try Database(path: path).execute("UPDATE day_events SET id = \(Self.checkinRow + 3) WHERE id = \(id)")
        try expect([.unknownMembers], message("table day_events, row id \(Self.checkinRow + 3)", "the id names no day and kind reach stores"))
    }

    // MARK: Dictionaries

    @Test func dictionaryKeysMustRunFromOne() throws {
        try damage("UPDATE member_ids SET key = 99 WHERE key = 4")
        try expect([.report(shanghai), .export, .unknownMembers],
                   message("table member_ids", "its 4 keys do not run 1, 2, 3, … (they run from 1 to 99)"))
        try expect([.ingest(.checkin, "2026-11-09")],
                   message("table member_ids, key 99", "its keys do not run 1, 2, 3, … (key 4 belongs here)"))
        try Database(path: path).execute("UPDATE member_ids SET key = 4 WHERE key = 99; UPDATE content_ids SET key = -5 WHERE key = 1")
        try expect([.report(shanghai), .export],
                   message("table content_ids", "its 2 keys do not run 1, 2, 3, … (they run from -5 to 2)"))
        try expect([.ingest(.checkin, "2026-11-09")],
                   message("table content_ids, key -5", "its keys do not run 1, 2, 3, … (key 1 belongs here)"))
    }

    @Test func anUndamagedStoreReadsAsBefore() throws {
        try makeStore()
        let store = try Store(path: path, zone: shanghai)
        for reader in Reader.all { try reader.run(on: store) }
        #expect(try store.unknownMembers().map(\.memberID) == ["x9"])
        #expect(try KeyLimits.read(store.db) == KeyLimits(members: ValueBounds(lowest: 1, highest: 4),
                                                          contents: ValueBounds(lowest: 0, highest: 2),
                                                          attributes: ValueBounds(lowest: 0, highest: 2)))
    }
}

/// ``StoredColumn`` on its own: what it accepts and how it says what is wrong.
@Suite struct StoredColumnTests {
    func check(_ bytes: [UInt8], count: Int, within bounds: ValueBounds = .all) -> String? {
        bytes.withUnsafeBytes { raw in
            do throws(ColumnDamage) {
                _ = try StoredColumn(.members, raw, count: count).decode(within: bounds)
                return nil
            } catch {
                return error.reason
            }
        }
    }

    @Test func everyWidthTheEncoderWritesPasses() {
        for values: [UInt32] in [[], [7, 7], [1, 200], [1, 60_000], [1, 16_000_000], [0, UInt32.max]] {
            #expect(check(values.withUnsafeBufferPointer(ColumnCodec.encode), count: values.count) == nil, "\(values)")
        }
    }

    @Test func headersAndLengthsAreChecked() {
        #expect(check([5, 0, 0, 0, 1, 0, 0, 0], count: 0) == "the members column begins with bytes 05 00 00 00, not a width of 0 to 4 and three zero bytes")
        #expect(check([1, 0, 1, 0, 1, 0, 0, 0, 9], count: 1) == "the members column begins with bytes 01 00 01 00, not a width of 0 to 4 and three zero bytes")
        #expect(check([], count: 0) == "the members column is 0 bytes long, shorter than its 8-byte header")
        // Width 3 needs its padding byte: the decoder reads 4 bytes per value.
        #expect(check([3, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3], count: 1) == "the members column is 11 bytes long, but 1 values of width 3 take 12")
        #expect(check([2, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5], count: 2) == "the members column is 13 bytes long, but 2 values of width 2 take 12")
    }

    @Test func valuesAreCheckedWithoutWrapping() {
        let bounds = ValueBounds(lowest: 1, highest: 10)
        #expect(check([1, 0, 0, 0, 1, 0, 0, 0, 0, 9], count: 2, within: bounds) == nil)
        #expect(check([1, 0, 0, 0, 1, 0, 0, 0, 0, 10], count: 2, within: bounds)
                == "the members column holds member key 11, but the store's member keys run from 1 to 10")
        // base 2³² − 1 plus 2 would wrap to 1, which the bounds would allow.
        #expect(check([1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 2], count: 2, within: ValueBounds(lowest: 0, highest: UInt64(UInt32.max)))
                == "the members column holds member key 4294967297, but the store's member keys run from 0 to 4294967295")
        #expect(check([0, 0, 0, 0, 1, 0, 0, 0], count: 3, within: ValueBounds(lowest: 1, highest: 0))
                == "the members column holds member key 1, but the store has no member keys")
    }
}

/// Values outside the day-row blobs: a number no reach store holds in the
/// roster, the posts or the runs table is damage too, reported, not a trap.
@Suite struct DamagedValueTests {
    let folder = TempFolder()
    var path: String { folder.file("reach.sqlite") }

    func store(damage sql: String) throws -> Store {
        do {
            let store = try Store(path: path, zone: shanghai)
            try store.ingest("members.csv", .members, [rosterBatch([member("a1", joined: day("2026-09-01"))])])
            try store.ingest("posts.csv", .posts, [ReadBatch(rows: .posts([Post(contentID: "p1", title: "t", publishedAt: 1_780_000_000)]),
                                                             rejects: [], records: 1)])
            try store.recordRun(startedAt: Date(), finishedAt: Date(), asOf: day("2026-11-10"), exitCode: 0, summary: "ok")
        }
        try Database(path: path).execute(sql)
        return try Store(path: path, zone: shanghai)
    }

    func expectDamage(_ message: String, _ body: () throws -> Void) {
        #expect { try body() } throws: { error in
            guard case ReachError.cannotRun(let text) = error else { return false }
            return text.contains("the store is damaged") && text.contains(message)
        }
    }

    @Test func aJoinedDayNoCalendarHasIsReported() throws {
        let store = try store(damage: "UPDATE roster SET joined = 99999999999")
        expectDamage("joined holds 99999999999") { _ = try store.roster() }
    }

    @Test func aMemberKeyOutOfRangeIsReported() throws {
        let store = try store(damage: "UPDATE roster SET member_key = -5; UPDATE member_ids SET key = -5")
        expectDamage("member_key holds -5") { _ = try store.roster() }
    }

    @Test func aPublishedTimeOutOfRangeIsReported() throws {
        let store = try store(damage: "UPDATE posts SET published_at = 9223372036854775807")
        expectDamage("published_at holds 9223372036854775807") { _ = try store.posts() }
    }

    @Test func aRunsRowOutOfRangeIsReported() throws {
        let store = try store(damage: "UPDATE runs SET exit_code = 4294967296")
        expectDamage("exit_code holds 4294967296") { _ = try store.lastRun() }
        let other = try self.store(damage: "UPDATE runs SET as_of = -99999999")
        expectDamage("as_of holds -99999999") { _ = try other.status() }
    }

    /// Contract v4's optional values (a group's member_count and registered
    /// day, a post's reads) are only shown: damage makes them unknown.
    @Test func damagedRegistryAndReadsValuesAreUnknown() throws {
        let store = try store(damage: """
            INSERT INTO files(fingerprint, name, kind, status, rows, accepted, duplicates, rejected, reason, ingested_at)
            VALUES ('g', 'groups.csv', 'groups', 'ingested', 1, 1, 0, 0, '', 0);
            INSERT INTO registry VALUES ('g1', '', '', '', '', '', '', '', 99999999999, -5, '', 9);
            INSERT INTO registry VALUES ('g2', '', '', '', '', '', '', '', -2147483649, 'many', '', 9);
            INSERT INTO post_reads VALUES ('p1', -1, 'x', 9);
            """)
        #expect(try store.registry() == [RegisteredGroup(groupName: "g1"), RegisteredGroup(groupName: "g2")])
        #expect(try store.posts() == [Post(contentID: "p1", title: "t", publishedAt: 1_780_000_000)])
    }
}
