import Testing
@testable import ReachStore

/// The day codec's invariant checks (``DayCodecChecks``), built only with
/// `-Xswiftc -DREACH_INTERNAL_CHECKS`: a broken promise stops the process.
@Suite struct DayCodecChecksTests {
    #if REACH_INTERNAL_CHECKS
    @Test func theChecksAreCompiledIn() {
        #expect(DayCodecChecks.enabled)
    }

    @Test func aValueOutsideTheEncodersRangeStops() async {
        // 300 − 5 does not fit the 1-byte width the range 5...6 gives.
        await #expect(processExitsWith: .failure) {
            _ = ColumnCodec.encode(count: 2, low: 5, high: 6) { [5, 300][$0] }
        }
    }

    @Test func aMergeThatLosesAnEventStops() async {
        // One new event, neither accepted nor a duplicate.
        await #expect(processExitsWith: .failure) {
            let event = PackedEvent(member: 1, biasedOffset: 10, content: 0, attribute: 0)
            DayPack.checkMerge(stored: [], adding: [[event]], into: MergedDay(events: [], blobs: nil, accepted: 0, duplicates: 0))
        }
    }
    #else
    @Test func theChecksAreLeftOut() {
        #expect(!DayCodecChecks.enabled)
    }
    #endif

    /// Passes the checks when they are compiled in.
    @Test func aMergeCountsAcceptedAndRepeatedEvents() {
        func e(_ offset: UInt32, _ member: UInt32) -> PackedEvent {
            PackedEvent(member: member, biasedOffset: offset, content: 0, attribute: 0)
        }
        let merged = DayPack.merge(stored: [e(10, 1), e(30, 2)], adding: [[e(20, 1), e(10, 1)], [e(40, 3), e(20, 1)]])
        #expect(merged.events.map(\.order) == [e(10, 1), e(20, 1), e(30, 2), e(40, 3)].map(\.order))
        #expect(merged.accepted == 2 && merged.duplicates == 2)
    }
}
