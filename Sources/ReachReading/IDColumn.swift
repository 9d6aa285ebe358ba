/// One dictionary of a run's event files (member ids, content ids or
/// attributes): every distinct key read so far and its value.
///
/// Keys get an id the first time they are seen, in reading order, and their
/// value (a `String`) is made then, once per run. Every batch lists the
/// values read so far, so a row's id is its index in its batch's list with
/// no renumbering.
struct IDColumn<Value> {
    private(set) var keys = ByteInterner(expectedKeys: 1 << 14)
    private(set) var values: [Value] = []
    private let makeValue: (UnsafeBufferPointer<UInt8>) -> Value

    init(makeValue: @escaping (UnsafeBufferPointer<UInt8>) -> Value) {
        self.makeValue = makeValue
    }

    /// The file-wide id of `key`, adding it when new.
    mutating func id(of key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let before = keys.count
        let id = keys.intern(key)
        if keys.count > before { values.append(makeValue(key)) }
        return id
    }

    /// File-wide ids of every key of a worker's own table, in its order.
    mutating func ids(of local: ByteInterner) -> [UInt32] {
        (0 ..< local.count).map { k in local.withKey(k) { id(of: $0) } }
    }

    /// Keys so far, and the bytes they take.
    var count: Int { values.count }
    var byteCount: Int { keys.byteCount }

    /// Forgets every key after the first `count` (those a rejected file
    /// added), giving back their memory.
    mutating func keepFirst(_ count: Int) {
        guard count < values.count else { return }
        keys = keys.prefix(count)
        values = Array(values[..<count])
    }
}
