/// One of the store's id dictionaries (`member_ids` or `content_ids`) held
/// in memory for an ingest: each id's key, and the key the next new id gets.
///
/// The table's keys run 1, 2, 3, … (``KeySequence`` checks them on load);
/// ``add(_:_:)`` inserts a new id's row inside the file's transaction.
/// ``Dictionaries`` decides when an id is new and counts it against the
/// memory budget.
struct IDDictionary {
    private var keys: StringTable<UInt32>
    /// The key the next new id gets: keys below it were stored before.
    private(set) var next: UInt32
    /// `INSERT INTO member_ids(key, member_id) VALUES (?, ?)`, or the same for `content_ids`.
    private let insertSQL: String

    /// Loads `table` (keys and `column`), checking that its keys run
    /// 1, 2, 3, …; `capacity` is the number of ids the table is sized for.
    init(_ db: Database, table: String, column: String, capacity: Int = 1024) throws {
        keys = StringTable(capacity: capacity, placeholder: 0)
        insertSQL = "INSERT INTO \(table)(key, \(column)) VALUES (?, ?)"
        var sequence = KeySequence(table: table)
        let rows = try db.cached("SELECT key, \(column) FROM \(table) ORDER BY key")
        defer { rows.reset() }
        while try rows.step() {
            keys.insert(rows.text(1), try sequence.next(rows.int64(0), db))
        }
        next = sequence.expected
    }

    /// The key of `id`, or `nil` when the dictionary does not hold it yet.
    subscript(id: String) -> UInt32? { keys[id] }

    /// The keys of `ids`, 0 for each id the dictionary does not hold yet
    /// (looked up together, which overlaps their cache misses).
    func keys(of ids: [String]) -> [UInt32] { keys.values(of: ids, missing: 0) }

    /// Maps `id` to `key` in memory only: a key no row holds, such as 0 for
    /// the empty content_id.
    mutating func map(_ id: String, to key: UInt32) { keys.insert(id, key) }

    /// Gives `id`, not held yet, the next key: inserts its row, keeps it in
    /// memory and returns the key.
    ///
    /// A campus's first roster inserts tens of thousands of rows, so the
    /// cached statement is bound directly (no value array).
    mutating func add(_ id: String, _ db: Database) throws -> UInt32 {
        let key = next
        let statement = try db.cached(insertSQL)
        try statement.bind(Int64(key), at: 1)
        try statement.bind(id, at: 2)
        try statement.execute()
        keys.insert(id, key)
        next += 1
        return key
    }
}
