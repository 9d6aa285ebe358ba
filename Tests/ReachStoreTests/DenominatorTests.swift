import Foundation
import ReachModel
import ReachTestSupport
import Testing
@testable import ReachStore

/// The store's side of contract v2: calendar rows and leave by identity,
/// the span of each checkins file, and a store of version 1 upgraded in place.
@Suite struct DenominatorTests {
    let folder = TempFolder()

    @Test func calendarAndLeaveRepeatsAreDuplicates() throws {
        let store = try Store(path: folder.file("reach.sqlite"), zone: shanghai)
        let holiday = CalendarEntry(start: day("2026-10-01"), end: day("2026-10-07"), type: .off, note: "国庆节")
        let makeUp = CalendarEntry(start: day("2026-10-10"), end: day("2026-10-10"), type: .on, note: "补班")
        let first = try store.ingest("校历.csv", .calendar, [ReadBatch(rows: .calendar([holiday, makeUp, holiday]), records: 3)])
        #expect(first.accepted == 2 && first.duplicates == 1)
        // The same identity with another note is a duplicate too: it changes nothing.
        var renamed = holiday
        renamed.note = "国庆"
        let second = try store.ingest("校历-2.csv", .calendar, [ReadBatch(rows: .calendar([renamed]), records: 1)])
        #expect(second.accepted == 0 && second.duplicates == 1)
        #expect(try store.calendar() == [holiday, makeUp])

        let sick = LeaveEntry(memberID: "s2", start: day("2026-11-03"), end: day("2026-11-04"), type: "病假", status: "已通过")
        let other = LeaveEntry(memberID: "s1", start: day("2026-11-03"), end: day("2026-11-03"))
        let leave = try store.ingest("请假.csv", .leave, [ReadBatch(rows: .leave([sick, other, sick]), records: 3)])
        #expect(leave.accepted == 2 && leave.duplicates == 1)
        #expect(try store.leave() == [other, sick], "by member id")
    }

    @Test func aCheckinsFileSpansItsValidRowsOfAnyMember() throws {
        let store = try Store(path: folder.file("reach.sqlite"), zone: shanghai)
        try store.ingest("checkins-1.csv", .checkins, [
            eventBatch(.checkin, [E(member: "x", instant: at("2026-11-03", "08:00")), E(member: "y", instant: at("2026-11-01", "23:59"))]),
            eventBatch(.checkin, [E(member: "x", instant: at("2026-11-05", "00:00"))]),
        ])
        // All duplicates: still a span.
        try store.ingest("checkins-2.csv", .checkins, [eventBatch(.checkin, [E(member: "x", instant: at("2026-11-03", "08:00"))])])
        // Only rejected rows: no valid row, no span.
        try store.ingest("checkins-3.csv", .checkins, [ReadBatch(rows: .events(EventBatch(kind: .checkin)),
            rejects: [RowReject(file: "checkins-3.csv", line: 2, reason: "empty member_id", raw: ",x")], records: 1)])
        try store.ingest("shares.csv", .shares, [eventBatch(.share, [E(member: "x", instant: at("2026-12-01", "08:00"))])])
        #expect(try store.dataSpans() == Store.DataSpans(spans: [
            at("2026-11-01", "23:59") ... at("2026-11-05", "00:00"),
            at("2026-11-03", "08:00") ... at("2026-11-03", "08:00"),
        ], filesWithoutSpan: 0))
    }

    /// A store written by the version-1 schema opens, is upgraded in place,
    /// keeps its data, and says which checkins files have no span.
    @Test func aVersion1StoreIsUpgradedOnFirstOpen() throws {
        let path = folder.file("v1.sqlite")
        try writeOldStore(version: 1, at: path, rows: """
            INSERT INTO files(fingerprint, name, kind, status, rows, accepted, duplicates, rejected, reason, ingested_at)
            VALUES ('a', 'members.csv', 'members', 'ingested', 1, 1, 0, 0, '', 0),
                   ('b', 'checkins.csv', 'checkins', 'ingested', 5, 4, 0, 1, '', 0),
                   ('c', 'checkins-bad.csv', 'checkins', 'ingested', 1, 0, 0, 1, '', 0);
            """)
        // Read-only commands upgrade it first where the file can be written.
        let reader = try Store(path: path, zone: shanghai, access: .readOnly)
        #expect(try reader.roster().map(\.name) == ["张三"])
        #expect(try reader.dataSpans() == Store.DataSpans(spans: [], filesWithoutSpan: 1))
        #expect(try reader.calendar().isEmpty && reader.leave().isEmpty)
        let store = try Store(path: path, zone: shanghai)
        #expect(try store.db.integer("PRAGMA user_version") == Schema.currentVersion)
        try store.ingest("checkins-new.csv", .checkins, [eventBatch(.checkin, [E(member: "s1", instant: at("2026-11-03", "08:00"))])])
        #expect(try store.dataSpans().spans == [at("2026-11-03", "08:00") ... at("2026-11-03", "08:00")])
    }
}

/// What a report reads of contract v2: data days as local days of the
/// report's zone, leave by roster index (leave of unknown members left out).
@Suite struct LoadedDenominatorTests {
    let folder = TempFolder()

    @Test func dataDaysCalendarAndLeaveReachTheActivity() throws {
        let store = try Store(path: folder.file("reach.sqlite"), zone: shanghai)
        try store.ingest("members.csv", .members, [rosterBatch([member("s1"), member("s2")])])
        // 23:30 UTC on 11-02 is 11-03 in Shanghai.
        try store.ingest("checkins.csv", .checkins, [eventBatch(.checkin, [
            E(member: "s1", instant: at("2026-11-02", "23:30", utc)), E(member: "zz", instant: at("2026-11-05", "08:00")),
        ])])
        let holiday = CalendarEntry(start: day("2026-11-04"), end: day("2026-11-04"), type: .off)
        try store.ingest("校历.csv", .calendar, [ReadBatch(rows: .calendar([holiday]), records: 1)])
        try store.ingest("请假.csv", .leave, [ReadBatch(rows: .leave([
            LeaveEntry(memberID: "s2", start: day("2026-11-03"), end: day("2026-11-04")),
            LeaveEntry(memberID: "nobody", start: day("2026-11-03"), end: day("2026-11-03")),
        ]), records: 2)])
        let activity = try store.loadActivity(asOf: day("2026-11-06"), window: 3, zone: shanghai)
        #expect(activity.denominators.dataDays == [day("2026-11-03")...day("2026-11-05")])
        #expect(activity.denominators.calendar == [holiday])
        #expect(activity.denominators.leave == [.init(member: 1, start: day("2026-11-03"), end: day("2026-11-04"))])
        let inUTC = try store.loadActivity(asOf: day("2026-11-06"), window: 3, zone: utc)
        #expect(inUTC.denominators.dataDays == [day("2026-11-02")...day("2026-11-05")])
    }

    /// Files stored before contract v2 have no span: the days with a stored
    /// check-in (anyone's) are their data days.
    @Test func filesWithoutASpanUseTheDaysWithCheckins() throws {
        let store = try Store(path: folder.file("reach.sqlite"), zone: shanghai)
        try store.ingest("checkins.csv", .checkins, [eventBatch(.checkin, [
            E(member: "zz", instant: at("2026-11-02", "08:00")), E(member: "zz", instant: at("2026-11-05", "08:00")),
        ])])
        try store.db.execute("UPDATE files SET first_instant = NULL, last_instant = NULL")
        let activity = try store.loadActivity(asOf: day("2026-11-06"), window: 3, zone: shanghai)
        #expect(activity.denominators.dataDays == [day("2026-11-02")...day("2026-11-02"), day("2026-11-05")...day("2026-11-05")])
    }
}
