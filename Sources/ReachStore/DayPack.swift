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

    init(day: Int32, instant: Int64, member: UInt32, content: UInt32, attribute: UInt32) {
        let offset = UInt64(instant - Int64(day) * 86_400 + PackedEvent.bias)
        self.order = offset << 32 | UInt64(member)
        self.content = content
        self.attribute = attribute
    }

    init(member: UInt32, offset: Int32, content: UInt32, attribute: UInt32) {
        self.order = UInt64(Int64(offset) + PackedEvent.bias) << 32 | UInt64(member)
        self.content = content
        self.attribute = attribute
    }

    var member: UInt32 { UInt32(truncatingIfNeeded: order) }
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

/// The columns of one packed day row: parallel arrays, one element per
/// distinct event, each stored as one little-endian blob.
struct DayColumns {
    var members: [UInt32] = []
    var contents: [UInt32] = []
    var attributes: [UInt32] = []
    /// Seconds from the day's UTC midnight, signed.
    var offsets: [Int32] = []

    var count: Int { members.count }

    init() {}

    init(capacity: Int) {
        members.reserveCapacity(capacity)
        contents.reserveCapacity(capacity)
        attributes.reserveCapacity(capacity)
        offsets.reserveCapacity(capacity)
    }

    mutating func append(_ event: PackedEvent) {
        members.append(event.member)
        contents.append(event.content)
        attributes.append(event.attribute)
        offsets.append(event.offset)
    }

    /// The events of the columns, in stored (sorted) order.
    var events: [PackedEvent] {
        (0..<count).map { PackedEvent(member: members[$0], offset: offsets[$0], content: contents[$0], attribute: attributes[$0]) }
    }
}

/// The outcome of merging new events into a day row.
struct MergedDay {
    var columns: DayColumns
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
        var new = new
        new.sort(by: PackedEvent.precedes)
        var out = DayColumns(capacity: stored.count + new.count)
        var duplicates = 0
        var i = 0, j = 0
        while j < new.count {
            let candidate = new[j]
            if j > 0 && PackedEvent.sameIdentity(new[j - 1], candidate) {
                duplicates += 1
                j += 1
                continue
            }
            while i < stored.count && PackedEvent.precedes(stored[i], candidate) {
                out.append(stored[i])
                i += 1
            }
            if i < stored.count && PackedEvent.sameIdentity(stored[i], candidate) {
                duplicates += 1
            } else {
                out.append(candidate)
            }
            j += 1
        }
        while i < stored.count {
            out.append(stored[i])
            i += 1
        }
        return MergedDay(columns: out, accepted: out.count - stored.count, duplicates: duplicates)
    }
}

// MARK: - Blob encoding

/// Little-endian 32-bit columns. On a little-endian host (every platform
/// Swift ships for) reading and writing a column is one `memcpy`.
enum ColumnCodec {
    static func withBytes<T, R>(of values: [T], _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
    where T: FixedWidthInteger {
        #if _endian(little)
        return try values.withUnsafeBytes(body)
        #else
        return try values.map(\.littleEndian).withUnsafeBytes(body)
        #endif
    }

    static func decode<T: FixedWidthInteger>(_ bytes: UnsafeRawBufferPointer, as type: T.Type) -> [T] {
        let count = bytes.count / MemoryLayout<T>.size
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { memcpy(buffer.baseAddress!, bytes.baseAddress!, count * MemoryLayout<T>.size) }
            #if !_endian(little)
            for k in 0..<count { buffer[k] = T(littleEndian: buffer[k]) }
            #endif
            initialized = count
        }
    }

    /// The little-endian `UInt32` at element `index` of `bytes`.
    @inline(__always) static func uint32(_ bytes: UnsafeRawBufferPointer, _ index: Int) -> UInt32 {
        UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: index &* 4, as: UInt32.self))
    }
}
