// The entry points of the micro-benchmarks in `Benchmarks/` (BENCHMARKS.md,
// "Micro-benchmarks"): the day codec, a day's packed events to the column
// blobs of its `day_events` row and back. `@_spi(Benchmarks)`: not API;
// nothing in reach uses them.

/// A day's events in the packed layout (``PackedEvent``), as ingest holds a
/// day row.
@_spi(Benchmarks) public struct PackedDay: Sendable {
    var events: [PackedEvent]

    init(_ events: [PackedEvent]) { self.events = events }

    /// No events: a day whose row is not written yet.
    public init() { events = [] }

    /// The events of day `day` (days since 1970-01-01) in the order given,
    /// from four columns of one length: member keys, instants (epoch
    /// seconds, within a day before and two after the day's UTC midnight),
    /// content keys and attribute keys.
    public init(day: Int32, members: [UInt32], instants: [Int64], contents: [UInt32], attributes: [UInt32]) {
        precondition(members.count == instants.count && members.count == contents.count && members.count == attributes.count,
                     "the four columns of a day's events have one length")
        events = members.indices.map { k in
            PackedEvent(day: day, instant: instants[k], member: members[k], content: contents[k], attribute: attributes[k])
        }
    }

    /// The number of events.
    public var count: Int { events.count }

    /// These events (any order, repeats allowed) merged into `stored`
    /// (sorted and distinct, as a stored row is), as ingest merges a file's
    /// events into a day row, the row's blobs included: the day's events
    /// after the merge, how many were new and how many repeated one already
    /// there.
    public func merged(into stored: PackedDay) -> (day: PackedDay, accepted: Int, duplicates: Int) {
        let merged = DayPack.merge(stored: stored.events, adding: events)
        return (PackedDay(merged.events), merged.accepted, merged.duplicates)
    }

    /// The column blobs of these events, as a `day_events` row stores them.
    public func encoded() -> PackedDayColumns { PackedDayColumns(blobs: DayBlobs(events)) }
}

/// The four column blobs of a day row (``DayBlobs``).
@_spi(Benchmarks) public struct PackedDayColumns: Sendable {
    let blobs: DayBlobs

    /// The four blobs' length in bytes.
    public var byteCount: Int { blobs.members.count + blobs.contents.count + blobs.attributes.count + blobs.offsets.count }

    /// The events back, each column checked as a stored row's is against a
    /// store of `memberIDs` member ids, `contentIDs` content ids and
    /// `attributes` attribute rows; throws when a column is damaged.
    public func decoded(memberIDs: Int, contentIDs: Int, attributes: Int) throws -> PackedDay {
        let limits = KeyLimits(members: ValueBounds(lowest: 1, highest: UInt64(memberIDs)),
                               contents: ValueBounds(lowest: 0, highest: UInt64(contentIDs)),
                               attributes: ValueBounds(lowest: 0, highest: UInt64(attributes)))
        return try blobs.members.withUnsafeBytes { m in
            try blobs.contents.withUnsafeBytes { c in
                try blobs.attributes.withUnsafeBytes { a in
                    try blobs.offsets.withUnsafeBytes { o in
                        PackedDay(try DayBlobs.events(members: StoredColumn(.members, m, count: blobs.count),
                                                      contents: StoredColumn(.contents, c, count: blobs.count),
                                                      attributes: StoredColumn(.attributes, a, count: blobs.count),
                                                      offsets: StoredColumn(.instants, o, count: blobs.count),
                                                      within: limits))
                    }
                }
            }
        }
    }
}
