import ReachModel

/// The rows one worker read from an event file, with ids it did not find in
/// the reader's tables kept in its own (marked by ``EventSink/localFlag``).
struct EventPiece: NotedPiece {
    var rows: [EventRow]
    /// The rows holding an id of the worker's own tables (a row may be
    /// listed twice, and rows whose member id was looked up late come out
    /// of order): the only rows the batch assembly renumbers.
    var localRows: [Int]
    var members: ByteInterner
    var contents: ByteInterner
    var attributes: ByteInterner
    /// Comments (contract v4): the non-empty texts of featured rows, by index into ``rows``.
    var texts: [RowText] = []
    /// Absent check-in rows and restored member ids (contract v3).
    var notes = ReadNotes()
}

/// The id tables of an event file, as they stood when a round began: each
/// worker of the round looks ids up in its copy (a snapshot: copies share
/// storage until one of them changes).
struct EventTables: Sendable {
    var members: ByteInterner
    var contents: ByteInterner
    var attributes: ByteInterner
}

/// Reads check-in, share and comment records (SPEC 1.3 events).
///
/// Contract v3: a time of day (`08:52`) is read on the day of the record's
/// date column; a check-in row whose result column, or whose time field,
/// says the member did not check in (`未打卡`, `缺卡`, `旷工`) is absent —
/// valid, no event, counted in ``ReadNotes`` with its day (SPEC 1.6); ids
/// written as numbers are read back as digits (``IDRepair``). Files without
/// date and result columns take none of these paths: the work is done only
/// when a timestamp does not parse, or when the columns exist.
struct EventSink: RecordSink {
    /// Set on an id that indexes the worker's own table, not the reader's.
    static let localFlag: UInt32 = 1 << 31

    /// Field index of each column; -1 when the file has no such column.
    let member: Int, time: Int
    let content: Int, channel: Int, target: Int, featured: Int
    /// The comment text column (contract v4), or -1.
    let text: Int
    /// The date column (events) and the result column (check-ins), or -1.
    let date: Int, result: Int
    /// A check-ins file: a time field saying `未打卡`, `缺卡` or `旷工` makes the row absent.
    let absentRows: Bool
    var timestamps: TimestampParser
    let zone: ReportingZone
    var repair: IDRepair
    var notes = ReadNotes()
    /// The last date column read, and what it held.
    var lastDate: ([UInt8], RecordDate)?
    let shared: EventTables
    var rows: [EventRow] = []
    /// Non-empty texts of featured comments, by row (``EventPiece/texts``).
    var texts: [RowText] = []
    /// Rows holding an id of the local tables (``EventPiece/localRows``).
    var localRows: [Int] = []
    var localMembers = ByteInterner(expectedKeys: 256)
    var localContents = ByteInterner(expectedKeys: 64)
    var localAttributes = ByteInterner(expectedKeys: 16)
    /// Room to build an attributes key in.
    var key: [UInt8] = []
    /// Member ids are looked up a few records late: the table slot of each
    /// (a cache miss with tens of thousands of ids in random order) is
    /// prefetched when its record is read and loads while the next records
    /// are scanned. Rows waiting for their id, oldest first.
    var pending = PendingLookups()

    /// `absentRows`: the file holds check-ins (SPEC 1.6); `memberIDWidth`:
    /// the roster's fixed id width, if known (``IDRepair``).
    init(layout: HeaderLayout, zone: ReportingZone, absentRows: Bool = false, memberIDWidth: Int? = nil,
         shared: EventTables, expectedRows: Int) {
        member = layout.index[.memberID]!
        time = layout.index[.time]!
        content = layout.index[.contentID] ?? -1
        channel = layout.index[.channel] ?? -1
        target = layout.index[.target] ?? -1
        featured = layout.index[.featured] ?? -1
        text = layout.index[.text] ?? -1
        date = layout.index[.date] ?? -1
        result = absentRows ? layout.index[.result] ?? -1 : -1
        self.absentRows = absentRows
        timestamps = TimestampParser(zone: zone)
        self.zone = zone
        repair = IDRepair(memberIDWidth: memberIDWidth)
        self.shared = shared
        rows.reserveCapacity(expectedRows)
    }

    mutating func accept<Record: FieldRecord>(_ scanner: Record) -> String? {
        let rawMember = scanner.field(member)
        if rawMember.isEmpty { return "empty member_id" }
        // The probe (the id's bytes as words) answers the id checks in a
        // few operations, and is the lookup's probe when nothing changes.
        var memberProbe = ByteInterner.probe(rawMember)
        if IDText.mayHoldControl(memberProbe), let reason = IDText.reject(rawMember, column: .memberID) { return reason }
        // The result column wins over a time written beside it (SPEC 1.6).
        if result >= 0 && Self.saysAbsent(scanner.field(result)) { return absent(scanner) }
        let timeBytes = scanner.field(time)
        let instant: Int64
        if let parsed = timestamps.instant(timeBytes) {
            instant = parsed
        } else {
            switch otherTime(scanner, timeBytes) {
            case .instant(let parsed): instant = parsed
            case .absent: return absent(scanner)
            case .reject(let reason): return reason
            }
        }
        var contentBytes = content >= 0 ? scanner.field(content) : UnsafeBufferPointer(start: nil, count: 0)
        var contentProbe = ByteInterner.Probe(hash: 0, w0: 0, w1: 0, count: 0)  // unused while empty
        if !contentBytes.isEmpty {
            contentProbe = ByteInterner.probe(contentBytes)
            if IDText.mayHoldControl(contentProbe), let reason = IDText.reject(contentBytes, column: .contentID) {
                return reason
            }
            if IDRepair.mayBeFloat(contentProbe) {
                let repaired = repair.contentID(contentBytes)
                if repaired.baseAddress != contentBytes.baseAddress {
                    contentBytes = repaired
                    contentProbe = ByteInterner.probe(repaired)
                }
            }
        }
        // Every check is done: from here the row is accepted.
        // Ids written as numbers are repaired first: the probe of an id
        // (its bytes as words) tells in a few operations when one might be.
        var memberBytes = rawMember
        let memberIsNumber = scanner.isNumber(member)
        if memberIsNumber || IDRepair.mayBeFloat(memberProbe) {
            let repaired = repair.memberID(rawMember, isNumber: memberIsNumber)
            if repaired.baseAddress != rawMember.baseAddress {
                memberBytes = repaired
                memberProbe = ByteInterner.probe(repaired)
            }
        }
        // Ids are looked up in row order, so local ids are numbered as if
        // none were deferred.
        var memberID: UInt32 = 0
        if memberProbe.holdsKey {
            if pending.isFull { resolveOldestMember() }
            shared.members.prefetch(memberProbe)
            pending.append(row: rows.count, memberProbe)
        } else {
            while !pending.isEmpty { resolveOldestMember() }
            memberID = Self.id(memberBytes, memberProbe, shared.members, &localMembers)
        }
        let contentID = contentBytes.isEmpty ? 0 : Self.id(contentBytes, contentProbe, shared.contents, &localContents)
        var attributesID: UInt32 = 0
        let channelBytes = channel >= 0 ? scanner.field(channel) : UnsafeBufferPointer(start: nil, count: 0)
        let targetBytes = target >= 0 ? scanner.field(target) : UnsafeBufferPointer(start: nil, count: 0)
        if !channelBytes.isEmpty || !targetBytes.isEmpty {
            Self.writeAttributeKey(channel: channelBytes, target: targetBytes, to: &key)
            attributesID = key.withUnsafeBufferPointer { Self.id($0, shared.attributes, &localAttributes) }
        }
        let isFeatured = featured >= 0 && Self.isFeatured(scanner.field(featured))
        if (memberID | contentID | attributesID) & Self.localFlag != 0 { localRows.append(rows.count) }
        rows.append(EventRow(member: memberID, instant: instant, content: contentID,
                             attributes: attributesID, featured: isFeatured))
        // Only a featured comment's text is ever shown (featured.csv), so
        // only it is kept: a year of comments' texts would double the store.
        if text >= 0 && isFeatured { keepText(scanner.field(text)) }
        return nil
    }

    /// Keeps the comment text of the row just appended, unless it is empty.
    @inline(never) mutating func keepText(_ f: UnsafeBufferPointer<UInt8>) {
        guard !f.isEmpty else { return }
        texts.append(RowText(row: Int32(rows.count - 1), text: fieldText(f)))
    }

    /// Sets the member id of the oldest row whose lookup was deferred.
    @inline(__always) mutating func resolveOldestMember() {
        let (row, probe) = pending.removeFirst()
        let member = probe.withKey { Self.id($0, probe, shared.members, &localMembers) }
        rows[row].member = member
        if member & Self.localFlag != 0 { localRows.append(row) }
    }

    consuming func finish() -> EventPiece {
        while !pending.isEmpty { resolveOldestMember() }
        notes.add(repair)
        return EventPiece(rows: rows, localRows: localRows, members: localMembers, contents: localContents,
                          attributes: localAttributes, texts: texts, notes: notes)
    }

    /// What a time field that is no timestamp means.
    enum OtherTime {
        case instant(Int64)
        case absent
        case reject(String)
    }

    /// A time field that is no timestamp: empty, an absent word (check-ins),
    /// a time of day on the record's date, or unparseable.
    @inline(never)
    mutating func otherTime<Record: FieldRecord>(_ record: Record, _ timeBytes: UnsafeBufferPointer<UInt8>) -> OtherTime {
        if timeBytes.isEmpty {
            let resultText = result >= 0 ? fieldText(record.field(result)) : ""
            return .reject(resultText.isEmpty ? "empty time" : "empty time (result '\(resultText)')")
        }
        if absentRows && Self.isAbsentWord(timeBytes) { return .absent }
        guard let second = TimestampParser.timeOfDay(timeBytes) else {
            return .reject("unparseable time '\(fieldText(timeBytes))'")
        }
        switch recordDate(record) {
        case .day(let day): return .instant(timestamps.instant(day: day, secondOfDay: second))
        case .reject(let reason): return .reject(reason)
        case .none: return .reject("time of day '\(fieldText(timeBytes))' without a date")
        }
    }

    /// What the record's date column holds.
    enum RecordDate {
        case day(Day)
        case reject(String)
        /// No date column, or an empty date.
        case none
    }

    /// The day of the record's date column (``TimestampParser/labelledDate(_:)``);
    /// an export holds many rows of each date, so the last one is remembered.
    mutating func recordDate<Record: FieldRecord>(_ record: Record) -> RecordDate {
        guard date >= 0 else { return .none }
        let bytes = record.field(date)
        if bytes.isEmpty { return .none }
        if let (text, day) = lastDate, text.elementsEqual(bytes) { return day }
        let day = readDate(bytes)
        lastDate = (Array(bytes), day)
        return day
    }

    private func readDate(_ bytes: UnsafeBufferPointer<UInt8>) -> RecordDate {
        guard let (day, weekdayMatches) = TimestampParser.labelledDate(bytes) else {
            return .reject("unparseable date '\(fieldText(bytes))'")
        }
        guard weekdayMatches else {
            return .reject("date '\(fieldText(bytes))' names the wrong weekday (\(day) is a \(Self.weekdayNames[TimestampParser.weekday(of: day)]))")
        }
        return .day(day)
    }

    static let weekdayNames = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"]

    /// Counts an absent row (SPEC 1.6): its day comes from the date column;
    /// without one (or with an empty date), from a full timestamp in the
    /// time field; without either it is rejected.
    @inline(never)
    mutating func absent<Record: FieldRecord>(_ record: Record) -> String? {
        switch recordDate(record) {
        case .day(let day):
            notes.addAbsent(on: day)
            return nil
        case .reject(let reason):
            return reason
        case .none:
            guard let instant = timestamps.instant(record.field(time)) else { return "absent row without a date" }
            notes.addAbsent(on: zone.day(of: instant))
            return nil
        }
    }

    /// `未打卡`, `缺卡`, `旷工` in UTF-8.
    static let absentWords: [[UInt8]] = ["未打卡", "缺卡", "旷工"].map { Array($0.utf8) }

    /// A time field that is one of the absent words.
    static func isAbsentWord(_ f: UnsafeBufferPointer<UInt8>) -> Bool {
        absentWords.contains { $0.elementsEqual(f) }
    }

    /// A result that contains one of the absent words.
    @inline(__always) static func saysAbsent(_ f: UnsafeBufferPointer<UInt8>) -> Bool {
        // Every absent word is 6 or 9 bytes: an empty or short result is no absent one.
        guard f.count >= 6 else { return false }
        return containsAbsentWord(f)
    }

    @inline(never) static func containsAbsentWord(_ f: UnsafeBufferPointer<UInt8>) -> Bool {
        for word in absentWords where word.count <= f.count {
            for start in 0 ... f.count - word.count where f[start] == word[0] {
                if word.indices.allSatisfy({ f[start + $0] == word[$0] }) { return true }
            }
        }
        return false
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

    /// Channel and target as one key, written over `key`: channel length
    /// (4 bytes), channel, target; `4 + channel.count + target.count` bytes.
    static func writeAttributeKey(channel: UnsafeBufferPointer<UInt8>, target: UnsafeBufferPointer<UInt8>,
                                  to key: inout [UInt8]) {
        let n = UInt32(channel.count)
        key.removeAll(keepingCapacity: true)
        for shift in stride(from: UInt32(0), through: 24, by: 8) { key.append(UInt8(truncatingIfNeeded: n >> shift)) }
        key.append(contentsOf: channel)
        key.append(contentsOf: target)
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
///
/// Its ring of ``depth`` entries is a tuple stored inline, so a sink holds
/// it without allocating or freeing anything.
struct PendingLookups {
    /// How many records ahead a slot is prefetched: enough to cover a trip
    /// to memory while records are scanned, few enough to stay in L1.
    static let depth = 16
    private typealias Entry = (row: Int, probe: ByteInterner.Probe)
    private var ring: (Entry, Entry, Entry, Entry, Entry, Entry, Entry, Entry,
                       Entry, Entry, Entry, Entry, Entry, Entry, Entry, Entry)
    private var head = 0
    private(set) var count = 0

    init() {
        let empty: Entry = (0, ByteInterner.Probe(hash: 0, w0: 0, w1: 0, count: 0))
        ring = (empty, empty, empty, empty, empty, empty, empty, empty,
                empty, empty, empty, empty, empty, empty, empty, empty)
    }

    var isEmpty: Bool { count == 0 }
    var isFull: Bool { count == Self.depth }

    @inline(__always) mutating func append(row: Int, _ probe: ByteInterner.Probe) {
        let i = (head + count) % Self.depth
        withUnsafeMutableBytes(of: &ring) { $0.storeBytes(of: (row, probe), toByteOffset: i * MemoryLayout<Entry>.stride, as: Entry.self) }
        count += 1
    }

    @inline(__always) mutating func removeFirst() -> (row: Int, probe: ByteInterner.Probe) {
        let first = withUnsafeBytes(of: &ring) { $0.load(fromByteOffset: head * MemoryLayout<Entry>.stride, as: Entry.self) }
        head = (head + 1) % Self.depth
        count -= 1
        return first
    }
}
