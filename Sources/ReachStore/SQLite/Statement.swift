import CSQLite
import ReachModel

/// `SQLITE_TRANSIENT`: SQLite copies bound text and blobs before the call returns.
private let transient = unsafeBitCast(Int(-1), to: sqlite3_destructor_type.self)

/// A prepared statement: bind values by position (1-based), step through the
/// rows, read columns by position (0-based).
final class Statement {
    let sql: String
    let handle: OpaquePointer
    private unowned let database: Database

    init(database: Database, sql: String) throws {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        try database.check(rc, sql: sql)
        guard let statement else { throw SQLiteError(code: SQLITE_MISUSE, message: "empty statement", sql: sql) }
        self.database = database
        self.sql = sql
        self.handle = statement
    }

    deinit { sqlite3_finalize(handle) }

    /// Resets the statement so it can run again, and clears its bindings.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds `values` to parameters 1, 2, …
    func bind(_ values: [(any SQLBindable)?]) throws {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            if let value { try value.bind(to: self, at: index) } else { try bindNull(at: index) }
        }
    }

    func bindNull(at index: Int32) throws {
        try database.check(sqlite3_bind_null(handle, index), sql: sql)
    }

    func bind(_ value: Int64, at index: Int32) throws {
        try database.check(sqlite3_bind_int64(handle, index, value), sql: sql)
    }

    /// Binds the string's exact UTF-8 bytes, NULs included, so that what is
    /// stored is what was read (a C-string bind would cut at the first NUL
    /// and make two different values collide).
    func bind(_ value: String, at index: Int32) throws {
        var value = value
        let rc = value.withUTF8 { bytes -> Int32 in
            let base = UnsafeRawPointer(bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!)
            return sqlite3_bind_text64(handle, index, base.assumingMemoryBound(to: CChar.self), UInt64(bytes.count),
                                       transient, UInt8(SQLITE_UTF8))
        }
        try database.check(rc, sql: sql)
    }

    /// Binds `bytes` as a blob without copying them: SQLite reads them when
    /// the statement runs. Only inside a scope that keeps `bytes` valid
    /// until the statement has run and been reset (see ``DayRows/write(id:_:replacing:_:)``).
    func bind(borrowedBlob bytes: UnsafeRawBufferPointer, at index: Int32) throws {
        let base = bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
        try database.check(sqlite3_bind_blob64(handle, index, base, UInt64(bytes.count), nil), sql: sql)
    }

    /// Binds a copy of `bytes` as a blob.
    func bind(blob bytes: UnsafeRawBufferPointer, at index: Int32) throws {
        // A zero-length blob still needs a non-null pointer, or SQLite binds NULL.
        let base = bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
        try database.check(sqlite3_bind_blob64(handle, index, base, UInt64(bytes.count), transient), sql: sql)
    }

    /// Binds `value`, or NULL for `nil`.
    func bind(_ value: Int64?, at index: Int32) throws {
        if let value { try bind(value, at: index) } else { try bindNull(at: index) }
    }

    /// Runs a statement that returns no rows with the values bound, then
    /// resets it for the next run. For a statement run once per row in a
    /// loop: every parameter is bound again each time, so the bindings are
    /// not cleared (``Database/run(_:_:)`` is the general form).
    func execute() throws {
        defer { sqlite3_reset(handle) }
        while try step() {}
    }

    /// Advances to the next row: `true` when there is one, `false` when done.
    func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        let error = SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(database.handle)), sql: sql)
        sqlite3_reset(handle)
        throw error
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    /// The column as a 32-bit integer of `range`; any other stored value is
    /// damage to the store, thrown as `SQLITE_CORRUPT` naming the column.
    func int32(_ column: Int32, in range: ClosedRange<Int32> = .min ... .max) throws -> Int32 {
        let value = int64(column)
        guard let narrow = Int32(exactly: value), range.contains(narrow) else { throw outOfRange(column, value) }
        return narrow
    }

    /// The column as a count or a line number (0 ... 2³¹ − 1).
    func count(_ column: Int32) throws -> Int {
        Int(try int32(column, in: 0 ... .max))
    }

    /// The column as a dictionary key (0 ... 2³¹ − 1).
    func key(_ column: Int32) throws -> UInt32 {
        UInt32(try int32(column, in: 0 ... .max))
    }

    /// The column as a day (NULL → `nil`), within ``Day/supported``.
    func optionalDay(_ column: Int32) throws -> Day? {
        isNull(column) ? nil : Day(index: try int32(column, in: Day.supported))
    }

    /// The column as a day of ``Day/supported``; `nil` for NULL and for any
    /// other value. For an optional value that is only shown (contract v4):
    /// damage makes it unknown rather than stopping the report.
    func dayIfValid(_ column: Int32) -> Day? {
        guard !isNull(column), let index = Int32(exactly: int64(column)), Day.supported.contains(index) else { return nil }
        return Day(index: index)
    }

    /// The column as a count (≥ 0); `nil` for NULL, a negative value or
    /// anything but an integer. Like ``dayIfValid(_:)``, for optional values.
    func countIfValid(_ column: Int32) -> Int? {
        guard sqlite3_column_type(handle, column) == SQLITE_INTEGER else { return nil }
        let value = int64(column)
        return value >= 0 ? Int(value) : nil
    }

    /// The column as epoch seconds (NULL → `nil`) on a day of ``Day/supported``.
    func optionalInstant(_ column: Int32) throws -> Int64? {
        guard !isNull(column) else { return nil }
        let value = int64(column)
        let seconds = Int64(Day.supported.lowerBound) * 86_400 ... Int64(Day.supported.upperBound) * 86_400
        guard seconds.contains(value) else { throw outOfRange(column, value) }
        return value
    }

    private func outOfRange(_ column: Int32, _ value: Int64) -> SQLiteError {
        let name = sqlite3_column_name(handle, column).map { String(cString: $0) } ?? "column \(column)"
        return SQLiteError(code: SQLITE_CORRUPT, message: "\(name) holds \(value), which no reach store holds", sql: sql)
    }

    /// The column as text (empty for NULL).
    func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// The column's bytes, valid until the next `step`, `reset` or finalize
    /// (SQLite keeps each column of the current row in its own buffer).
    func blob(_ column: Int32) -> UnsafeRawBufferPointer {
        let pointer = sqlite3_column_blob(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        return UnsafeRawBufferPointer(start: count == 0 ? nil : pointer, count: count)
    }
}

/// A Swift value that can be bound to a statement parameter.
protocol SQLBindable {
    func bind(to statement: Statement, at index: Int32) throws
}

extension Int64: SQLBindable {
    func bind(to statement: Statement, at index: Int32) throws { try statement.bind(self, at: index) }
}

extension Int: SQLBindable {
    func bind(to statement: Statement, at index: Int32) throws { try statement.bind(Int64(self), at: index) }
}

extension Int32: SQLBindable {
    func bind(to statement: Statement, at index: Int32) throws { try statement.bind(Int64(self), at: index) }
}

extension UInt32: SQLBindable {
    func bind(to statement: Statement, at index: Int32) throws { try statement.bind(Int64(self), at: index) }
}

extension String: SQLBindable {
    func bind(to statement: Statement, at index: Int32) throws { try statement.bind(self, at: index) }
}
