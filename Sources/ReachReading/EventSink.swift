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

    let member: Int, time: Int
    let content: Int?, channel: Int?, target: Int?, featured: Int?
    var timestamps: TimestampParser
    let shared: EventTables
    var rows: [EventRow] = []
    let local = (members: OwnedInterner(), contents: OwnedInterner(), attributes: OwnedInterner(expectedKeys: 16))
    var attributeKey: [UInt8] = []

    init(layout: HeaderLayout, zone: ReportingZone, shared: EventTables, expectedRows: Int) {
        member = layout.index[.memberID]!
        time = layout.index[.time]!
        content = layout.index[.contentID]
        channel = layout.index[.channel]
        target = layout.index[.target]
        featured = layout.index[.featured]
        timestamps = TimestampParser(zone: zone)
        self.shared = shared
        rows.reserveCapacity(expectedRows)
    }

    mutating func accept(_ scanner: RecordScanner) -> String? {
        let memberBytes = scanner.field(member)
        if memberBytes.isEmpty { return "empty member_id" }
        let timeBytes = scanner.field(time)
        guard let instant = timestamps.instant(timeBytes) else {
            return timeBytes.isEmpty ? "empty time" : "unparseable time '\(fieldText(timeBytes))'"
        }
        let memberID = Self.id(memberBytes, shared.members, local.members)
        var contentID: UInt32 = 0
        if let content {
            let bytes = scanner.field(content)
            if !bytes.isEmpty { contentID = Self.id(bytes, shared.contents, local.contents) }
        }
        var attributesID: UInt32 = 0
        let channelBytes = channel.map { scanner.field($0) } ?? UnsafeBufferPointer(start: nil, count: 0)
        let targetBytes = target.map { scanner.field($0) } ?? UnsafeBufferPointer(start: nil, count: 0)
        if !channelBytes.isEmpty || !targetBytes.isEmpty {
            attributeKey.removeAll(keepingCapacity: true)
            EventSink.appendAttributeKey(channel: channelBytes, target: targetBytes, to: &attributeKey)
            attributesID = attributeKey.withUnsafeBufferPointer { Self.id($0, shared.attributes, local.attributes) }
        }
        var isFeatured = false
        if let featured { isFeatured = Self.isFeatured(scanner.field(featured)) }
        rows.append(EventRow(member: memberID, instant: instant, content: contentID,
                             attributes: attributesID, featured: isFeatured))
        return nil
    }

    consuming func finish() -> EventPiece {
        EventPiece(rows: rows, members: local.members, contents: local.contents, attributes: local.attributes)
    }

    /// The id of `bytes` in the shared table, or in the local one (flagged).
    @inline(__always)
    static func id(_ bytes: UnsafeBufferPointer<UInt8>, _ shared: ByteInterner, _ local: OwnedInterner) -> UInt32 {
        let hash = ByteInterner.hash(bytes)
        if let id = shared.find(bytes, hash: hash) { return id }
        return local.table.intern(bytes, hash: hash) | localFlag
    }

    /// Channel and target as one key: channel length (4 bytes), channel, target.
    static func appendAttributeKey(channel: UnsafeBufferPointer<UInt8>, target: UnsafeBufferPointer<UInt8>,
                                   to key: inout [UInt8]) {
        withUnsafeBytes(of: UInt32(channel.count).littleEndian) { key.append(contentsOf: $0) }
        key.append(contentsOf: channel)
        key.append(contentsOf: target)
    }

    /// The attributes a key made by ``appendAttributeKey`` stands for.
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
