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
        var new = new
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

    init(_ events: [PackedEvent]) {
        count = events.count
        var column = [UInt32](repeating: 0, count: events.count)
        func encode(_ value: (PackedEvent) -> UInt32) -> [UInt8] {
            for k in events.indices { column[k] = value(events[k]) }
            return column.withUnsafeBufferPointer(ColumnCodec.encode)
        }
        members = encode(\.member)
        contents = encode(\.content)
        attributes = encode(\.attribute)
        offsets = encode(\.biasedOffset)
    }

    /// The events of a stored row, from its column blobs.
    static func events(count: Int, members: UnsafeRawBufferPointer, contents: UnsafeRawBufferPointer,
                       attributes: UnsafeRawBufferPointer, offsets: UnsafeRawBufferPointer) -> [PackedEvent] {
        let m = ColumnCodec.decode(members, count: count), c = ColumnCodec.decode(contents, count: count)
        let a = ColumnCodec.decode(attributes, count: count), o = ColumnCodec.decode(offsets, count: count)
        return (0..<count).map { PackedEvent(member: m[$0], biasedOffset: o[$0], content: c[$0], attribute: a[$0]) }
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

    static func encode(_ values: UnsafeBufferPointer<UInt32>) -> [UInt8] {
        guard let first = values.first else { return [0, 0, 0, 0, 0, 0, 0, 0] }
        var low = first, high = first
        for value in values {
            low = min(low, value)
            high = max(high, value)
        }
        let range = high - low
        let width = range == 0 ? 0 : range <= 0xFF ? 1 : range <= 0xFFFF ? 2 : range <= 0xFF_FFFF ? 3 : 4
        let size = headerSize + values.count * width + (width == 3 ? 1 : 0)
        return [UInt8](unsafeUninitializedCapacity: size) { bytes, initialized in
            let raw = UnsafeMutableRawBufferPointer(bytes)
            raw.initializeMemory(as: UInt8.self, repeating: 0)
            raw[0] = UInt8(width)
            raw.storeBytes(of: low.littleEndian, toByteOffset: 4, as: UInt32.self)
            var at = headerSize
            switch width {
            case 0: break
            case 1: for value in values { raw[at] = UInt8(truncatingIfNeeded: value &- low); at &+= 1 }
            case 2:
                for value in values {
                    raw.storeBytes(of: UInt16(truncatingIfNeeded: value &- low).littleEndian, toByteOffset: at, as: UInt16.self)
                    at &+= 2
                }
            case 3:
                for value in values {
                    let delta = value &- low
                    raw[at] = UInt8(truncatingIfNeeded: delta)
                    raw[at &+ 1] = UInt8(truncatingIfNeeded: delta >> 8)
                    raw[at &+ 2] = UInt8(truncatingIfNeeded: delta >> 16)
                    at &+= 3
                }
            default:
                for value in values {
                    raw.storeBytes(of: (value &- low).littleEndian, toByteOffset: at, as: UInt32.self)
                    at &+= 4
                }
            }
            initialized = size
        }
    }

    /// Decodes `count` values into `out` (which holds at least `count`).
    static func decode(_ blob: UnsafeRawBufferPointer, count: Int, into out: UnsafeMutablePointer<UInt32>) {
        guard count > 0 else { return }
        precondition(blob.count >= headerSize, "damaged day row")
        let width = Int(blob[0])
        let base = UInt32(littleEndian: blob.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        precondition(blob.count >= headerSize + count * width, "damaged day row")
        let data = blob.baseAddress! + headerSize
        switch width {
        case 0: out.update(repeating: base, count: count)
        case 1:
            let p = data.assumingMemoryBound(to: UInt8.self)
            for k in 0..<count { out[k] = base &+ UInt32(p[k]) }
        case 2:
            for k in 0..<count {
                out[k] = base &+ UInt32(UInt16(littleEndian: data.loadUnaligned(fromByteOffset: k &* 2, as: UInt16.self)))
            }
        case 3:
            for k in 0..<count {
                out[k] = base &+ (UInt32(littleEndian: data.loadUnaligned(fromByteOffset: k &* 3, as: UInt32.self)) & 0xFF_FFFF)
            }
        default:
            for k in 0..<count {
                out[k] = base &+ UInt32(littleEndian: data.loadUnaligned(fromByteOffset: k &* 4, as: UInt32.self))
            }
        }
    }

    static func decode(_ blob: UnsafeRawBufferPointer, count: Int) -> [UInt32] {
        [UInt32](unsafeUninitializedCapacity: count) { buffer, initialized in
            decode(blob, count: count, into: buffer.baseAddress!)
            initialized = count
        }
    }

    /// Calls `body` with each of the `count` values, in order.
    @inline(__always)
    static func forEach(_ blob: UnsafeRawBufferPointer, count: Int, _ body: (UInt32) -> Void) {
        guard count > 0 else { return }
        precondition(blob.count >= headerSize, "damaged day row")
        let width = Int(blob[0])
        let base = UInt32(littleEndian: blob.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        precondition(blob.count >= headerSize + count * width, "damaged day row")
        let data = blob.baseAddress! + headerSize
        switch width {
        case 0: for _ in 0..<count { body(base) }
        case 1:
            let p = data.assumingMemoryBound(to: UInt8.self)
            for k in 0..<count { body(base &+ UInt32(p[k])) }
        case 2:
            for k in 0..<count {
                body(base &+ UInt32(UInt16(littleEndian: data.loadUnaligned(fromByteOffset: k &* 2, as: UInt16.self))))
            }
        case 3:
            for k in 0..<count {
                body(base &+ (UInt32(littleEndian: data.loadUnaligned(fromByteOffset: k &* 3, as: UInt32.self)) & 0xFF_FFFF))
            }
        default:
            for k in 0..<count {
                body(base &+ UInt32(littleEndian: data.loadUnaligned(fromByteOffset: k &* 4, as: UInt32.self)))
            }
        }
    }

    /// The first value of a column (the smallest offset, in the offsets column).
    static func first(_ blob: UnsafeRawBufferPointer) -> UInt32 {
        var value: UInt32 = 0
        decode(blob, count: 1, into: &value)
        return value
    }
}
