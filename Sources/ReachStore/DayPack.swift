import Foundation

/// One event in the packed layout: its identity and attributes as integer keys.
///
/// `order` packs (instant, member key) into one integer so that sorting and
/// comparing identities is a couple of integer compares. Events are kept
/// sorted by (instant, member key, content key): exports arrive roughly in
/// time order, which makes the sort nearly linear.
struct PackedEvent {
    /// `(instant − day·86 400 + bias) << 32 | member key`.
    var order: UInt64
    var content: UInt32
    /// Attribute key; ``Dictionaries/featuredBit`` marks a featured comment.
    var attribute: UInt32

    /// Offsets within a local day lie in about [−15 h, +39 h] of the day's UTC
    /// midnight; the bias keeps them positive.
    static let bias: Int64 = 1 << 20

    /// The biased offsets a stored row may hold: a local day of any zone
    /// lies within a day before and two days after its UTC midnight. Wider
    /// values are damage; they would also overflow ``offset``.
    static let storedOffsets = ValueBounds(lowest: UInt64(bias - 86_400), highest: UInt64(bias + 2 * 86_400 - 1))

    init(day: Int32, instant: Int64, member: UInt32, content: UInt32, attribute: UInt32) {
        let offset = UInt64(instant - Int64(day) * 86_400 + PackedEvent.bias)
        self.order = offset << 32 | UInt64(member)
        self.content = content
        self.attribute = attribute
    }

    /// Builds an event from its stored columns (`offset` biased, as in ``biasedOffset``).
    init(member: UInt32, biasedOffset: UInt32, content: UInt32, attribute: UInt32) {
        self.order = UInt64(biasedOffset) << 32 | UInt64(member)
        self.content = content
        self.attribute = attribute
    }

    var member: UInt32 { UInt32(truncatingIfNeeded: order) }
    /// ``offset`` + ``bias``: positive, as the offsets column stores it.
    var biasedOffset: UInt32 { UInt32(truncatingIfNeeded: order >> 32) }
    /// Seconds from the day's UTC midnight (day · 86 400) to the instant.
    var offset: Int32 { Int32(Int64(order >> 32) - PackedEvent.bias) }

    /// Identity order (SPEC 1.5: kind and day are fixed by the row).
    @inline(__always) static func precedes(_ a: PackedEvent, _ b: PackedEvent) -> Bool {
        a.order != b.order ? a.order < b.order : a.content < b.content
    }

    @inline(__always) static func sameIdentity(_ a: PackedEvent, _ b: PackedEvent) -> Bool {
        a.order == b.order && a.content == b.content
    }
}

/// The outcome of merging new events into a day row.
struct MergedDay {
    /// The row's events after the merge, sorted and distinct.
    var events: [PackedEvent]
    /// The row's column blobs (only when it gained events).
    var blobs: DayBlobs?
    /// New distinct events.
    var accepted: Int
    /// Events whose identity was already in the row or earlier in `new`.
    var duplicates: Int
}

enum DayPack {
    /// Merges `new` (any order, may repeat) into `stored` (sorted, distinct).
    /// A repeated identity keeps the first version: the stored one, else the
    /// earliest in `new` (the sort is stable).
    static func merge(stored: [PackedEvent], adding new: [PackedEvent]) -> MergedDay {
        merge(stored: stored, adding: [new[...]])
    }

    /// Merges the events of `runs`, taken in order as one array (the runs a
    /// file's batches gave a day), as the merge of one array does.
    static func merge(stored: [PackedEvent], adding runs: [ArraySlice<PackedEvent>]) -> MergedDay {
        let merged = mergeSorted(stored: stored, adding: runs)
        checkMerge(stored: stored, adding: runs, into: merged)
        return merged
    }

    /// The merge itself; the caller checks its result (``DayCodecChecks``).
    private static func mergeSorted(stored: [PackedEvent], adding runs: [ArraySlice<PackedEvent>]) -> MergedDay {
        var new: [PackedEvent] = []
        new.reserveCapacity(runs.reduce(0) { $0 + $1.count })
        for run in runs { new.append(contentsOf: run) }
        new.sort(by: PackedEvent.precedes)
        // Drop repeats within `new`, in place, keeping the first of each.
        var distinct = 0
        new.withUnsafeMutableBufferPointer { events in
            for k in events.indices where k == 0 || !PackedEvent.sameIdentity(events[distinct - 1], events[k]) {
                events[distinct] = events[k]
                distinct += 1
            }
        }
        var duplicates = new.count - distinct
        new.removeLast(new.count - distinct)
        guard !stored.isEmpty else {
            return MergedDay(events: new, blobs: new.isEmpty ? nil : DayBlobs(new), accepted: new.count,
                             duplicates: duplicates)
        }
        let merged = [PackedEvent](unsafeUninitializedCapacity: stored.count + new.count) { out, written in
            var n = 0, i = 0
            for candidate in new {
                while i < stored.count && PackedEvent.precedes(stored[i], candidate) {
                    out[n] = stored[i]
                    n += 1
                    i += 1
                }
                if i < stored.count && PackedEvent.sameIdentity(stored[i], candidate) {
                    duplicates += 1
                } else {
                    out[n] = candidate
                    n += 1
                }
            }
            while i < stored.count {
                out[n] = stored[i]
                n += 1
                i += 1
            }
            written = n
        }
        let accepted = merged.count - stored.count
        return MergedDay(events: merged, blobs: accepted > 0 ? DayBlobs(merged) : nil, accepted: accepted,
                         duplicates: duplicates)
    }
}

/// The four column blobs of a day row, in the order the table stores them.
struct DayBlobs {
    var count: Int
    var members: [UInt8]
    var contents: [UInt8]
    var attributes: [UInt8]
    var offsets: [UInt8]

    /// The columns of `events`: their four ranges in one pass over them,
    /// then each column's deltas.
    init(_ events: [PackedEvent]) {
        count = events.count
        (members, contents, attributes, offsets) = events.withUnsafeBufferPointer { e in
            var low = (m: UInt32.max, c: UInt32.max, a: UInt32.max, o: UInt32.max)
            var high = (m: UInt32(0), c: UInt32(0), a: UInt32(0), o: UInt32(0))
            for event in e {
                (low.m, high.m) = (min(low.m, event.member), max(high.m, event.member))
                (low.c, high.c) = (min(low.c, event.content), max(high.c, event.content))
                (low.a, high.a) = (min(low.a, event.attribute), max(high.a, event.attribute))
                (low.o, high.o) = (min(low.o, event.biasedOffset), max(high.o, event.biasedOffset))
            }
            return (ColumnCodec.encode(count: e.count, low: low.m, high: high.m) { e[$0].member },
                    ColumnCodec.encode(count: e.count, low: low.c, high: high.c) { e[$0].content },
                    ColumnCodec.encode(count: e.count, low: low.a, high: high.a) { e[$0].attribute },
                    ColumnCodec.encode(count: e.count, low: low.o, high: high.o) { e[$0].biasedOffset })
        }
    }

    /// The events of a stored row, from its column blobs, each checked
    /// against `limits`; the attribute keys also without
    /// ``Dictionaries/featuredBit``, as export looks them up.
    static func events(members: StoredColumn, contents: StoredColumn, attributes: StoredColumn, offsets: StoredColumn,
                       within limits: KeyLimits) throws(ColumnDamage) -> [PackedEvent] {
        let m = try members.decode(within: limits.members), c = try contents.decode(within: limits.contents)
        let a = try attributes.decode(within: limits.attributeColumn)
        let o = try offsets.decode(within: PackedEvent.storedOffsets)
        var largestAttribute: UInt32 = 0
        let events = (0..<members.count).map { k in
            largestAttribute = max(largestAttribute, a[k] & ~Dictionaries.featuredBit)
            return PackedEvent(member: m[k], biasedOffset: o[k], content: c[k], attribute: a[k])
        }
        if !events.isEmpty {
            try limits.attributes.check(.attributes, lowest: 0, highest: UInt64(largestAttribute))
        }
        return events
    }
}

// MARK: - Blob encoding

/// One column of a day row as a blob: unsigned 32-bit values stored as
/// `base + delta`, with the narrowest width that holds every delta.
///
/// Layout: byte 0 = width (0, 1, 2, 3 or 4 bytes per value; 0 = every value
/// is `base`), bytes 1–3 zero, bytes 4–7 = base (little-endian), then one
/// little-endian delta per event, then 1 byte of padding when the width is 3.
/// Member keys of a 50,000-member campus take 2 bytes, the usually-empty
/// content and attribute columns of check-ins take none.
enum ColumnCodec {
    static let headerSize = 8

    /// The length of the blob of `count` values at `width` bytes each. The
    /// padding byte lets a 3-byte value be read as 4 bytes.
    static func size(width: Int, count: Int) -> Int { headerSize + count * width + (width == 3 ? 1 : 0) }

    static func encode(_ values: UnsafeBufferPointer<UInt32>) -> [UInt8] {
        encode(count: values.count) { values[$0] }
    }

    /// The blob of `count` values, value `k` being `value(k)`: read in two
    /// passes (the range, then the deltas), with no column of values in
    /// between.
    @inline(__always)
    static func encode(count: Int, _ value: (Int) -> UInt32) -> [UInt8] {
        guard count > 0 else { return [0, 0, 0, 0, 0, 0, 0, 0] }
        var low = value(0), high = low
        for k in 1 ..< count {
            let v = value(k)
            low = min(low, v)
            high = max(high, v)
        }
        return encode(count: count, low: low, high: high, value)
    }

    /// The blob of `count` values that lie in `low ... high`, value `k`
    /// being `value(k)`.
    @inline(__always)
    static func encode(count: Int, low: UInt32, high: UInt32, _ value: (Int) -> UInt32) -> [UInt8] {
        guard count > 0 else { return [0, 0, 0, 0, 0, 0, 0, 0] }
        let range = high - low
        let width = range == 0 ? 0 : range <= 0xFF ? 1 : range <= 0xFFFF ? 2 : range <= 0xFF_FFFF ? 3 : 4
        let size = size(width: width, count: count)
        let blob = [UInt8](unsafeUninitializedCapacity: size) { bytes, initialized in
            let raw = UnsafeMutableRawBufferPointer(bytes)
            raw.storeBytes(of: UInt32(width).littleEndian, as: UInt32.self)  // width, then three zero bytes
            raw.storeBytes(of: low.littleEndian, toByteOffset: 4, as: UInt32.self)
            var at = headerSize
            switch width {
            case 0: break
            case 1: for k in 0 ..< count { raw[at] = UInt8(truncatingIfNeeded: value(k) &- low); at &+= 1 }
            case 2:
                for k in 0 ..< count {
                    raw.storeBytes(of: UInt16(truncatingIfNeeded: value(k) &- low).littleEndian, toByteOffset: at, as: UInt16.self)
                    at &+= 2
                }
            case 3:
                for k in 0 ..< count {
                    let delta = value(k) &- low
                    raw[at] = UInt8(truncatingIfNeeded: delta)
                    raw[at &+ 1] = UInt8(truncatingIfNeeded: delta >> 8)
                    raw[at &+ 2] = UInt8(truncatingIfNeeded: delta >> 16)
                    at &+= 3
                }
                raw[at] = 0  // the padding byte
            default:
                for k in 0 ..< count {
                    raw.storeBytes(of: (value(k) &- low).littleEndian, toByteOffset: at, as: UInt32.self)
                    at &+= 4
                }
            }
            initialized = size
        }
        checkEncoding(blob, count: count, low: low, high: high, value)
        return blob
    }
}

/// The four column blobs of a `day_events` row, by their SQL names.
enum DayColumn: String, Sendable {
    case members, contents, attributes, instants

    /// What a damage report says of `value`, which lies outside `bounds`.
    func outside(_ value: UInt64, _ bounds: ValueBounds) -> String {
        let noun: String
        var (value, lowest, highest) = (value, bounds.lowest, bounds.highest)
        switch self {
        case .instants:
            let seconds = { (biased: UInt64) in Int64(biased) - PackedEvent.bias }
            return "the instants column holds a time \(seconds(value)) s from the day's midnight (UTC), outside the \(seconds(lowest)) to \(seconds(highest)) s a day's events lie in"
        case .members: noun = "member key"
        case .contents: noun = "content key"
        case .attributes:
            // Shown without the featured bit, as the dictionary numbers them.
            noun = "attribute key"
            (value, highest) = (value & ~UInt64(Dictionaries.featuredBit), highest & ~UInt64(Dictionaries.featuredBit))
        }
        let known = highest < lowest ? "the store has no \(noun)s" : "the store's \(noun)s run from \(lowest) to \(highest)"
        return "the \(self) column holds \(noun) \(value), but \(known)"
    }
}

/// Why a stored column cannot be what ``ColumnCodec/encode(_:)`` wrote.
struct ColumnDamage: Error, Equatable {
    let reason: String
}

/// The values a stored column may hold; anything else means the store is
/// damaged. Empty when `highest < lowest`.
struct ValueBounds: Sendable, Equatable {
    var lowest: UInt64
    var highest: UInt64

    func contains(_ value: UInt64) -> Bool { value >= lowest && value <= highest }

    /// Throws unless the values from `low` through `high` all lie within
    /// these bounds (values of `column`, for the message).
    func check(_ column: DayColumn, lowest low: UInt64, highest high: UInt64) throws(ColumnDamage) {
        guard contains(low) else { throw ColumnDamage(reason: column.outside(low, self)) }
        guard contains(high) else { throw ColumnDamage(reason: column.outside(high, self)) }
    }
}

/// A column blob read from the store, its header checked against the row's
/// event count, so that decoding it never reads past its bytes.
///
/// Decoding also checks the values: every decoder tracks the largest delta
/// as it goes (one `max` per value, in the loop that reads it) and then
/// compares `base` and `base + largest` with the bounds the caller gives.
struct StoredColumn {
    let column: DayColumn
    let bytes: UnsafeRawBufferPointer
    let count: Int
    let width: Int
    let base: UInt32

    /// Checks that `bytes` is laid out as ``ColumnCodec/encode(_:)`` lays out
    /// `count` values: width 0–4, bytes 1–3 zero, and exactly the length
    /// that width and count give.
    init(_ column: DayColumn, _ bytes: UnsafeRawBufferPointer, count: Int) throws(ColumnDamage) {
        self.column = column
        self.bytes = bytes
        self.count = count
        guard bytes.count >= ColumnCodec.headerSize else {
            throw ColumnDamage(reason: "the \(column) column is \(bytes.count) bytes long, shorter than its 8-byte header")
        }
        guard bytes[0] <= 4 && bytes[1] == 0 && bytes[2] == 0 && bytes[3] == 0 else {
            let header = bytes.prefix(4).map { ($0 < 16 ? "0" : "") + String($0, radix: 16, uppercase: true) }.joined(separator: " ")
            throw ColumnDamage(reason: "the \(column) column begins with bytes \(header), not a width of 0 to 4 and three zero bytes")
        }
        width = Int(bytes[0])
        base = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        let expected = ColumnCodec.size(width: width, count: count)
        guard bytes.count == expected else {
            throw ColumnDamage(reason: "the \(column) column is \(bytes.count) bytes long, but \(count) values of width \(width) take \(expected)")
        }
    }

    /// Every value, checked against `bounds`: ``forEach(within:_:)``
    /// writing each value to its slot.
    func decode(within bounds: ValueBounds) throws(ColumnDamage) -> [UInt32] {
        try [UInt32](unsafeUninitializedCapacity: count) { out, initialized throws(ColumnDamage) in
            var k = 0
            try forEach(within: bounds) { value in
                out[k] = value
                k &+= 1
            }
            initialized = count
        }
    }

    /// Calls `body` with each value, in order, then checks them against
    /// `bounds`: `body` must cope with any value, as it sees damaged ones
    /// before the throw.
    @inline(__always)
    func forEach(within bounds: ValueBounds, _ body: (UInt32) -> Void) throws(ColumnDamage) {
        try check(scan(count, body), within: bounds)
    }

    /// The first value (the smallest offset, in the instants column), checked
    /// against `bounds`; `nil` for an empty column.
    func first(within bounds: ValueBounds) throws(ColumnDamage) -> UInt32? {
        guard count > 0 else { return nil }
        var first: UInt32 = 0
        try check(scan(1) { first = $0 }, within: bounds)
        return first
    }

    /// Calls `body` with each of the first `n` values, in order (`n` ≤
    /// ``count``); returns the largest delta seen.
    @inline(__always)
    private func scan(_ n: Int, _ body: (UInt32) -> Void) -> UInt32 {
        guard n > 0 else { return 0 }
        let base = base
        let data = bytes.baseAddress.unsafelyUnwrapped + ColumnCodec.headerSize
        var largest: UInt32 = 0
        switch width {
        case 0:
            for _ in 0..<n { body(base) }
        case 1:
            let p = data.assumingMemoryBound(to: UInt8.self)
            for k in 0..<n {
                let delta = UInt32(p[k])
                largest = max(largest, delta)
                body(base &+ delta)
            }
        case 2:
            for k in 0..<n {
                let delta = UInt32(UInt16(littleEndian: data.loadUnaligned(fromByteOffset: k &* 2, as: UInt16.self)))
                largest = max(largest, delta)
                body(base &+ delta)
            }
        case 3:
            for k in 0..<n {
                let delta = UInt32(littleEndian: data.loadUnaligned(fromByteOffset: k &* 3, as: UInt32.self)) & 0xFF_FFFF
                largest = max(largest, delta)
                body(base &+ delta)
            }
        default:
            for k in 0..<n {
                let delta = UInt32(littleEndian: data.loadUnaligned(fromByteOffset: k &* 4, as: UInt32.self))
                largest = max(largest, delta)
                body(base &+ delta)
            }
        }
        return largest
    }

    /// The values run from `base` to `base + largest`, summed without
    /// wrapping, so that a sum past 32 bits is caught too.
    private func check(_ largest: UInt32, within bounds: ValueBounds) throws(ColumnDamage) {
        guard count > 0 else { return }
        try bounds.check(column, lowest: UInt64(base), highest: UInt64(base) + UInt64(largest))
    }
}
