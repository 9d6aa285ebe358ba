import Foundation

/// Gives each distinct byte string a dense id (0, 1, 2, …), so that a
/// member or content id is made into a `String` once, not once per row.
///
/// Open addressing over manually managed storage: lookups are allocation-
/// free and, while nobody inserts, safe from many threads on copies of the
/// value (the copies share storage). The owner calls ``deallocate()``.
struct ByteInterner: @unchecked Sendable {
    /// Number of distinct keys.
    private(set) var count = 0
    /// `hash >> 32 << 32 | (id + 1)`; 0 is an empty slot.
    private var slots: UnsafeMutablePointer<UInt64>
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
        slots.initialize(repeating: 0, count: slotCount)
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

    /// The bytes of key `id`.
    @inline(__always) func key(_ id: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: arena + keyStarts[id], count: keyStarts[id + 1] - keyStarts[id])
    }

    /// The id of `key`, if interned.
    @inline(__always) func find(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> UInt32? {
        let tag = hash & 0xFFFF_FFFF_0000_0000
        var i = Int(truncatingIfNeeded: hash) & slotMask
        while true {
            let slot = slots[i]
            if slot == 0 { return nil }
            if slot & 0xFFFF_FFFF_0000_0000 == tag {
                let id = Int(slot & 0xFFFF_FFFF) - 1
                if equal(id, key) { return UInt32(id) }
            }
            i = (i + 1) & slotMask
        }
    }

    /// The id of `key`, interning it when new.
    @inline(__always) mutating func intern(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> UInt32 {
        if let id = find(key, hash: hash) { return id }
        return insert(key, hash: hash)
    }

    private mutating func insert(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> UInt32 {
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
        place(hash & 0xFFFF_FFFF_0000_0000 | UInt64(id + 1), hash: hash)
        return UInt32(id)
    }

    private func place(_ slot: UInt64, hash: UInt64) {
        var i = Int(truncatingIfNeeded: hash) & slotMask
        while slots[i] != 0 { i = (i + 1) & slotMask }
        slots[i] = slot
    }

    private mutating func growSlots() {
        let old = slots, oldCount = slotMask + 1
        let newCount = oldCount * 2
        slots = .allocate(capacity: newCount)
        slots.initialize(repeating: 0, count: newCount)
        slotMask = newCount - 1
        for id in 0..<count {
            let h = Self.hash(key(id))
            place(h & 0xFFFF_FFFF_0000_0000 | UInt64(id + 1), hash: h)
        }
        old.deallocate()
    }

    @inline(__always) private func equal(_ id: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let s = keyStarts[id], n = keyStarts[id + 1] - s
        guard n == key.count else { return false }
        guard n > 0, let base = key.baseAddress else { return true }
        return memcmp(arena + s, base, n) == 0
    }

    /// A fast 64-bit hash of short byte strings (wyhash-style multiply fold).
    @inline(__always) static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = key.count
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(n)
        guard n > 0, let p = key.baseAddress else { return mix(h, 0x9E37_79B9_7F4A_7C15) }
        let raw = UnsafeRawPointer(p)
        var i = 0
        while i + 8 <= n {
            h = mix(h ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)), 0xA076_1D64_78BD_642F)
            i += 8
        }
        if i < n {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < n { w |= UInt64(p[i]) << shift; shift += 8; i += 1 }
            h = mix(h ^ w, 0xE703_7ED1_A0B4_28DB)
        }
        return mix(h, 0x8EBC_6AF0_9C88_C6E3)
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
    deinit { table.deallocate() }
}
