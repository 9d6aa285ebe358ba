import ReachModel

/// The store's string dictionaries held in memory: member ids, content ids
/// and event attributes, each mapped to the small integer key the packed
/// day rows hold.
///
/// Loaded once per ingest; a string seen for the first time is inserted into
/// its table inside the file's transaction. After a rollback the store drops
/// this object, so keys of rolled-back rows are never reused from memory.
final class Dictionaries {
    private var members = StringTable<UInt32>(capacity: 1 << 16, placeholder: 0)
    private var contents = StringTable<UInt32>(placeholder: 0)
    private var attributes: [EventAttributes: UInt32] = [:]
    private var nextMember: UInt32 = 1
    private var nextContent: UInt32 = 1
    private var nextAttribute: UInt32 = 1
    /// The ids of the last ``memberKeys(_:_:)`` call and their keys.
    private var mappedIDs: [String] = []
    private var mappedKeys: [UInt32] = []

    /// The top bit of an attribute key in a day row marks a featured comment.
    static let featuredBit: UInt32 = 1 << 31

    init(_ db: Database) throws {
        let memberRows = try db.cached("SELECT key, member_id FROM member_ids")
        defer { memberRows.reset() }
        while try memberRows.step() {
            let key = UInt32(memberRows.int64(0))
            members.insert(memberRows.text(1), key)
            nextMember = max(nextMember, key + 1)
        }
        let contentRows = try db.cached("SELECT key, content_id FROM content_ids")
        defer { contentRows.reset() }
        while try contentRows.step() {
            let key = UInt32(contentRows.int64(0))
            contents.insert(contentRows.text(1), key)
            nextContent = max(nextContent, key + 1)
        }
        let attributeRows = try db.cached("SELECT key, channel, target FROM attributes")
        defer { attributeRows.reset() }
        while try attributeRows.step() {
            let key = UInt32(attributeRows.int64(0))
            attributes[EventAttributes(channel: attributeRows.text(1), target: attributeRows.text(2))] = key
            nextAttribute = max(nextAttribute, key + 1)
        }
        contents.insert("", 0)
        attributes[.none] = 0
    }

    func memberKey(_ id: String, _ db: Database) throws -> UInt32 {
        if let key = members[id] { return key }
        let key = nextMember
        try db.run("INSERT INTO member_ids(key, member_id) VALUES (?, ?)", key, id)
        members.insert(id, key)
        nextMember += 1
        return key
    }

    /// The keys of many member ids, adding the new ones.
    ///
    /// A reader hands every batch of a run the run's ids so far, so a
    /// batch's ids usually extend the previous batch's: then only the new
    /// ones are looked up (comparing the shared prefix costs little, the
    /// strings being the same objects).
    func memberKeys(_ ids: [String], _ db: Database) throws -> [UInt32] {
        let known = ids.starts(with: mappedIDs) ? mappedIDs.count : 0
        let new = Array(ids[known...])
        var keys = members.values(of: new, missing: 0)  // member keys start at 1
        for k in keys.indices where keys[k] == 0 { keys[k] = try memberKey(new[k], db) }
        if known > 0 { keys = mappedKeys + keys }
        mappedIDs = ids
        mappedKeys = keys
        return keys
    }

    func contentKey(_ id: String, _ db: Database) throws -> UInt32 {
        if let key = contents[id] { return key }
        let key = nextContent
        try db.run("INSERT INTO content_ids(key, content_id) VALUES (?, ?)", key, id)
        contents.insert(id, key)
        nextContent += 1
        return key
    }

    func attributeKey(_ value: EventAttributes, _ db: Database) throws -> UInt32 {
        if let key = attributes[value] { return key }
        let key = nextAttribute
        precondition(key < Dictionaries.featuredBit, "too many distinct channel/target pairs")
        try db.run("INSERT INTO attributes(key, channel, target) VALUES (?, ?, ?)", key, value.channel, value.target)
        attributes[value] = key
        nextAttribute += 1
        return key
    }
}

/// Reverse lookups for reading: key → string, loaded on demand.
enum DictionaryTables {
    /// `member_id` of every member key (index = key; empty for unused keys).
    static func memberIDs(_ db: Database) throws -> [String] {
        try strings(db, "SELECT key, member_id FROM member_ids")
    }

    /// `content_id` of every content key (index = key; key 0 is the empty content_id).
    static func contentIDs(_ db: Database) throws -> [String] {
        try strings(db, "SELECT key, content_id FROM content_ids")
    }

    /// Channel and target of every attribute key (index = key).
    static func attributes(_ db: Database) throws -> [EventAttributes] {
        let rows = try db.cached("SELECT key, channel, target FROM attributes ORDER BY key")
        defer { rows.reset() }
        var result: [EventAttributes] = [.none]
        while try rows.step() {
            let key = rows.int(0)
            if key >= result.count { result += Array(repeating: .none, count: key - result.count + 1) }
            result[key] = EventAttributes(channel: rows.text(1), target: rows.text(2))
        }
        return result
    }

    private static func strings(_ db: Database, _ sql: String) throws -> [String] {
        let rows = try db.cached(sql + " ORDER BY key")
        defer { rows.reset() }
        var result: [String] = [""]
        while try rows.step() {
            let key = rows.int(0)
            if key >= result.count { result += Array(repeating: "", count: key - result.count + 1) }
            result[key] = rows.text(1)
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

extension String {
    /// Unicode code point order (SPEC 3: ids and names sort by code point),
    /// which is also UTF-8 byte order and SQLite's BINARY collation.
    func precedesByCodePoint(_ other: String) -> Bool {
        self.utf8.lexicographicallyPrecedes(other.utf8)
    }
}
