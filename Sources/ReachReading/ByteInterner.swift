import CPrefetch

/// Gives each distinct byte string a dense id (0, 1, 2, …), so that a
/// member or content id is made into a `String` once, not once per row.
///
/// A value type with copy-on-write storage, as the standard collections
/// are: a copy handed to worker threads (``EventTables``) is a snapshot
/// that stays valid however the original grows afterwards, and a table is
/// only changed in place while nothing else holds it. Lookups are
/// allocation-free, so many threads may look keys up in copies of one
/// table at once.
///
/// The raw memory lives in ``Storage`` (open addressing: each slot holds a
/// hash tag, the key length, the id and the first 16 key bytes, so looking
/// up a short key — every member id seen so far — touches one slot and
/// nothing else: with tens of thousands of ids in random order, memory
/// latency is what a lookup costs) and is touched only by its methods.
/// Built with `-DREACH_INTERNAL_CHECKS`, every change is followed by a
/// check of the table's invariants.
struct ByteInterner: Sendable {
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

    private var storage: Storage

    init(expectedKeys: Int = 1024) {
        storage = Storage(expectedKeys: expectedKeys)
    }

    /// Number of distinct keys.
    var count: Int { storage.count }

    /// Bytes of all keys together.
    var byteCount: Int { storage.byteCount }

    /// A new table holding the first `count` keys of this one, with their
    /// ids, sized for them.
    func prefix(_ count: Int) -> ByteInterner {
        var table = ByteInterner(expectedKeys: max(count, 16))
        for id in 0 ..< count { _ = withKey(id) { table.intern($0) } }
        return table
    }

    /// Calls `body` with the bytes of key `id`, valid only inside `body`.
    @inline(__always) func withKey<R>(_ id: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(storage.key(id))
    }

    /// The id of `key`, if interned.
    @inline(__always) func find(_ key: UnsafeBufferPointer<UInt8>, _ probe: Probe) -> UInt32? {
        storage.find(key, probe)
    }

    /// Starts loading the slot where a lookup of `probe` begins, so that a
    /// ``find(_:_:)`` issued a little later does not wait for memory.
    @inline(__always) func prefetch(_ probe: Probe) {
        storage.prefetch(probe)
    }

    /// The id of `key`, interning it when new.
    @inline(__always) mutating func intern(_ key: UnsafeBufferPointer<UInt8>, _ probe: Probe) -> UInt32 {
        if let id = storage.find(key, probe) { return id }
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage.insert(key, probe)
    }

    /// The id of `key`, interning it when new.
    mutating func intern(_ key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        intern(key, Self.probe(key))
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
