import Foundation
import ReachModel
import Testing
@testable import ReachSynth

@Suite struct PrimitivesTests {
    @Test func splitMixMatchesTheReferenceSequence() {
        // First outputs of SplitMix64 seeded with 0 (Vigna's reference implementation).
        var state: UInt64 = 0
        #expect(Random.splitMix(&state) == 0xE220_A839_7B1D_CDAF)
        #expect(Random.splitMix(&state) == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func streamsAreReproducibleAndSeparate() {
        var a = Random(seed: 42, purpose: .day, index: 3)
        var b = Random(seed: 42, purpose: .day, index: 3)
        var c = Random(seed: 42, purpose: .day, index: 4)
        let first = (0..<5).map { _ in a.next() }
        #expect(first == (0..<5).map { _ in b.next() })
        #expect(first != (0..<5).map { _ in c.next() })
        var d = Random(seed: 1, purpose: .campus)
        #expect((0..<1_000).allSatisfy { _ in (0..<7).contains(d.below(7)) })
    }

    @Test func timestampsInEveryNotation() {
        let clock = TimestampWriter(day: Day(year: 2026, month: 11, day: 3)!)
        let second = 7 * 3_600 + 5 * 60 + 9
        func render(_ style: TimestampStyle, _ s: Int = second, noise: UInt64 = 1) -> String {
            var out = ByteBuffer()
            clock.write(second: s, style: style, noise: noise, into: &out)
            return String(decoding: out.bytes, as: UTF8.self)
        }
        #expect(render(.standard) == "2026-11-03 07:05:09")
        #expect(render(.slash) == "2026/11/3 7:05:09")
        #expect(render(.slash, 7 * 3_600 + 5 * 60) == "2026/11/3 7:05")
        #expect(render(.isoOffset) == "2026-11-03T07:05:09+08:00")
        #expect(render(.isoUTC) == "2026-11-02T23:05:09Z")
        // noise 0x1_2C03 → 0x12C03 % 3 == 0 → milliseconds (0x12C03 >> 8) % 1000 = 300
        #expect(render(.isoUTC, noise: 0x1_2C03) == "2026-11-02T23:05:09.300Z")
        #expect(render(.epochSeconds) == "1793660709")
        #expect(render(.epochMillis, noise: 0x1_2C03) == "1793660709300")
        // Just after local midnight is still the previous day in UTC.
        #expect(render(.isoUTC, 60) == "2026-11-02T16:01:00Z")
    }

    @Test func fieldsAreQuotedOnlyWhenNeeded() {
        var out = ByteBuffer()
        out.appendField("plain 文本", delimiter: 0x2C)
        out.append(0x7C)
        out.appendField("a,\"b\"", delimiter: 0x2C)
        out.append(0x7C)
        out.appendField("line\nbreak", delimiter: 0x09)
        out.append(0x7C)
        out.appendField("a,b", delimiter: 0x09)
        out.append(0x7C)
        out.appendDecimal(42, width: 4)
        #expect(String(decoding: out.bytes, as: UTF8.self) == "plain 文本|\"a,\"\"b\"\"\"|\"line\nbreak\"|a,b|0042")
    }

    @Test func calendarDipsOnWeekendsAndExams() {
        let monday = Day(year: 2026, month: 11, day: 2)!
        #expect(SchoolCalendar.weekday(monday) == 0)
        #expect(SchoolCalendar.weekday(monday + 6) == 6)
        #expect(SchoolCalendar.factor(monday) == 1.02)
        #expect(SchoolCalendar.factor(monday + 5) == 0.93)
        // 10–16 November is mid-term week.
        #expect(SchoolCalendar.factor(monday + 8) == 1.02 * 0.85)
    }

    @Test func apportionKeepsTheTotal() {
        #expect(Campus.apportion(10, weights: [1, 1, 1]) == [4, 3, 3])
        #expect(Campus.apportion(300, weights: [1, 2, 3]) == [50, 100, 150])
    }

    @Test func chineseNumerals() {
        #expect(["一", "十", "十二", "二十", "九十九"] == [1, 10, 12, 20, 99].map(Vocabulary.numeral))
    }
}
