import CPrefetch

/// Gives each distinct byte string a dense id (0, 1, 2, …), so that a
/// member or content id is made into a `String` once, not once per row.
///
/// Open addressing over manually managed storage. Each slot holds a hash
/// tag, the key length, the id and the first 16 key bytes, so looking up a
/// short key (every member id seen so far) touches one slot and nothing
/// else: with tens of thousands of ids in random order, memory latency is
/// what a lookup costs. Lookups are allocation-free and, while nobody
/// inserts, safe from many threads on copies of the value (the copies share
/// storage). The owner calls ``deallocate()``.
struct ByteInterner: @unchecked Sendable {
    /// A key ready for lookup: its hash and, for keys of up to 16 bytes, its
    /// bytes as two zero-padded words.
    struct Probe {
        var hash: UInt64
        var w0: UInt64
        var w1: UInt64
        var count: Int

        /// The probe holds the whole key (16 bytes or fewer) in `w0`, `w1`.
        var holdsKey: Bool { count <= 16 }

        /// Calls `body` with the key's bytes, rebuilt from `w0` and `w1`;
        /// only for a probe that ``holdsKey``.
        @inline(__always) func withKey<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
            withUnsafeBytes(of: (UInt64(littleEndian: w0), UInt64(littleEndian: w1))) { raw in
                body(UnsafeBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count))
            }
        }
    }

    private struct Slot {
        /// `hash >> 40 << 40 | min(count, 255) << 32 | (id + 1)`; 0 is empty.
        var meta: UInt64
        var w0: UInt64
        var w1: UInt64
    }

    /// Number of distinct keys.
    private(set) var count = 0
    private var slots: UnsafeMutablePointer<Slot>
    private var slotMask: Int
    /// Key `i` is `arena[keyStarts[i] ..< keyStarts[i + 1]]`.
    private var keyStarts: UnsafeMutablePointer<Int>
    private var keyCapacity: Int
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCapacity: Int

    init(expectedKeys: Int = 1024) {
        var slotCount = 16
        while slotCount < expectedKeys * 2 { slotCount *= 2 }
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: Slot(meta: 0, w0: 0, w1: 0), count: slotCount)
        slotMask = slotCount - 1
        keyCapacity = max(16, expectedKeys)
        keyStarts = .allocate(capacity: keyCapacity + 1)
        keyStarts[0] = 0
        arenaCapacity = max(256, expectedKeys * 16)
        arena = .allocate(capacity: arenaCapacity)
    }

    func deallocate() {
        slots.deallocate()
        keyStarts.deallocate()
        arena.deallocate()
    }

    /// Bytes of all keys together.
    var byteCount: Int { keyStarts[count] }

    /// A new table holding the first `count` keys of this one, with their
    /// ids, sized for them (this one stays as it is).
    func prefix(_ count: Int) -> ByteInterner {
        var table = ByteInterner(expectedKeys: max(count, 16))
        for id in 0 ..< count { _ = table.intern(key(id)) }
        return table
    }

    /// The bytes of key `id`.
    @inline(__always) func key(_ id: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: arena + keyStarts[id], count: keyStarts[id + 1] - keyStarts[id])
    }

    /// The id of `key`, if interned.
    @inline(__always) func find(_ key: UnsafeBufferPointer<UInt8>, _ probe: Probe) -> UInt32? {
        let tag = (probe.hash >> 40) << 40 | UInt64(min(probe.count, 255)) << 32
        var i = Int(truncatingIfNeeded: probe.hash) & slotMask
        while true {
            let slot = slots[i]
            if slot.meta == 0 { return nil }
            if slot.meta & 0xFFFF_FFFF_0000_0000 == tag {
                let id = Int(slot.meta & 0xFFFF_FFFF) - 1
                if probe.count <= 16 {
                    if slot.w0 == probe.w0 && slot.w1 == probe.w1 { return UInt32(id) }
                } else if equal(id, key) {
                    return UInt32(id)
                }
            }
            i = (i + 1) & slotMask
        }
    }

    /// Starts loading the slot where a lookup of `probe` begins, so that a
    /// ``find(_:_:)`` issued a little later does not wait for memory.
    @inline(__always) func prefetch(_ probe: Probe) {
        let slot = UnsafeRawPointer(slots + (Int(truncatingIfNeeded: probe.hash) & slotMask))
        reach_prefetch(slot)
        // A 24-byte slot may straddle two cache lines.
        reach_prefetch(slot + MemoryLayout<Slot>.stride - 1)
    }

    /// The id of `key`, interning it when new.
    @inline(__always) mutating func intern(_ key: UnsafeBufferPointer<UInt8>, _ probe: Probe) -> UInt32 {
        if let id = find(key, probe) { return id }
        return insert(key, probe)
    }

    /// The id of `key`, interning it when new.
    mutating func intern(_ key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        intern(key, Self.probe(key))
    }

    private mutating func insert(_ key: UnsafeBufferPointer<UInt8>, _ probe: Probe) -> UInt32 {
        if (count + 1) * 2 > slotMask + 1 { growSlots() }
        if count == keyCapacity {
            let bigger = UnsafeMutablePointer<Int>.allocate(capacity: keyCapacity * 2 + 1)
            bigger.update(from: keyStarts, count: count + 1)
            keyStarts.deallocate()
            keyStarts = bigger
            keyCapacity *= 2
        }
        let used = keyStarts[count]
        if used + key.count > arenaCapacity {
            var capacity = arenaCapacity * 2
            while capacity < used + key.count { capacity *= 2 }
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            bigger.update(from: arena, count: used)
            arena.deallocate()
            arena = bigger
            arenaCapacity = capacity
        }
        if let base = key.baseAddress { (arena + used).update(from: base, count: key.count) }
        keyStarts[count + 1] = used + key.count
        let id = count
        count += 1
        place(id, probe)
        return UInt32(id)
    }

    private func place(_ id: Int, _ probe: Probe) {
        let meta = (probe.hash >> 40) << 40 | UInt64(min(probe.count, 255)) << 32 | UInt64(id + 1)
        var i = Int(truncatingIfNeeded: probe.hash) & slotMask
        while slots[i].meta != 0 { i = (i + 1) & slotMask }
        slots[i] = Slot(meta: meta, w0: probe.w0, w1: probe.w1)
    }

    private mutating func growSlots() {
        let old = slots
        let newCount = (slotMask + 1) * 2
        slots = .allocate(capacity: newCount)
        slots.initialize(repeating: Slot(meta: 0, w0: 0, w1: 0), count: newCount)
        slotMask = newCount - 1
        for id in 0 ..< count { place(id, Self.probe(key(id))) }
        old.deallocate()
    }

    @inline(__always) private func equal(_ id: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let s = keyStarts[id], n = keyStarts[id + 1] - s
        guard n == key.count else { return false }
        guard n > 0, let base = key.baseAddress else { return true }
        let a = UnsafeRawPointer(arena + s), b = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= n {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        while i < n {
            if arena[s + i] != base[i] { return false }
            i += 1
        }
        return true
    }

    /// Hash and (for short keys) padded words of `key` (wyhash-style
    /// multiply folds; fast on the short ids reach sees).
    @inline(__always) static func probe(_ key: UnsafeBufferPointer<UInt8>) -> Probe {
        let n = key.count
        guard n > 0, let p = key.baseAddress else {
            return Probe(hash: mix(0x243F_6A88_85A3_08D3, 0x9E37_79B9_7F4A_7C15), w0: 0, w1: 0, count: 0)
        }
        let raw = UnsafeRawPointer(p)
        var w0: UInt64 = 0, w1: UInt64 = 0
        if n >= 8 {
            w0 = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            if n >= 16 {
                w1 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            } else if n > 8 {
                // The last 8 bytes, shifted so only bytes 8 ..< n remain.
                w1 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)) >> UInt64((16 - n) * 8)
            }
        } else {
            for i in 0 ..< n { w0 |= UInt64(p[i]) << UInt64(i * 8) }
        }
        var h = mix(w0 ^ 0x243F_6A88_85A3_08D3 ^ UInt64(n), w1 ^ 0xA076_1D64_78BD_642F)
        if n > 16 {
            var i = 16
            while i + 8 <= n {
                h = mix(h ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)), 0xE703_7ED1_A0B4_28DB)
                i += 8
            }
            if i < n {
                var w: UInt64 = 0
                var shift: UInt64 = 0
                while i < n { w |= UInt64(p[i]) << shift; shift += 8; i += 1 }
                h = mix(h ^ w, 0x8EBC_6AF0_9C88_C6E3)
            }
            return Probe(hash: mix(h, 0x5899_65CC_7537_4CC3), w0: 0, w1: 0, count: n)
        }
        return Probe(hash: mix(h, 0x5899_65CC_7537_4CC3), w0: w0, w1: w1, count: n)
    }

    @inline(__always) static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (hi, lo) = a.multipliedFullWidth(by: b)
        return hi ^ lo
    }
}

/// A ``ByteInterner`` freed with its owner.
final class OwnedInterner: @unchecked Sendable {
    var table: ByteInterner
    init(expectedKeys: Int = 256) { table = ByteInterner(expectedKeys: expectedKeys) }
    /// Takes ownership of `table`.
    init(_ table: ByteInterner) { self.table = table }
    deinit { table.deallocate() }
}
