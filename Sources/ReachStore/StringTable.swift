/// A string → value table tuned for interning ids: open addressing with
/// linear probing over a cheap hash of the UTF-8 bytes.
///
/// Ingest looks up every distinct member id of every batch (tens of
/// millions of lookups for a campus year). `Dictionary<String, _>` spends
/// most of that in SipHash and in cache misses across its separate key and
/// value storage; here a slot holds hash tag, value and key together, so a
/// lookup of a short id (stored inline in its `String`) touches one cache
/// line. The hash need not resist crafted keys: the worst case is a slower
/// table, never a wrong answer.
struct StringTable<Value> {
    private struct Slot {
        /// 0 = empty; otherwise the hash's top 32 bits with the lowest bit set.
        var tag: UInt32
        var value: Value
        var key: String
    }

    private var slots: [Slot]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1024, placeholder: Value) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: Slot(tag: 0, value: placeholder, key: ""), count: size)
        mask = size - 1
    }

    subscript(key: String) -> Value? {
        find(key, hash: StringTable.hash(key))
    }

    /// Looks up many keys at once; `missing` stands for keys not in the table.
    ///
    /// While finding key `i` it already loads the home slot of key `i + 8`:
    /// the loads are independent, so the processor overlaps the cache misses
    /// instead of waiting for memory once per key.
    func values(of keys: [String], missing: Value) -> [Value] {
        let distance = 8
        var ahead = [UInt64](repeating: 0, count: distance)
        var touched: UInt32 = 0
        let result = [Value](unsafeUninitializedCapacity: keys.count) { out, initialized in
            keys.withUnsafeBufferPointer { keys in
                slots.withUnsafeBufferPointer { slots in
                    ahead.withUnsafeMutableBufferPointer { ahead in
                        for i in 0..<min(distance, keys.count) {
                            ahead[i] = StringTable.hash(keys[i])
                            touched |= slots[Int(truncatingIfNeeded: ahead[i]) & mask].tag
                        }
                        for i in 0..<keys.count {
                            let hash = ahead[i % distance]
                            if i + distance < keys.count {
                                let next = StringTable.hash(keys[i + distance])
                                ahead[i % distance] = next
                                touched |= slots[Int(truncatingIfNeeded: next) & mask].tag
                            }
                            (out.baseAddress! + i).initialize(to: find(keys[i], hash: hash, in: slots) ?? missing)
                        }
                    }
                }
            }
            initialized = keys.count
        }
        StringTable.keep(touched)
        return result
    }

    @inline(never) private static func keep(_ value: UInt32) {}

    private func find(_ key: String, hash: UInt64) -> Value? {
        slots.withUnsafeBufferPointer { find(key, hash: hash, in: $0) }
    }

    @inline(__always)
    private func find(_ key: String, hash: UInt64, in slots: UnsafeBufferPointer<Slot>) -> Value? {
        let tag = StringTable.tag(hash)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let candidate = slots[slot].tag
            if candidate == 0 { return nil }
            if candidate == tag && slots[slot].key == key { return slots[slot].value }
            slot = (slot &+ 1) & mask
        }
    }

    /// Adds `key`, which must not be present.
    mutating func insert(_ key: String, _ value: Value) {
        if (count + 1) * 2 > slots.count { grow() }
        place(Slot(tag: 0, value: value, key: key), hash: StringTable.hash(key))
        count += 1
    }

    private mutating func place(_ entry: Slot, hash: UInt64) {
        var entry = entry
        entry.tag = StringTable.tag(hash)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot].tag != 0 { slot = (slot + 1) & mask }
        slots[slot] = entry
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(tag: 0, value: old[0].value, key: ""), count: old.count * 2)
        mask = slots.count - 1
        for entry in old where entry.tag != 0 { place(entry, hash: StringTable.hash(entry.key)) }
    }

    @inline(__always) private static func tag(_ hash: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: hash >> 32) | 1 }

    /// A 64-bit mix of the UTF-8 bytes, eight at a time.
    @inline(__always) static func hash(_ key: String) -> UInt64 {
        var key = key
        return key.withUTF8 { bytes in
            var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
            var i = 0
            let raw = UnsafeRawBufferPointer(bytes)
            while i + 8 <= raw.count {
                h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
                h ^= h >> 31
                i += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < raw.count {
                tail |= UInt64(raw[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
            return h ^ (h >> 29)
        }
    }
}
