import ReachModel
import ReachTestSupport
import Testing
@testable import ReachStore

@Suite struct LoadActivityTests {
    let folder = TempFolder()

    /// Roster sorted by code point: a2=0, s1=1, s10=2, s2=3. x1 is unknown.
    func store() throws -> Store {
        let store = try Store(path: folder.file("reach.sqlite"), zone: shanghai)
        try store.ingest("members.csv", .members, [rosterBatch([
            member("s2"), member("s10"), member("a2"), member("s1"),
        ])])
        try store.ingest("checkins.csv", .checkins, [eventBatch(.checkin, [
            E(member: "s1", instant: at("2026-10-20", "12:00")),          // history, before both windows
            E(member: "s2", instant: at("2026-11-06", "08:00")),          // previous window
            E(member: "s1", instant: at("2026-11-10", "09:00")),
            E(member: "s10", instant: at("2026-11-10", "07:00")),
            E(member: "s1", instant: at("2026-11-10", "08:00"), content: "p7"),
            E(member: "x1", instant: at("2026-11-09", "08:00")),          // unknown member
            E(member: "s1", instant: at("2026-11-11", "05:00")),          // after A
        ])])
        try store.ingest("shares.csv", .shares, [eventBatch(.share, [
            E(member: "s2", instant: at("2026-11-07", "10:00"), content: "p9"),  // before the window
            E(member: "s2", instant: at("2026-11-08", "10:00"), content: "p2"),
            E(member: "a2", instant: at("2026-11-09", "10:00")),
            E(member: "x1", instant: at("2026-11-09", "11:00"), content: "p3"),  // unknown member
            E(member: "s1", instant: at("2026-11-11", "10:00"), content: "p4"),  // after A
        ])])
        try store.ingest("comments.csv", .comments, [eventBatch(.comment, [
            E(member: "s2", instant: at("2026-11-10", "20:00"), content: "p2"),
            E(member: "s1", instant: at("2026-11-10", "19:00"), content: "p1", featured: true),
        ])])
        return store
    }

    @Test func packingZoneMapsDayRowsDirectly() throws {
        let activity = try store().loadActivity(asOf: day("2026-11-10"), window: 3, zone: shanghai)
        #expect(activity.roster.map(\.memberID) == ["a2", "s1", "s10", "s2"])
        // min(A − 2W + 1 = 11-05, earliest check-in 10-20)
        #expect(activity.firstDay == day("2026-10-20"))
        #expect(activity.asOf == day("2026-11-10"))
        #expect(activity.dayCount == 22)
        #expect(activity.checkins.count == 22 && activity.shares.count == 22 && activity.comments.count == 22)
        #expect(activity.contentIDs == ["p1", "p2"])

        func slot(_ d: String) -> Int { day(d) - activity.firstDay }
        var checkins = [DayEvents](repeating: DayEvents(), count: 22)
        checkins[slot("2026-10-20")] = DayEvents(members: [1])
        checkins[slot("2026-11-06")] = DayEvents(members: [3])
        checkins[slot("2026-11-10")] = DayEvents(members: [2, 1, 1])  // instant order: 07:00, 08:00, 09:00
        #expect(activity.checkins == checkins)

        var shares = [DayEvents](repeating: DayEvents(), count: 22)
        shares[slot("2026-11-08")] = DayEvents(members: [3], contents: [1], targets: [-1])  // no target (contract v4)
        shares[slot("2026-11-09")] = DayEvents(members: [0], contents: [-1], targets: [-1])
        #expect(activity.shares == shares)

        var comments = [DayEvents](repeating: DayEvents(), count: 22)
        comments[slot("2026-11-10")] = DayEvents(members: [1, 3], contents: [0, 1], featured: [true, false])
        #expect(activity.comments == comments)
    }

    @Test func historyShorterThanTwoWindowsStartsAtPreviousWindow() throws {
        let store = try Store(path: folder.file("short.sqlite"), zone: shanghai)
        try store.ingest("members.csv", .members, [rosterBatch([member("s1")])])
        try store.ingest("checkins.csv", .checkins, [eventBatch(.checkin, [E(member: "s1", instant: at("2026-11-09", "08:00"))])])
        let activity = try store.loadActivity(asOf: day("2026-11-10"), window: 30, zone: shanghai)
        #expect(activity.firstDay == day("2026-09-12"))  // A − 59
        #expect(activity.dayCount == 60)
        #expect(activity.checkins[58] == DayEvents(members: [0]))
        #expect(activity.checkins.enumerated().allSatisfy { $0.offset == 58 || $0.element.members.isEmpty })
    }

    @Test func otherZoneRebucketsEventsByItsLocalDay() throws {
        // UTC is 8 hours behind Shanghai: 2026-11-10 07:00 in Shanghai is 11-09 23:00 UTC,
        // and 2026-11-11 05:00 in Shanghai is 11-10 21:00 UTC (inside A in UTC).
        let activity = try store().loadActivity(asOf: day("2026-11-10"), window: 3, zone: utc)
        #expect(activity.firstDay == day("2026-10-20"))  // 10-20 12:00 Shanghai = 10-20 04:00 UTC
        func slot(_ d: String) -> Int { day(d) - activity.firstDay }
        var checkins = [DayEvents](repeating: DayEvents(), count: 22)
        checkins[slot("2026-10-20")] = DayEvents(members: [1])
        checkins[slot("2026-11-06")] = DayEvents(members: [3])       // 11-06 00:00 UTC
        checkins[slot("2026-11-09")] = DayEvents(members: [2])       // s10 at 11-09 23:00 UTC
        checkins[slot("2026-11-10")] = DayEvents(members: [1, 1, 1]) // 00:00, 01:00, 21:00 UTC
        #expect(activity.checkins == checkins)

        #expect(activity.contentIDs == ["p1", "p2"])
        #expect(activity.shares[slot("2026-11-08")] == DayEvents(members: [3], contents: [1], targets: [-1]))
        #expect(activity.shares[slot("2026-11-09")] == DayEvents(members: [0], contents: [-1], targets: [-1]))
        // p4 at 11-11 10:00 Shanghai is 11-11 02:00 UTC: still after A.
        #expect(activity.shares[slot("2026-11-10")] == DayEvents())
        #expect(activity.comments[slot("2026-11-10")] == DayEvents(members: [1, 3], contents: [0, 1], featured: [true, false]))
    }

    @Test func emptyStoreGivesEmptyDays() throws {
        let store = try Store(path: folder.file("empty.sqlite"), zone: shanghai)
        let activity = try store.loadActivity(asOf: day("2026-11-10"), window: 7, zone: shanghai)
        #expect(activity.roster.isEmpty && activity.contentIDs.isEmpty)
        #expect(activity.firstDay == day("2026-10-28") && activity.dayCount == 14)
        #expect(activity.checkins.allSatisfy { $0 == DayEvents() })
    }
}
