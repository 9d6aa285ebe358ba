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

    var description: String {
        if let sql { return "\(message) (SQLite error \(code) in `\(sql)`)" }
        return "\(message) (SQLite error \(code))"
    }
}
