import Testing
@_spi(Benchmarks) @testable import ReachStore

/// The micro-benchmarks' entry points do the work they are timed for.
@Suite struct BenchmarkEntryTests {
    let midnight: Int64 = 20_760 * 86_400  // 2026-11-03 00:00 UTC

    func day(members: [UInt32], seconds: [Int64]) -> PackedDay {
        PackedDay(day: 20_760, members: members, instants: seconds.map { midnight + $0 },
                  contents: members.map { _ in 0 }, attributes: members.map { _ in 0 })
    }

    @Test func mergeSortsDropsRepeatsAndEncodes() throws {
        let merged = day(members: [2, 1, 2], seconds: [10, 5, 10]).merged(into: PackedDay())
        #expect(merged.accepted == 2)
        #expect(merged.duplicates == 1)
        #expect(merged.day.events.map(\.member) == [1, 2])
        #expect(merged.day.events.map(\.offset) == [5, 10])
        // Members 1, 2 and offsets 5 s apart take a byte each; contents and
        // attributes (all 0) only their 8-byte headers.
        let columns = merged.day.encoded()
        #expect(columns.byteCount == (8 + 2) + 8 + 8 + (8 + 2))
        let decoded = try columns.decoded(memberIDs: 2, contentIDs: 0, attributes: 0)
        #expect(decoded.events.map(\.order) == merged.day.events.map(\.order))
        #expect(throws: (any Error).self) { try columns.decoded(memberIDs: 1, contentIDs: 0, attributes: 0) }
    }

    @Test func mergeIntoAStoredDayCountsWhatIsNew() {
        let stored = day(members: [1, 2], seconds: [5, 10]).merged(into: PackedDay()).day
        let merged = day(members: [3, 2], seconds: [7, 10]).merged(into: stored)
        #expect((merged.accepted, merged.duplicates) == (1, 1))
        #expect(merged.day.events.map(\.member) == [1, 3, 2])
    }
}
