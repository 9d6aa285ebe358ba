/// Invariant checks of the day codec, compiled in only when the package is
/// built with `-Xswiftc -DREACH_INTERNAL_CHECKS` (as swift-collections does
/// with `COLLECTIONS_INTERNAL_CHECKS`):
///
///     swift test -Xswiftc -DREACH_INTERNAL_CHECKS
///
/// Each check states what the encoder assumes or produces and stops the
/// process when it does not hold: a bug in reach, never a damaged store
/// (stored bytes are checked, and reported, in every build: ``StoredColumn``).
/// Without the flag every check is an empty inline function and costs nothing.
enum DayCodecChecks {
    /// Whether the checks are compiled in.
    #if REACH_INTERNAL_CHECKS
    static let enabled = true
    #else
    static let enabled = false
    #endif
}

#if REACH_INTERNAL_CHECKS
extension ColumnCodec {
    /// `blob` is the column of the `count` values `value(k)`: each lies in
    /// `low ... high`, the range its width was chosen for, and
    /// ``StoredColumn`` accepts the blob and reads the values back.
    @inline(never)
    static func checkEncoding(_ blob: [UInt8], count: Int, low: UInt32, high: UInt32, _ value: (Int) -> UInt32) {
        for k in 0 ..< count {
            precondition(low <= value(k) && value(k) <= high, "value \(k) lies outside the range \(low)...\(high) given to the encoder")
        }
        blob.withUnsafeBytes { bytes in
            do throws(ColumnDamage) {
                var k = 0
                try StoredColumn(.members, bytes, count: count).forEach(within: ValueBounds(lowest: 0, highest: UInt64(UInt32.max))) {
                    precondition($0 == value(k), "value \(k) reads back as \($0), not \(value(k))")
                    k += 1
                }
            } catch {
                preconditionFailure("the reader rejects the encoder's column: \(error.reason)")
            }
        }
    }
}

extension DayPack {
    /// What a merge promises: every new event is accepted or a duplicate,
    /// the row grows by the accepted ones, it is rewritten exactly when it
    /// grew, and a sorted, distinct stored row stays sorted and distinct.
    @inline(never)
    static func checkMerge(stored: [PackedEvent], adding runs: [ArraySlice<PackedEvent>], into merged: MergedDay) {
        let newCount = runs.reduce(0) { $0 + $1.count }
        precondition(merged.accepted + merged.duplicates == newCount, "\(newCount) new events, but \(merged.accepted) accepted and \(merged.duplicates) duplicates")
        precondition(merged.events.count == stored.count + merged.accepted, "\(stored.count) stored and \(merged.accepted) accepted events merged into \(merged.events.count)")
        precondition((merged.blobs != nil) == (merged.accepted > 0), "a row was rewritten without new events, or not rewritten with them")
        precondition(merged.blobs.map { $0.count == merged.events.count } ?? true, "the blobs hold another number of events than the row")
        // Stored rows are input: one out of order is damage, not a bug here.
        if isSortedAndDistinct(stored) {
            precondition(isSortedAndDistinct(merged.events), "the merge of a sorted, distinct row is not sorted and distinct")
        }
    }

    private static func isSortedAndDistinct(_ events: [PackedEvent]) -> Bool {
        zip(events, events.dropFirst()).allSatisfy { PackedEvent.precedes($0, $1) }
    }
}
#else
extension ColumnCodec {
    @inline(__always)
    static func checkEncoding(_ blob: [UInt8], count: Int, low: UInt32, high: UInt32, _ value: (Int) -> UInt32) {}
}

extension DayPack {
    @inline(__always)
    static func checkMerge(stored: [PackedEvent], adding runs: [ArraySlice<PackedEvent>], into merged: MergedDay) {}
}
#endif
