import Foundation
import ReachModel
import ReachTestSupport
import Testing
@testable import ReachStore

/// The store's side of contract v3: absent check-in rows (counted, and part
/// of the file's data-day span), rejects of spreadsheet rows with their
/// sheet, an ingested file's notes, the roster's id width, and a store of
/// version 2 upgraded in place.
@Suite struct ContractV3Tests {
    let folder = TempFolder()

    func store() throws -> Store { try Store(path: folder.file("reach.sqlite"), zone: shanghai) }

    /// A checkins batch whose `days` rows said the member did not check in.
    func withAbsent(_ batch: ReadBatch, _ count: Int, _ days: ClosedRange<Day>) -> ReadBatch {
        var batch = batch
        batch.absent = count
        batch.records += count
        batch.absentDays = days
        return batch
    }

    // MARK: Absent rows

    @Test func absentRowsAreCountedAndStored() throws {
        let store = try store()
        let rejected = RowReject(file: "打卡.xlsx", line: 9, reason: "empty member_id", raw: ",08:00", sheet: "Sheet1")
        let outcome = try store.ingest("打卡.xlsx", .checkins, [
            withAbsent(eventBatch(.checkin, [E(member: "s1", instant: at("2026-11-03", "08:00")),
                                             E(member: "s2", instant: at("2026-11-03", "08:05"))], rejects: [rejected]),
                       2, day("2026-11-03") ... day("2026-11-04")),
            withAbsent(eventBatch(.checkin, [E(member: "s1", instant: at("2026-11-03", "08:00"))]), 3,
                       day("2026-11-04") ... day("2026-11-04")),
        ])
        let expected = FileOutcome(file: "打卡.xlsx", kind: "checkins", status: .ingested, rows: 9, accepted: 2,
                                   duplicates: 1, rejected: 1, absent: 5)
        #expect(outcome == expected)
        #expect(outcome.rows == outcome.accepted + outcome.duplicates + outcome.rejected + outcome.absent)
        #expect(try store.outcomes() == [expected], "quality.csv reads what commit returned")
        #expect(try store.status().events[.checkin] == 2, "an absent row stores no event")
    }

    /// A checkins file whose last day has only absent rows: that day is a
    /// data day all the same (SPEC 1.6, 2), in the store's zone and in a
    /// report zone eight hours west of it.
    @Test func anAbsentOnlyDayIsADataDay() throws {
        let store = try store()
        try store.ingest("members.csv", .members, [rosterBatch([member("s1"), member("s2")])])
        try store.ingest("checkins-11.csv", .checkins, [
            eventBatch(.checkin, [E(member: "s1", instant: at("2026-11-03", "10:00")),
                                  E(member: "s2", instant: at("2026-11-04", "10:00"))]),
            withAbsent(ReadBatch(rows: .events(EventBatch(kind: .checkin)), records: 0), 2,
                       day("2026-11-05") ... day("2026-11-05")),
        ])
        let spans = try store.dataSpans()
        #expect(spans.spans.count == 1 && spans.filesWithoutSpan == 0)
        #expect(shanghai.day(of: spans.spans[0].upperBound) == day("2026-11-05"))

        let activity = try store.loadActivity(asOf: day("2026-11-06"), window: 4, zone: shanghai)
        #expect(activity.denominators.dataDays == [day("2026-11-03") ... day("2026-11-05")])
        let inUTC = try store.loadActivity(asOf: day("2026-11-06"), window: 4, zone: utc)
        #expect(inUTC.denominators.dataDays == [day("2026-11-03") ... day("2026-11-05")],
                "the absent day stays 11-05 in a zone west of the store's")
    }

    /// Absent days before the first check-in widen the span's start; a file
    /// of absent rows only has a span of its own.
    @Test func absentDaysWidenTheSpanOnBothSides() throws {
        let store = try store()
        try store.ingest("checkins-a.csv", .checkins, [
            eventBatch(.checkin, [E(member: "s1", instant: at("2026-11-03", "10:00"))]),
            withAbsent(ReadBatch(rows: .events(EventBatch(kind: .checkin)), records: 0), 1,
                       day("2026-11-01") ... day("2026-11-01")),
        ])
        try store.ingest("checkins-b.csv", .checkins, [
            withAbsent(ReadBatch(rows: .events(EventBatch(kind: .checkin)), records: 0), 4,
                       day("2026-11-10") ... day("2026-11-12")),
        ])
        let days = try store.dataSpans().spans.map { shanghai.day(of: $0.lowerBound) ... shanghai.day(of: $0.upperBound) }
        #expect(days == [day("2026-11-01") ... day("2026-11-03"), day("2026-11-10") ... day("2026-11-12")])
    }

    // MARK: Notes

    @Test func theNotesOfAnIngestedFileAreItsReason() throws {
        let store = try store()
        var first = eventBatch(.checkin, [E(member: "0123", instant: at("2026-11-03", "08:00"))])
        first.restoredIDs = 2
        first.restoredExample = "123 → 0123"
        var second = eventBatch(.checkin, [E(member: "0456", instant: at("2026-11-04", "08:00"))])
        second.restoredIDs = 1
        second.restoredExample = "456 → 0456"
        let outcome = try store.ingest("打卡.xlsx", .checkins, [first, second],
                                       notes: ["read sheet 打卡记录", "", "other sheets: 说明, 汇总"])
        let reason = "read sheet 打卡记录; other sheets: 说明, 汇总; restored a leading zero in 3 member ids stored as numbers, e.g. 123 → 0123"
        #expect(outcome.reason == reason)
        #expect(try store.outcomes().map(\.reason) == [reason])

        let plain = try store.ingest("checkins.csv", .checkins, [eventBatch(.checkin, [E(member: "x", instant: at("2026-11-05", "08:00"))])])
        #expect(plain.reason == "", "no notes, no restored ids: an empty reason")
        #expect(FileIngest.restoredNote(count: 1, example: "5 → 05") == "restored a leading zero in 1 member id stored as a number, e.g. 5 → 05")
        #expect(FileIngest.restoredNote(count: 0, example: nil) == nil)
    }

    // MARK: Rejects with their sheet

    @Test func rejectsKeepTheirSheetAndSortByFileSheetAndLine() throws {
        let store = try store()
        func reject(_ file: String, _ line: Int, _ sheet: String?) -> RowReject {
            RowReject(file: file, line: line, reason: "empty member_id", raw: ",x", sheet: sheet)
        }
        try store.ingest("b.xlsx", .checkins, [eventBatch(.checkin, [], rejects: [
            reject("b.xlsx", 5, "Sheet2"), reject("b.xlsx", 100, "Sheet1"), reject("b.xlsx", 17, "Sheet1"),
            reject("b.xlsx", 9, "Sheet1"),
        ])])
        try store.ingest("a.csv", .checkins, [eventBatch(.checkin, [], rejects: [reject("a.csv", 12, nil), reject("a.csv", 3, nil)])])
        let rejects = try store.rejects()
        #expect(rejects == [reject("a.csv", 3, nil), reject("a.csv", 12, nil), reject("b.xlsx", 9, "Sheet1"),
                            reject("b.xlsx", 17, "Sheet1"), reject("b.xlsx", 100, "Sheet1"), reject("b.xlsx", 5, "Sheet2")])
        #expect(rejects.map(\.location) == ["3", "12", "Sheet1!9", "Sheet1!17", "Sheet1!100", "Sheet2!5"])
    }

    // MARK: The roster's id width

    @Test func theRosterIDWidthIsTheCommonLengthOfAllDigitIDs() throws {
        let store = try store()
        #expect(try store.rosterIDWidth() == nil, "no roster, no width")
        try store.ingest("members-1.csv", .members, [rosterBatch([member("0123"), member("4567"), member("0001")])])
        #expect(try store.rosterIDWidth() == 4)
        // Events of ids not on the roster do not count.
        try store.ingest("checkins.csv", .checkins, [eventBatch(.checkin, [E(member: "99999", instant: at("2026-11-03", "08:00"))])])
        #expect(try store.rosterIDWidth() == 4)
        try store.ingest("members-2.csv", .members, [rosterBatch([member("12345")])])
        #expect(try store.rosterIDWidth() == nil, "two lengths")

        for (name, ids) in [("letters", ["0123", "45a7"]), ("full-width digits", ["0123", "０１２３"]),
                            ("a sign", ["0123", "+123"]), ("a NUL", ["0123", "01\u{0}3"])] {
            let other = try Store(path: folder.file("\(name).sqlite"), zone: shanghai)
            try other.ingest("members.csv", .members, [rosterBatch(ids.map { member($0) })])
            #expect(try other.rosterIDWidth() == nil, "\(name)")
        }
    }

    // MARK: Damage

    @Test func aDamagedAbsentCountIsReported() throws {
        let path = folder.file("reach.sqlite")
        do {
            let store = try Store(path: path, zone: shanghai)
            try store.ingest("checkins.csv", .checkins, [eventBatch(.checkin, [E(member: "s1", instant: at("2026-11-03", "08:00"))])])
        }
        for (sql, message) in [("UPDATE files SET absent = -1", "absent holds -1"),
                               ("UPDATE files SET absent = 9223372036854775807", "absent holds 9223372036854775807")] {
            try Database(path: path).execute(sql)
            let store = try Store(path: path, zone: shanghai)
            #expect { _ = try store.outcomes() } throws: { error in
                guard case ReachError.cannotRun(let text) = error else { return false }
                return text.contains("the store is damaged") && text.contains(message)
            }
        }
    }

    // MARK: Upgrade

    /// A store written by the version-2 schema opens, is upgraded in place,
    /// keeps its data: its files have no absent rows, its rejects no sheet.
    @Test func aVersion2StoreIsUpgradedOnFirstOpen() throws {
        let path = folder.file("v2.sqlite")
        let first = at("2026-11-03", "08:00"), last = at("2026-11-04", "09:00")
        try writeOldStore(version: 2, at: path, rows: """
            INSERT INTO files(fingerprint, name, kind, status, rows, accepted, duplicates, rejected, reason, ingested_at,
                              first_instant, last_instant)
            VALUES ('a', 'members.csv', 'members', 'ingested', 1, 1, 0, 0, '', 0, NULL, NULL),
                   ('b', 'checkins.csv', 'checkins', 'ingested', 5, 4, 0, 1, '', 0, \(first), \(last)),
                   ('c', 'notes.csv', '', 'rejected', 0, 0, 0, 0, 'unknown kind', 0, NULL, NULL);
            INSERT INTO rejects(ingest_id, file, line, reason, raw) VALUES (2, 'checkins.csv', 6, 'unparseable time', 's1,x');
            """)
        // Read-only commands upgrade it first where the file can be written.
        let reader = try Store(path: path, zone: shanghai, access: .readOnly)
        #expect(try reader.roster().map(\.name) == ["张三"])
        #expect(try reader.outcomes() == [
            FileOutcome(file: "members.csv", kind: "members", status: .ingested, rows: 1, accepted: 1),
            FileOutcome(file: "checkins.csv", kind: "checkins", status: .ingested, rows: 5, accepted: 4, rejected: 1),
            FileOutcome(file: "notes.csv", kind: "", status: .rejected, reason: "unknown kind"),
        ])
        #expect(try reader.outcomes().map(\.absent) == [0, 0, 0])
        #expect(try reader.rejects() == [RowReject(file: "checkins.csv", line: 6, reason: "unparseable time", raw: "s1,x")])
        #expect(try reader.dataSpans() == Store.DataSpans(spans: [first ... last], filesWithoutSpan: 0))

        let store = try Store(path: path, zone: shanghai)
        #expect(try store.db.integer("PRAGMA user_version") == 4)
        #expect(try store.db.integer("PRAGMA user_version") == Schema.currentVersion)
        try store.ingest("打卡.xlsx", .checkins, [withAbsent(eventBatch(.checkin, [E(member: "s1", instant: at("2026-11-05", "08:00"))],
                                                                 rejects: [RowReject(file: "打卡.xlsx", line: 4, reason: "r", raw: "x", sheet: "打卡")]),
                                                      1, day("2026-11-06") ... day("2026-11-06"))])
        #expect(try store.outcomes().last?.absent == 1)
        #expect(try store.rejects().map(\.location) == ["6", "打卡!4"])
        #expect(try store.dataSpans().spans.count == 2)
    }
}
