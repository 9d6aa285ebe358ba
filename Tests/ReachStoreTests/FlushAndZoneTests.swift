import ReachModel
import ReachTestSupport
import Testing
@testable import ReachStore

@Suite struct FlushAndZoneTests {
    let folder = TempFolder()

    @Test func smallFlushLimitGivesTheSameStoreAsOneFlush() throws {
        // Three days, shuffled, with repeats: every flush merges into rows stored by earlier flushes.
        var events: [E] = []
        for (k, date) in ["2026-11-03", "2026-11-01", "2026-11-02"].enumerated() {
            for m in 0..<4 {
                events.append(E(member: "s\(m)", instant: at(date, "0\(m + 6):00"), content: m % 2 == 0 ? "" : "p\(k)"))
            }
        }
        let shuffled = [events[5], events[0], events[11], events[5], events[3], events[8], events[1], events[2],
                        events[0], events[10], events[4], events[6], events[7], events[9], events[11]]
        var exports: [[ExportedEvent]] = []
        for limit in [1, 3, 100] {
            let store = try Store(path: folder.file("limit-\(limit).sqlite"), zone: shanghai)
            let outcome = try store.ingest("checkins.csv", .checkins,
                                           [eventBatch(.checkin, Array(shuffled[..<7])), eventBatch(.checkin, Array(shuffled[7...]))],
                                           flushLimit: limit)
            #expect(outcome.rows == 15 && outcome.accepted == 12 && outcome.duplicates == 3, "limit \(limit)")
            exports.append(try store.allEvents())
        }
        #expect(exports[0] == exports[2] && exports[1] == exports[2])
        #expect(exports[2].count == 12)
        #expect(exports[2].map { "\($0.day) \($0.memberID)" }.prefix(4) == [
            "2026-11-01 s0", "2026-11-01 s1", "2026-11-01 s2", "2026-11-01 s3",
        ])
    }

    @Test func storesPackedInADaylightSavingZone() throws {
        // New York falls back on 2026-11-01 at 02:00 (EDT, UTC−4 → EST, UTC−5): a 25-hour day.
        let newYork = try ReportingZone(identifier: "America/New_York")
        let store = try Store(path: folder.file("ny.sqlite"), zone: newYork)
        try store.ingest("members.csv", .members, [rosterBatch([member("s1"), member("s2")])])
        let first = at("2026-11-01", "00:30", newYork)
        let events = [
            E(member: "s1", instant: first),                 // 04:30 UTC
            E(member: "s1", instant: first + 3_600),         // 01:30 EDT
            E(member: "s1", instant: first + 7_200),         // 01:30 EST: same wall time, another instant
            E(member: "s2", instant: first + 24 * 3_600),    // 23:30 EST, still 11-01
            E(member: "s2", instant: first + 25 * 3_600),    // 00:30 on 11-02
        ]
        let outcome = try store.ingest("checkins.csv", .checkins, [eventBatch(.checkin, events)])
        #expect(outcome.accepted == 5)
        let days = try store.allEvents().map { "\($0.day) \($0.memberID) \($0.instant - first)" }
        #expect(days == ["2026-11-01 s1 0", "2026-11-01 s1 3600", "2026-11-01 s1 7200", "2026-11-01 s2 86400",
                         "2026-11-02 s2 90000"])
        let local = try store.loadActivity(asOf: day("2026-11-02"), window: 1, zone: newYork)
        #expect(local.checkins.suffix(2) == [DayEvents(members: [0, 0, 0, 1]), DayEvents(members: [1])])
        // In UTC: 04:30, 05:30, 06:30 on 11-01; 04:30 and 05:30 on 11-02.
        let inUTC = try store.loadActivity(asOf: day("2026-11-02"), window: 1, zone: utc)
        #expect(inUTC.firstDay == day("2026-11-01"))
        #expect(inUTC.checkins == [DayEvents(members: [0, 0, 0]), DayEvents(members: [1, 1])])
    }
}
