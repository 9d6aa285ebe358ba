import Testing
import ReachModel
@testable import ReachReading

@Suite struct TimestampTests {
    func instant(_ text: String, zone: ReportingZone = shanghai) -> Int64? {
        var parser = TimestampParser(zone: zone)
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { parser.instant($0) }
    }

    @Test func localForms() {
        let t = utc(2026, 11, 3, 0, 5, 9)  // 08:05:09 in Shanghai
        #expect(instant("2026-11-03 08:05:09") == t)
        #expect(instant("2026-11-03 08:05") == t - 9)
        #expect(instant("2026/11/3 8:05:09") == t)
        #expect(instant("2026/11/03 08:05:09") == t)
        #expect(instant("2026/1/2 0:00") == utc(2026, 1, 1, 16, 0, 0))
        #expect(instant("2026/1/2 23:59") == utc(2026, 1, 2, 15, 59, 0))
    }

    @Test func isoWithZoneAndOffsets() {
        #expect(instant("2026-11-03T23:30:00Z") == utc(2026, 11, 3, 23, 30))  // 07:30 on 11-04 in Shanghai
        #expect(shanghai.day(of: instant("2026-11-03T16:00:00Z")!) == Day(year: 2026, month: 11, day: 4))
        #expect(shanghai.day(of: instant("2026-11-03T15:59:59Z")!) == Day(year: 2026, month: 11, day: 3))
        #expect(instant("2026-11-03T08:00:00+08:00") == utc(2026, 11, 3, 0))
        #expect(instant("2026-11-03T08:00:00-05:30") == utc(2026, 11, 3, 13, 30))
        #expect(instant("2026-11-03T08:00:00.999Z") == utc(2026, 11, 3, 8))
        #expect(instant("2026-11-03T08:00:00.5+01:00") == utc(2026, 11, 3, 7))
        #expect(instant("2026-11-03T08:00:00") == nil)  // T needs Z or an offset
        #expect(instant("2026-11-03T08:00:00.Z") == nil)
        #expect(instant("2026-11-03T08:00Z") == nil)
    }

    @Test func epochSecondsAndMillisecondsTruncated() {
        #expect(instant("1762128000") == 1_762_128_000)
        #expect(instant("1762128000999") == 1_762_128_000)
        #expect(instant("176212800") == nil)
        #expect(instant("17621280001") == nil)
    }

    @Test func rangeChecks() {
        #expect(instant("2026-02-30 08:00:00") == nil)
        #expect(instant("2026-11-03 24:00:00") == nil)
        #expect(instant("2026-11-03 23:60:00") == nil)
        #expect(instant("2026-11-03 23:00:60") == nil)
        #expect(instant("2026-13-01 08:00") == nil)
        #expect(instant("2024-02-29 08:00") == utc(2024, 2, 29, 0))
        #expect(instant("2026/2/29 8:00") == nil)
        #expect(instant("2026-11-03T24:00:00Z") == nil)
        #expect(instant("2026-11-03") == nil)
        #expect(instant("2026-11-03 8:00") == nil)
        #expect(instant("2026-11-03 08:00:00 ") == nil)
    }

    @Test func otherZonesAndDaylightSaving() throws {
        let berlin = try ReportingZone(identifier: "Europe/Berlin")
        #expect(instant("2026-07-01 12:00:00", zone: berlin) == utc(2026, 7, 1, 10))
        #expect(instant("2026-12-01 12:00:00", zone: berlin) == utc(2026, 12, 1, 11))
        // 2026-03-29: clocks go 02:00 → 03:00 in Berlin.
        #expect(instant("2026-03-29 01:30:00", zone: berlin) == utc(2026, 3, 29, 0, 30))
        #expect(instant("2026-03-29 04:00:00", zone: berlin) == utc(2026, 3, 29, 2))
    }

    @Test func dates() {
        func date(_ s: String) -> Day? { Array(s.utf8).withUnsafeBufferPointer { TimestampParser.date($0) } }
        #expect(date("2026-09-01") == Day(year: 2026, month: 9, day: 1))
        #expect(date("2026/9/1") == Day(year: 2026, month: 9, day: 1))
        #expect(date("2026/09/01") == Day(year: 2026, month: 9, day: 1))
        #expect(date("2026-9-1") == nil)
        #expect(date("2026-02-30") == nil)
        #expect(date("2026-09-01 08:00") == nil)
    }

    @Test func inEventFiles() throws {
        let text = "member_id,time\nS1,1762128000123\nS2,2026-11-03T16:00:00Z\nS3,2026-02-30 08:00:00\nS4,2026-11-03 24:00:00\nS5,\n"
        let all = try read(text, name: "checkins.csv")
        #expect(all.events.map(\.instant) == [1_762_128_000, utc(2026, 11, 3, 16)])
        #expect(all.rejects.map(\.reason) == ["unparseable time '2026-02-30 08:00:00'",
                                              "unparseable time '2026-11-03 24:00:00'", "empty time"])
    }
}
