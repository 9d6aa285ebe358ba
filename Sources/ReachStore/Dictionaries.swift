import ReachModel

/// The store's string dictionaries held in memory: member ids, content ids
/// and event attributes, each mapped to the small integer key the packed
/// day rows hold.
///
/// Loaded once per ingest; a string seen for the first time is inserted into
/// its table inside the file's transaction. After a rollback the store drops
/// this object, so keys of rolled-back rows are never reused from memory.
///
/// They are held in memory for the whole ingest, so the ids a file may add
/// are limited (``ReachModel/MemoryBudget/newIDsPerFile`` and the others):
/// the insert that passes a limit throws ``IDLimitExceeded``, which rejects
/// the file.
final class Dictionaries {
    private var members: IDDictionary
    private var contents: IDDictionary
    private var attributes: [EventAttributes: UInt32] = [:]
    private var nextAttribute: UInt32 = 1
    /// The ids of the last ``memberKeys(_:_:)`` and ``contentKeys(_:_:)``
    /// calls, and their keys.
    private var mappedMembers = MappedIDs()
    private var mappedContents = MappedIDs()
    /// The limits, the ids the files stored before in this ingest added, and
    /// those the file being stored has added (``beginFile(budget:ingestBefore:)``).
    private var budget = MemoryBudget.standard
    private var ingestBefore = IDGrowth()
    private(set) var fileGrowth = IDGrowth()

    /// The top bit of an attribute key in a day row marks a featured comment.
    static let featuredBit: UInt32 = 1 << 31

    /// Loads the three tables, checking that each one's keys run 1, 2, 3, …
    init(_ db: Database) throws {
        members = try IDDictionary(db, table: "member_ids", column: "member_id", capacity: 1 << 16)
        contents = try IDDictionary(db, table: "content_ids", column: "content_id")
        var attributeKeys = KeySequence(table: "attributes", highest: Dictionaries.featuredBit - 1)
        let attributeRows = try db.cached("SELECT key, channel, target FROM attributes ORDER BY key")
        defer { attributeRows.reset() }
        while try attributeRows.step() {
            let key = try attributeKeys.next(attributeRows.int64(0), db)
            attributes[EventAttributes(channel: attributeRows.text(1), target: attributeRows.text(2))] = key
        }
        nextAttribute = attributeKeys.expected
        contents.map("", to: 0)
        attributes[.none] = 0
    }

    /// A file begins: its new ids count from here, against `budget`, on top
    /// of `ingestBefore`, the ids earlier files of the ingest added.
    func beginFile(budget: MemoryBudget, ingestBefore: IDGrowth) {
        self.budget = budget
        self.ingestBefore = ingestBefore
        fileGrowth = IDGrowth()
    }

    /// Counts one new id of `bytes` bytes in `dictionary`, or throws when it
    /// passes a limit.
    private func grow(_ dictionary: WritableKeyPath<IDGrowth, Int>, bytes: Int) throws {
        fileGrowth[keyPath: dictionary] += 1
        fileGrowth.bytes += bytes
        if let reason = budget.idLimitReason(file: fileGrowth, ingest: ingestBefore + fileGrowth) {
            throw IDLimitExceeded(reason: reason)
        }
    }

    /// The key the next new member id gets: keys below it were stored before.
    var nextMember: UInt32 { members.next }

    func memberKey(_ id: String, _ db: Database) throws -> UInt32 {
        try key(id, in: &members, counting: \.memberIDs, db)
    }

    /// The keys of many member ids, adding the new ones.
    ///
    /// A reader hands every batch of a run the run's ids so far, so a
    /// batch's ids usually extend the previous batch's: then only the new
    /// ones are looked up (comparing the shared prefix costs little, the
    /// strings being the same objects).
    func memberKeys(_ ids: [String], _ db: Database) throws -> [UInt32] {
        try mappedMembers.keys(of: ids) { slice in
            let new = Array(slice)
            var keys = members.keys(of: new)  // member keys start at 1
            for k in keys.indices where keys[k] == 0 { keys[k] = try memberKey(new[k], db) }
            return keys
        }
    }

    /// The keys of many content ids, adding the new ones; like
    /// ``memberKeys(_:_:)``, only ids after those of the last call are
    /// looked up (a campus year has tens of thousands of posts, and every
    /// batch lists all of them).
    func contentKeys(_ ids: [String], _ db: Database) throws -> [UInt32] {
        try mappedContents.keys(of: ids) { new in try new.map { try contentKey($0, db) } }
    }

    func contentKey(_ id: String, _ db: Database) throws -> UInt32 {
        try key(id, in: &contents, counting: \.contentIDs, db)
    }

    /// The key of `id` in `dictionary`; a new id is first counted in
    /// `growth` (which throws past a limit), then added.
    private func key(_ id: String, in dictionary: inout IDDictionary, counting growth: WritableKeyPath<IDGrowth, Int>,
                     _ db: Database) throws -> UInt32 {
        if let key = dictionary[id] { return key }
        try grow(growth, bytes: id.utf8.count)
        return try dictionary.add(id, db)
    }

    func attributeKey(_ value: EventAttributes, _ db: Database) throws -> UInt32 {
        if let key = attributes[value] { return key }
        try grow(\.attributes, bytes: value.channel.utf8.count + value.target.utf8.count)
        let key = nextAttribute
        precondition(key < Dictionaries.featuredBit, "too many distinct channel/target pairs")
        try db.run("INSERT INTO attributes(key, channel, target) VALUES (?, ?, ?)", key, value.channel, value.target)
        attributes[value] = key
        nextAttribute += 1
        return key
    }
}

/// A file would add more ids to the dictionaries than the memory budget
/// allows (``ReachModel/MemoryBudget/idLimitReason(file:ingest:)``): the
/// file is rejected whole with `reason`.
struct IDLimitExceeded: Error {
    let reason: String
}

/// The ids one ``Dictionaries`` call mapped, and their keys, so that the
/// next call, whose list usually extends this one, maps only the ids after
/// them. Comparing the shared prefix costs little: the strings are the same
/// objects.
struct MappedIDs {
    private var ids: [String] = []
    private var keys: [UInt32] = []

    /// The keys of `ids`, calling `lookUp` with the ids that do not extend
    /// the last call's.
    mutating func keys(of ids: [String], lookUp: (ArraySlice<String>) throws -> [UInt32]) rethrows -> [UInt32] {
        // The same array storage as the last call's (a reader hands several
        // batches the same ids): the same strings, nothing to compare. A
        // shared buffer is never changed in place, so it holds at least the
        // last call's ids.
        let shared = ids.withUnsafeBufferPointer { a in self.ids.withUnsafeBufferPointer { a.baseAddress == $0.baseAddress } }
        if shared && ids.count == self.ids.count { return keys }
        let known = (shared && ids.count >= self.ids.count) || ids.starts(with: self.ids) ? self.ids.count : 0
        let new = try lookUp(ids[known...])
        let all = known > 0 ? keys + new : new
        self.ids = ids
        keys = all
        return all
    }
}

/// Reverse lookups for reading: key → string, loaded on demand.
enum DictionaryTables {
    /// `member_id` of every member key (index = key; index 0, no member's key, is empty).
    static func memberIDs(_ db: Database) throws -> [String] {
        try strings(db, "member_ids", "member_id")
    }

    /// `content_id` of every content key (index = key; key 0 is the empty content_id).
    static func contentIDs(_ db: Database) throws -> [String] {
        try strings(db, "content_ids", "content_id")
    }

    /// Channel and target of every attribute key (index = key).
    static func attributes(_ db: Database) throws -> [EventAttributes] {
        var keys = KeySequence(table: "attributes", highest: Dictionaries.featuredBit - 1)
        let rows = try db.cached("SELECT key, channel, target FROM attributes ORDER BY key")
        defer { rows.reset() }
        var result: [EventAttributes] = [.none]
        while try rows.step() {
            _ = try keys.next(rows.int64(0), db)
            result.append(EventAttributes(channel: rows.text(1), target: rows.text(2)))
        }
        return result
    }

    private static func strings(_ db: Database, _ table: String, _ column: String) throws -> [String] {
        var keys = KeySequence(table: table)
        let rows = try db.cached("SELECT key, \(column) FROM \(table) ORDER BY key")
        defer { rows.reset() }
        var result: [String] = [""]
        while try rows.step() {
            _ = try keys.next(rows.int64(0), db)
            result.append(rows.text(1))
        }
        return result
    }

    /// Rank of each key when its strings are sorted by Unicode code point
    /// (UTF-8 byte order, which is the same order).
    static func codePointRanks(_ strings: [String]) -> [UInt32] {
        let order = strings.indices.sorted { strings[$0].precedesByCodePoint(strings[$1]) }
        var ranks = [UInt32](repeating: 0, count: strings.count)
        for (rank, key) in order.enumerated() { ranks[key] = UInt32(rank) }
        return ranks
    }
}

/// The keys of one dictionary table, read in key order, checked to run 1, 2,
/// 3, …: reach hands them out that way, inside the transaction that stores
/// the rows using them, and never deletes one. Any other key means the
/// table was damaged, and a key used as an array index must not be trusted.
struct KeySequence {
    let table: String
    /// The largest key the table may hold.
    let highest: UInt32
    /// The key the next row must have.
    private(set) var expected: UInt32 = 1

    init(table: String, highest: UInt32 = UInt32.max - 1) {
        self.table = table
        self.highest = highest
    }

    /// Checks the key of the next row and returns it.
    mutating func next(_ key: Int64, _ db: Database) throws -> UInt32 {
        guard key == Int64(expected), expected <= highest else {
            throw StoreDamage.error(db.path, table: table, row: "key \(key)",
                                    "its keys do not run 1, 2, 3, … (key \(expected) belongs here)")
        }
        expected += 1
        return UInt32(key)
    }
}

/// The keys the dictionaries have handed out, which are all that a stored
/// day row may refer to.
struct KeyLimits: Sendable, Equatable {
    /// Member keys: 1 through the number of member ids.
    var members: ValueBounds
    /// Content keys: 0 (the empty content_id) through the number of content ids.
    var contents: ValueBounds
    /// Attribute keys, less ``Dictionaries/featuredBit``: 0 (no channel or
    /// target) through the number of attribute rows.
    var attributes: ValueBounds

    /// The values of an attributes column: a key, with or without the featured bit.
    var attributeColumn: ValueBounds {
        ValueBounds(lowest: 0, highest: UInt64(Dictionaries.featuredBit) + attributes.highest)
    }

    /// Reads the limits: three counts, and the smallest and largest key of
    /// each table, which must be 1 and the count (keys run 1, 2, 3, …).
    static func read(_ db: Database) throws -> KeyLimits {
        func count(_ table: String, highest: UInt32 = UInt32.max - 1) throws -> UInt64 {
            let sql = "SELECT (SELECT count(*) FROM \(table)), (SELECT min(key) FROM \(table)), (SELECT max(key) FROM \(table))"
            let (rows, lowest, largest) = try db.query(sql) { s in
                _ = try s.step()
                return (s.int64(0), s.optionalInt64(1), s.optionalInt64(2))
            }
            guard rows == 0 || (lowest == 1 && largest == rows && rows <= Int64(highest)) else {
                throw StoreDamage.error(db.path, table: table, row: nil,
                                        "its \(rows) keys do not run 1, 2, 3, … (they run from \(lowest ?? 0) to \(largest ?? 0))")
            }
            return UInt64(rows)
        }
        return KeyLimits(members: ValueBounds(lowest: 1, highest: try count("member_ids")),
                         contents: ValueBounds(lowest: 0, highest: try count("content_ids")),
                         attributes: ValueBounds(lowest: 0, highest: try count("attributes", highest: Dictionaries.featuredBit - 1)))
    }
}
