import ReachModel

/// The rows one worker read from an event file, with ids it did not find in
/// the reader's tables kept in its own (marked by ``EventSink/localFlag``).
struct EventPiece {
    var rows: [EventRow]
    var members: OwnedInterner
    var contents: OwnedInterner
    var attributes: OwnedInterner
}

/// The id tables of an event file, shared read-only by the workers of a round.
struct EventTables: @unchecked Sendable {
    var members: ByteInterner
    var contents: ByteInterner
    var attributes: ByteInterner
}

/// Reads check-in, share and comment records (SPEC 1.3 events).
struct EventSink: RecordSink {
    /// Set on an id that indexes the worker's own table, not the reader's.
    static let localFlag: UInt32 = 1 << 31

    /// Field index of each column; -1 when the file has no such column.
    let member: Int, time: Int
    let content: Int, channel: Int, target: Int, featured: Int
    var timestamps: TimestampParser
    let shared: EventTables
    var rows: [EventRow] = []
    var localMembers = ByteInterner(expectedKeys: 256)
    var localContents = ByteInterner(expectedKeys: 64)
    var localAttributes = ByteInterner(expectedKeys: 16)
    /// Room to build an attributes key in.
    var key = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    var keyCapacity = 256
    /// Member ids are looked up a few records late: the table slot of each
    /// (a cache miss with tens of thousands of ids in random order) is
    /// prefetched when its record is read and loads while the next records
    /// are scanned. Rows waiting for their id, oldest first.
    var pending = PendingLookups()

    init(layout: HeaderLayout, zone: ReportingZone, shared: EventTables, expectedRows: Int) {
        member = layout.index[.memberID]!
        time = layout.index[.time]!
        content = layout.index[.contentID] ?? -1
        channel = layout.index[.channel] ?? -1
        target = layout.index[.target] ?? -1
        featured = layout.index[.featured] ?? -1
        timestamps = TimestampParser(zone: zone)
        self.shared = shared
        rows.reserveCapacity(expectedRows)
    }

    mutating func accept<Record: FieldRecord>(_ scanner: Record) -> String? {
        let memberBytes = scanner.field(member)
        if memberBytes.isEmpty { return "empty member_id" }
        if let reason = IDText.reject(memberBytes, column: .memberID) { return reason }
        let timeBytes = scanner.field(time)
        guard let instant = timestamps.instant(timeBytes) else {
            return timeBytes.isEmpty ? "empty time" : "unparseable time '\(fieldText(timeBytes))'"
        }
        let contentBytes = content >= 0 ? scanner.field(content) : UnsafeBufferPointer(start: nil, count: 0)
        if let reason = IDText.reject(contentBytes, column: .contentID) { return reason }
        // Every check is done: from here the row is accepted.
        // Ids are looked up in row order, so local ids are numbered as if
        // none were deferred.
        let memberProbe = ByteInterner.probe(memberBytes)
        var memberID: UInt32 = 0
        if memberProbe.holdsKey {
            if pending.isFull { resolveOldestMember() }
            shared.members.prefetch(memberProbe)
            pending.append(row: rows.count, memberProbe)
        } else {
            while !pending.isEmpty { resolveOldestMember() }
            memberID = Self.id(memberBytes, memberProbe, shared.members, &localMembers)
        }
        let contentID = contentBytes.isEmpty ? 0 : Self.id(contentBytes, shared.contents, &localContents)
        var attributesID: UInt32 = 0
        let channelBytes = channel >= 0 ? scanner.field(channel) : UnsafeBufferPointer(start: nil, count: 0)
        let targetBytes = target >= 0 ? scanner.field(target) : UnsafeBufferPointer(start: nil, count: 0)
        if !channelBytes.isEmpty || !targetBytes.isEmpty {
            let n = 4 + channelBytes.count + targetBytes.count
            if n > keyCapacity {
                key.deallocate()
                keyCapacity = n * 2
                key = .allocate(capacity: keyCapacity)
            }
            Self.writeAttributeKey(channel: channelBytes, target: targetBytes, to: key)
            attributesID = Self.id(UnsafeBufferPointer(start: key, count: n), shared.attributes, &localAttributes)
        }
        let isFeatured = featured >= 0 && Self.isFeatured(scanner.field(featured))
        rows.append(EventRow(member: memberID, instant: instant, content: contentID,
                             attributes: attributesID, featured: isFeatured))
        return nil
    }

    /// Sets the member id of the oldest row whose lookup was deferred.
    @inline(__always) mutating func resolveOldestMember() {
        let (row, probe) = pending.removeFirst()
        rows[row].member = probe.withKey { Self.id($0, probe, shared.members, &localMembers) }
    }

    consuming func finish() -> EventPiece {
        while !pending.isEmpty { resolveOldestMember() }
        pending.deallocate()
        key.deallocate()
        return EventPiece(rows: rows, members: OwnedInterner(localMembers), contents: OwnedInterner(localContents),
                          attributes: OwnedInterner(localAttributes))
    }

    /// The id of `bytes` in the shared table, or in the local one (flagged).
    @inline(__always)
    static func id(_ bytes: UnsafeBufferPointer<UInt8>, _ shared: ByteInterner, _ local: inout ByteInterner) -> UInt32 {
        id(bytes, ByteInterner.probe(bytes), shared, &local)
    }

    @inline(__always)
    static func id(_ bytes: UnsafeBufferPointer<UInt8>, _ probe: ByteInterner.Probe, _ shared: ByteInterner,
                   _ local: inout ByteInterner) -> UInt32 {
        if let id = shared.find(bytes, probe) { return id }
        return local.intern(bytes, probe) | localFlag
    }

    /// Channel and target as one key: channel length (4 bytes), channel,
    /// target; `4 + channel.count + target.count` bytes.
    static func writeAttributeKey(channel: UnsafeBufferPointer<UInt8>, target: UnsafeBufferPointer<UInt8>,
                                  to key: UnsafeMutablePointer<UInt8>) {
        let n = UInt32(channel.count)
        key[0] = UInt8(n & 0xFF); key[1] = UInt8(n >> 8 & 0xFF); key[2] = UInt8(n >> 16 & 0xFF); key[3] = UInt8(n >> 24)
        if let c = channel.baseAddress { (key + 4).update(from: c, count: channel.count) }
        if let t = target.baseAddress { (key + 4 + channel.count).update(from: t, count: target.count) }
    }

    /// The attributes a key made by ``writeAttributeKey(channel:target:to:)`` stands for.
    static func attributes(ofKey key: UnsafeBufferPointer<UInt8>) -> EventAttributes {
        let n = Int(UInt32(key[0]) | UInt32(key[1]) << 8 | UInt32(key[2]) << 16 | UInt32(key[3]) << 24)
        let channel = UnsafeBufferPointer(rebasing: key[4 ..< 4 + n])
        let target = UnsafeBufferPointer(rebasing: key[(4 + n)...])
        return EventAttributes(channel: fieldText(channel), target: fieldText(target))
    }

    /// `1`, `true` (any case) or `是` (SPEC 1.3 featured).
    static func isFeatured(_ f: UnsafeBufferPointer<UInt8>) -> Bool {
        switch f.count {
        case 1: return f[0] == 0x31
        case 3: return f[0] == 0xE6 && f[1] == 0x98 && f[2] == 0xAF  // 是
        case 4: return (f[0] | 0x20) == 0x74 && (f[1] | 0x20) == 0x72 && (f[2] | 0x20) == 0x75 && (f[3] | 0x20) == 0x65
        default: return false
        }
    }
}

/// A small first-in, first-out queue of rows whose member id lookup waits
/// for its prefetched table slot.
struct PendingLookups {
    /// How many records ahead a slot is prefetched: enough to cover a trip
    /// to memory while records are scanned, few enough to stay in L1.
    static let depth = 16
    private let rows = UnsafeMutablePointer<Int>.allocate(capacity: depth)
    private let probes = UnsafeMutablePointer<ByteInterner.Probe>.allocate(capacity: depth)
    private var head = 0
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }
    var isFull: Bool { count == Self.depth }

    @inline(__always) mutating func append(row: Int, _ probe: ByteInterner.Probe) {
        let i = (head + count) % Self.depth
        rows[i] = row
        (probes + i).initialize(to: probe)
        count += 1
    }

    @inline(__always) mutating func removeFirst() -> (row: Int, probe: ByteInterner.Probe) {
        let first = (rows[head], probes[head])
        head = (head + 1) % Self.depth
        count -= 1
        return first
    }

    func deallocate() {
        rows.deallocate()
        probes.deallocate()
    }
}
