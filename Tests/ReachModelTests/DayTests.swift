import Testing
import ReachModel

@Suite struct DayTests {
    @Test func civilRoundTrip() {
        let d = Day(year: 2026, month: 11, day: 24)!
        #expect(d.description == "2026-11-24")
        #expect(Day(iso: "2026-11-24") == d)
        #expect(Day(year: 1970, month: 1, day: 1)!.index == 0)
        #expect(Day(year: 2024, month: 2, day: 29) != nil)
        #expect(Day(year: 2026, month: 2, day: 29) == nil)
        #expect((d + 7).description == "2026-12-01")
        #expect(Day(year: 1969, month: 12, day: 31)!.index == -1)
    }

    @Test func zoneDays() throws {
        let sh = ReportingZone.shanghai
        // 2026-11-24 16:00:00Z is 2026-11-25 00:00 in Shanghai.
        let instant: Int64 = 1_795_536_000
        #expect(sh.day(of: instant).description == "2026-11-25")
        #expect(sh.day(of: instant - 1).description == "2026-11-24")
        #expect(sh.instant(day: Day(iso: "2026-11-25")!, secondOfDay: 0) == instant)
        #expect(sh.localTimestamp(instant) == "2026-11-25 00:00:00")
    }

    @Test func zoneWithDaylightSaving() throws {
        let berlin = try ReportingZone(identifier: "Europe/Berlin")
        // 2026-03-29 02:30 does not exist in Berlin: read with the winter offset (+1).
        let gap = berlin.instant(day: Day(iso: "2026-03-29")!, secondOfDay: 2 * 3600 + 1800)
        #expect(gap == 1_774_747_800)
        // 2026-10-25 02:30 happens twice: the earlier instant (summer time, +2) wins.
        let overlap = berlin.instant(day: Day(iso: "2026-10-25")!, secondOfDay: 2 * 3600 + 1800)
        #expect(overlap == 1_792_888_200)
        #expect(throws: ReachError.self) { try ReportingZone(identifier: "Mars/Olympus") }
    }
}

@Suite struct RatioTests {
    @Test func roundingHalfUp() {
        #expect(Ratio(13, 16).fixed4 == "0.8125")
        #expect(Ratio(1, 3).fixed4 == "0.3333")
        #expect(Ratio(2, 3).fixed4 == "0.6667")
        #expect(Ratio(1, 20_000).fixed4 == "0.0001")  // 0.00005 → up
        #expect(Ratio(-1, 20_000).fixed4 == "0.0000")  // −0.00005 → towards +∞, never -0.0000
        #expect(Ratio(-1, 30_000).fixed4 == "0.0000")
        #expect(Ratio(-31, 1000).fixed4 == "-0.0310")
        #expect(Ratio(5, 5).fixed4 == "1.0000")
        #expect(Ratio(0, 7).fixed4 == "0.0000")
    }

    @Test func exactComparisonAndDelta() {
        #expect(Ratio(3, 5) == Ratio(6, 10))
        #expect(Ratio(59_999, 100_000) < Ratio(3, 5))
        #expect(!(Ratio(3, 5) < Ratio(6, 10)))
        #expect(Ratio(3, 4).minus(Ratio(1, 2)) == Ratio(1, 4))
        #expect(Ratio(decimal: "0.6") == Ratio(3, 5))
        #expect(Ratio(decimal: "1") == Ratio(1, 1))
        #expect(Ratio(decimal: ".75") == Ratio(3, 4))
        #expect(Ratio(decimal: "abc") == nil)
        #expect(Ratio(decimal: "-1") == nil)
    }

    @Test func decimalTextKeepsTheDigitsGiven() {
        #expect(Ratio(decimal: "0.60")?.decimal == "0.60")
        #expect(Ratio(decimal: "0.6")?.decimal == "0.6")
        #expect(Ratio(decimal: ".75")?.decimal == "0.75")
        #expect(Ratio(decimal: "1")?.decimal == "1")
        #expect(Ratio(decimal: "1.0")?.decimal == "1.0")
        #expect(Ratio(decimal: "0.005")?.decimal == "0.005")
        #expect(Ratio(-31, 1000).decimal == "-0.031")
        #expect(Ratio(3, 5).decimal == nil, "5 is not a power of ten")
    }

    @Test func fileKinds() {
        #expect(FileKind.detect(fileName: "Checkins-2026-11.csv") == .checkins)
        #expect(FileKind.detect(fileName: "名单.csv") == .members)
        #expect(FileKind.detect(fileName: "转发记录.csv") == .shares)
        #expect(FileKind.detect(fileName: "notes.csv") == nil)
    }
}
