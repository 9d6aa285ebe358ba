import CSQLite

/// A failed SQLite call, with the statement that caused it and SQLite's own
/// message (`sqlite3_errmsg`).
///
/// Internal: ``Store`` turns it into a ``ReachModel/ReachError`` that names
/// the store file and says what to do.
struct SQLiteError: Error, CustomStringConvertible {
    /// The extended result code.
    var code: Int32
    var message: String
    /// The SQL being run, when there was one.
    var sql: String?

    /// The primary result code (`SQLITE_BUSY`, `SQLITE_NOTADB`, …).
    var primaryCode: Int32 { code & 0xff }

    /// Another connection holds a lock this one needs.
    var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }

    /// A value SQLite refused: a constraint, a text or blob over its size
    /// limit, a type mismatch. Such an error comes from the data being
    /// written, not from the store file or the disk.
    var isCausedByInput: Bool {
        primaryCode == SQLITE_CONSTRAINT || primaryCode == SQLITE_TOOBIG || primaryCode == SQLITE_MISMATCH
            || primaryCode == SQLITE_RANGE
    }

    /// A read-only connection could not open or create the WAL's `-shm`
    /// file beside the store (a read-only folder or mount).
    var cannotOpenSharedMemory: Bool {
        primaryCode == SQLITE_CANTOPEN || primaryCode == SQLITE_READONLY
    }

    var description: String {
        if let sql { return "\(message) (SQLite error \(code) in `\(sql)`)" }
        return "\(message) (SQLite error \(code))"
    }
}
