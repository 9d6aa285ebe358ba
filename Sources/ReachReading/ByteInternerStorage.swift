import CPrefetch

extension ByteInterner {
    /// The memory of a ``ByteInterner``: allocated by this object, freed in
    /// its `deinit`, touched only by its methods.
    ///
    /// `@unchecked Sendable`: it is changed only through a ``ByteInterner``
    /// that holds the only reference to it (copy-on-write); storage shared
    /// by several tables, and so by several threads, is only read.
    final class Storage: @unchecked Sendable {
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

        init(expectedKeys: Int, arenaBytes: Int? = nil) {
            var slotCount = 16
            while slotCount < expectedKeys * 2 { slotCount *= 2 }
            slots = .allocate(capacity: slotCount)
            slots.initialize(repeating: Slot(meta: 0, w0: 0, w1: 0), count: slotCount)
            slotMask = slotCount - 1
            keyCapacity = max(16, expectedKeys)
            keyStarts = .allocate(capacity: keyCapacity + 1)
            keyStarts[0] = 0
            arenaCapacity = max(256, arenaBytes ?? expectedKeys * 16)
            arena = .allocate(capacity: arenaCapacity)
        }

        deinit {
            slots.deallocate()
            keyStarts.deallocate()
            arena.deallocate()
        }

        /// A storage of its own with the same keys and ids.
        func copy() -> Storage {
            let other = Storage(expectedKeys: keyCapacity, arenaBytes: arenaCapacity)
            for id in 0 ..< count { _ = other.insert(key(id), ByteInterner.probe(key(id))) }
            return other
        }

        /// Bytes of all keys together.
        var byteCount: Int { keyStarts[count] }

        /// The bytes of key `id`, valid until the next ``insert(_:_:)``.
        @inline(__always) func key(_ id: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(start: arena + keyStarts[id], count: keyStarts[id + 1] - keyStarts[id])
        }

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

        @inline(__always) func prefetch(_ probe: Probe) {
            let slot = UnsafeRawPointer(slots + (Int(truncatingIfNeeded: probe.hash) & slotMask))
            reach_prefetch(slot)
            // A 24-byte slot may straddle two cache lines.
            reach_prefetch(slot + MemoryLayout<Slot>.stride - 1)
        }

        /// Adds `key`, known not to be here, and returns its id.
        func insert(_ key: UnsafeBufferPointer<UInt8>, _ probe: Probe) -> UInt32 {
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
            #if REACH_INTERNAL_CHECKS
            checkInvariants(justAdded: id)
            #endif
            return UInt32(id)
        }

        private func place(_ id: Int, _ probe: Probe) {
            let meta = (probe.hash >> 40) << 40 | UInt64(min(probe.count, 255)) << 32 | UInt64(id + 1)
            var i = Int(truncatingIfNeeded: probe.hash) & slotMask
            while slots[i].meta != 0 { i = (i + 1) & slotMask }
            slots[i] = Slot(meta: meta, w0: probe.w0, w1: probe.w1)
        }

        private func growSlots() {
            let old = slots
            let newCount = (slotMask + 1) * 2
            slots = .allocate(capacity: newCount)
            slots.initialize(repeating: Slot(meta: 0, w0: 0, w1: 0), count: newCount)
            slotMask = newCount - 1
            for id in 0 ..< count { place(id, ByteInterner.probe(key(id))) }
            old.deallocate()
            #if REACH_INTERNAL_CHECKS
            for id in 0 ..< count { precondition(find(key(id), ByteInterner.probe(key(id))) == UInt32(id), "key \(id) lost in growth") }
            #endif
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

        #if REACH_INTERNAL_CHECKS
        /// The table's invariants after key `id` was added: at most half the
        /// slots used, key offsets in order and within the arena, the new
        /// key found under its own id.
        private func checkInvariants(justAdded id: Int) {
            precondition(count * 2 <= slotMask + 1, "more than half the slots used")
            precondition(count <= keyCapacity, "more keys than key offsets")
            precondition(keyStarts[id] <= keyStarts[id + 1] && keyStarts[id + 1] <= arenaCapacity, "key \(id) outside the arena")
            precondition(find(key(id), ByteInterner.probe(key(id))) == UInt32(id), "key \(id) not found under its id")
        }
        #endif
    }
}
