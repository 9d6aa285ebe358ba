import CSQLite
import Foundation

/// One connection to an SQLite file: a thin, typed wrapper over the C API.
///
/// Not thread-safe: a connection is used from one thread at a time (it is
/// opened with `SQLITE_OPEN_NOMUTEX`). Statements are prepared once and
/// cached by their SQL text.
final class Database {
    /// The file this connection opened.
    let path: String
    let handle: OpaquePointer
    private var statements: [String: Statement] = [:]

    /// How a connection opens its file.
    enum Mode {
        /// Read and write, creating the file when missing.
        case readWrite
        /// Read only; the file must exist. In WAL mode SQLite still needs
        /// the `-shm` file (existing, or creatable beside the store).
        case readOnly
        /// Read only, and SQLite is told that nobody changes the file while
        /// it is open (no locks, no `-shm`): for a store on a read-only
        /// mount, where nobody can.
        case immutable
    }

    /// The mode this connection was opened in.
    let mode: Mode

    /// Opens the SQLite file at `path` in `mode`.
    init(path: String, mode: Mode = .readWrite) throws {
        var db: OpaquePointer?
        let rc: Int32
        switch mode {
        case .readWrite:
            rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        case .readOnly, .immutable:
            let query = mode == .readOnly ? "mode=ro" : "mode=ro&immutable=1"
            rc = sqlite3_open_v2("file:\(Self.uriPath(path))?\(query)", &db,
                                 SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nil)
        }
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw SQLiteError(code: rc, message: message, sql: nil)
        }
        sqlite3_extended_result_codes(db, 1)
        self.path = path
        self.handle = db
        self.mode = mode
    }

    /// `path` as the path of a `file:` URI: `%`, `?` and `#` escaped, and
    /// made absolute so that no authority is read from it.
    static func uriPath(_ path: String) -> String {
        var absolute = path
        if !absolute.hasPrefix("/") {
            absolute = FileManager.default.currentDirectoryPath + "/" + path
        }
        var out = ""
        for scalar in absolute.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "?": out += "%3F"
            case "#": out += "%23"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    deinit {
        statements.removeAll()  // finalize before closing
        sqlite3_close_v2(handle)
    }

    /// Throws a ``SQLiteError`` for any result code other than `OK`, `ROW` or `DONE`.
    func check(_ rc: Int32, sql: String? = nil) throws {
        guard rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE else { return }
        throw SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws {
        try check(sqlite3_exec(handle, sql, nil, nil, nil), sql: sql)
    }

    /// A new prepared statement (finalized when released).
    func prepare(_ sql: String) throws -> Statement {
        try Statement(database: self, sql: sql)
    }

    /// The prepared statement for `sql`, reset and with its bindings cleared.
    func cached(_ sql: String) throws -> Statement {
        if let statement = statements[sql] {
            statement.reset()
            return statement
        }
        let statement = try prepare(sql)
        statements[sql] = statement
        return statement
    }

    /// Runs the cached statement `sql` with `values` bound, hands it to
    /// `body` to step through its rows, and resets it afterwards, so that no
    /// statement keeps a read transaction open between uses.
    func query<T>(_ sql: String, _ values: [(any SQLBindable)?] = [], _ body: (Statement) throws -> T) throws -> T {
        let statement = try cached(sql)
        defer { statement.reset() }
        try statement.bind(values)
        return try body(statement)
    }

    /// Runs `sql` with `values` bound, ignoring any rows.
    func run(_ sql: String, _ values: (any SQLBindable)?...) throws {
        try query(sql, values) { statement in while try statement.step() {} }
    }

    /// The first column of the first row of `sql` as an integer, `nil` when
    /// there is no row or the value is NULL.
    func integer(_ sql: String, _ values: (any SQLBindable)?...) throws -> Int64? {
        try query(sql, values) { statement in
            guard try statement.step(), !statement.isNull(0) else { return nil }
            return statement.int64(0)
        }
    }

    /// The rowid of the last row inserted by this connection.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Whether a transaction is open on this connection.
    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Runs `body` in one write transaction (`BEGIN IMMEDIATE`): committed when
    /// it returns, rolled back when it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            rollback()
            throw error
        }
    }

    /// Rolls back the open transaction, if any; never fails.
    func rollback() {
        if isInTransaction { sqlite3_exec(handle, "ROLLBACK", nil, nil, nil) }
    }
}
