/// One dictionary of an event file (member ids, content ids or attributes):
/// every distinct key read so far, its value, and its index in the batch
/// being built.
///
/// Keys get a file-wide id the first time they are seen, and their value
/// (a `String`) is made then, once per file; each batch lists the values it
/// uses in order of first use.
struct IDColumn<Value> {
    let keys = OwnedInterner(expectedKeys: 1 << 14)
    private(set) var values: [Value] = []
    /// Per id: the batch serial that last used it (high 32 bits) and its
    /// index in that batch (low 32 bits).
    private var stamps: [UInt64] = []
    private let makeValue: (UnsafeBufferPointer<UInt8>) -> Value

    init(makeValue: @escaping (UnsafeBufferPointer<UInt8>) -> Value) {
        self.makeValue = makeValue
    }

    /// The file-wide id of `key`, adding it when new.
    mutating func id(of key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let before = keys.table.count
        let id = keys.table.intern(key)
        if keys.table.count > before {
            values.append(makeValue(key))
            stamps.append(0)
        }
        return id
    }

    /// File-wide ids of every key of a worker's own table, in its order.
    mutating func ids(of local: ByteInterner) -> [UInt32] {
        (0 ..< local.count).map { id(of: local.key($0)) }
    }

    /// Starts batch `serial`: `reserved` ids come first in it (the empty
    /// content id, no attributes), as their fixed batch indexes 0, 1, ….
    mutating func startBatch(_ serial: UInt32, reserved: [UInt32], into batchValues: inout [Value]) {
        batchValues.removeAll()
        for id in reserved { _ = batchIndex(of: id, serial: serial, into: &batchValues) }
    }

    /// The index of file-wide `id` in batch `serial`, appending its value to
    /// the batch's list on first use.
    @inline(__always)
    mutating func batchIndex(of id: UInt32, serial: UInt32, into batchValues: inout [Value]) -> UInt32 {
        let i = Int(id)
        let stamp = stamps[i]
        if UInt32(truncatingIfNeeded: stamp >> 32) == serial { return UInt32(truncatingIfNeeded: stamp) }
        let slot = UInt32(batchValues.count)
        stamps[i] = UInt64(serial) << 32 | UInt64(slot)
        batchValues.append(values[i])
        return slot
    }
}
