import ReachModel
import ReachTestSupport
import Testing
@testable import ReachStore

@Suite struct ExportTests {
    let folder = TempFolder()

    func store() throws -> Store {
        let store = try Store(path: folder.file("reach.sqlite"), zone: shanghai)
        try store.ingest("comments.csv", .comments, [eventBatch(.comment, [
            E(member: "s2", instant: at("2026-11-01", "09:00"), content: "b", channel: "app", featured: true),
            E(member: "s2", instant: at("2026-11-01", "09:00"), content: "a"),
        ])])
        try store.ingest("checkins.csv", .checkins, [eventBatch(.checkin, [
            E(member: "s2", instant: at("2026-11-02", "06:00")),
            E(member: "s2", instant: at("2026-11-01", "10:00"), channel: "小程序"),
            E(member: "s10", instant: at("2026-11-01", "11:00")),
            E(member: "s2", instant: at("2026-11-01", "07:30")),
        ])])
        try store.ingest("shares.csv", .shares, [eventBatch(.share, [
            E(member: "张三", instant: at("2026-11-01", "08:00"), content: "a", target: "朋友圈"),
        ])])
        return store
    }

    func line(_ e: ExportedEvent) -> String {
        "\(e.day) \(e.kind) \(e.memberID) \(shanghai.localTimestamp(e.instant).suffix(8)) \(e.contentID) \(e.channel) \(e.target) \(e.featured)"
    }

    @Test func eventsComeInDayKindMemberInstantContentOrder() throws {
        let events = try store().allEvents()
        #expect(events.map(line) == [
            "2026-11-01 checkins s10 11:00:00    false",
            "2026-11-01 checkins s2 07:30:00    false",
            "2026-11-01 checkins s2 10:00:00  小程序  false",
            "2026-11-01 shares 张三 08:00:00 a  朋友圈 false",
            "2026-11-01 comments s2 09:00:00 a   false",
            "2026-11-01 comments s2 09:00:00 b app  true",
            "2026-11-02 checkins s2 06:00:00    false",
        ])
        #expect(events[0] == ExportedEvent(day: day("2026-11-01"), kind: .checkin, memberID: "s10",
                                           instant: at("2026-11-01", "11:00")))
    }

    @Test func filtersByDayAndKind() throws {
        let store = try store()
        var lines: [String] = []
        try store.exportEvents(from: day("2026-11-02"), to: nil, kind: nil, zone: shanghai) { lines.append(line($0)) }
        #expect(lines == ["2026-11-02 checkins s2 06:00:00    false"])
        lines = []
        try store.exportEvents(from: nil, to: day("2026-11-01"), kind: .comment, zone: shanghai) { lines.append(line($0)) }
        #expect(lines == ["2026-11-01 comments s2 09:00:00 a   false", "2026-11-01 comments s2 09:00:00 b app  true"])
        lines = []
        try store.exportEvents(from: day("2026-11-03"), to: day("2026-11-09"), kind: nil, zone: shanghai) { lines.append(line($0)) }
        #expect(lines.isEmpty)
    }

    @Test func otherZoneExportsItsOwnLocalDays() throws {
        // In UTC, 2026-11-01 07:30 Shanghai is 10-31 23:30, and 11-02 06:00 Shanghai is 11-01 22:00.
        var events: [ExportedEvent] = []
        try store().exportEvents(from: nil, to: nil, kind: .checkin, zone: utc) { events.append($0) }
        #expect(events.map { "\($0.day) \($0.memberID) \($0.instant)" } == [
            "2026-10-31 s2 \(at("2026-11-01", "07:30"))",
            "2026-11-01 s10 \(at("2026-11-01", "11:00"))",
            "2026-11-01 s2 \(at("2026-11-01", "10:00"))",
            "2026-11-01 s2 \(at("2026-11-02", "06:00"))",
        ])
    }
}
