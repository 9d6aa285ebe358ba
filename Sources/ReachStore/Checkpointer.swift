import CSQLite
import Foundation

/// Copies committed pages from the write-ahead log into the store file on
/// a thread and connection of its own, so that the writer does not wait
/// for it.
///
/// In WAL mode a commit appends the transaction's pages to the
/// `-wal` file; a checkpoint later copies them into the store file and
/// syncs both (`synchronous = NORMAL`: that is where durability comes
/// from). SQLite runs checkpoints inside the commit that pushes the log
/// past 1,000 pages, on the committing thread: in a campus year's cold
/// ingest the writer's `COMMIT`s took 0.6–0.8 s that way, against
/// 0.2–0.45 s with the checkpoints here (shared machine, 2 cores), the
/// difference mostly spent waiting for the disk. Instead, a WAL hook on
/// the writer's connection wakes this thread, which checkpoints
/// *passively* (never waiting for, nor blocking, the writer or readers).
/// Should the log still grow past ``hardLimit`` pages, the writer
/// checkpoints itself, as SQLite would.
///
/// Nothing here changes what a commit guarantees: a killed process leaves
/// committed transactions in the log, which the next opening replays.
///
/// `@unchecked Sendable`: its flags are read and written only under
/// `condition`; `connection` is touched only by the checkpoint thread; the
/// writer's connection is used by the writer's thread alone (the WAL hook
/// runs there).
final class Checkpointer: @unchecked Sendable {
    /// Log pages that wake the checkpoint thread, by default (SQLite's
    /// default auto-checkpoint size).
    static let threshold: Int32 = 1_000
    /// Log pages at which the writer checkpoints itself.
    static let hardLimit: Int32 = 16_000

    private let condition = NSCondition()
    private var requested = false
    private var stopping = false
    private var stopped = false
    /// Checkpoints the thread has run to their end.
    private var finished = 0
    /// The store's connection, which it closes after ``stop()``: not held
    /// here, so that the checkpoint thread, exiting, never closes it late.
    private unowned let writer: Database
    /// Log pages that wake the checkpoint thread.
    private let threshold: Int32
    /// The checkpoint thread's connection; only that thread touches it,
    /// and closes it before ``stop()`` returns.
    private var connection: Database?

    /// Starts a checkpoint thread for the store at `path`, whose writer
    /// connection is `writer`; `nil` when a second connection cannot be
    /// opened (SQLite's own auto-checkpoint then stays in place).
    init?(path: String, writer: Database, threshold: Int32 = Checkpointer.threshold) {
        guard let connection = try? Database(path: path) else { return nil }
        self.writer = writer
        self.threshold = threshold
        self.connection = connection
        let thread = Thread { [self] in self.run() }
        thread.stackSize = 1 << 20
        thread.start()
        sqlite3_wal_hook(writer.handle, { context, db, name, pages in
            Unmanaged<Checkpointer>.fromOpaque(context!).takeUnretainedValue().logGrew(to: pages, db: db, name: name)
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Called by SQLite on the writer's thread after each commit, with the
    /// log's size in pages.
    private func logGrew(to pages: Int32, db: OpaquePointer?, name: UnsafePointer<CChar>?) -> Int32 {
        if pages >= Self.hardLimit {
            sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        } else if pages >= threshold {
            condition.lock()
            requested = true
            condition.signal()
            condition.unlock()
        }
        return SQLITE_OK
    }

    private func run() {
        condition.lock()
        while true {
            while !requested && !stopping { condition.wait() }
            if stopping { break }
            requested = false
            condition.unlock()
            // A failed or partial checkpoint is harmless: the next one, or
            // the writer's close, copies what is left.
            _ = try? connection?.execute("PRAGMA wal_checkpoint(PASSIVE)")
            condition.lock()
            finished += 1
            condition.broadcast()
        }
        connection = nil  // closed here, before the writer's connection
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until the thread has run `count` checkpoints in all, or has
    /// stopped: the thread works in its own time, and a test that checks
    /// what a checkpoint did waits for it here rather than for a while.
    func waitUntilFinished(_ count: Int) {
        condition.lock()
        while finished < count && !stopped { condition.wait() }
        condition.unlock()
    }

    /// Hands checkpoints back to the writer (SQLite's auto-checkpoint) and
    /// waits for a checkpoint under way to end; the writer's close then
    /// checkpoints whatever is left.
    func stop() {
        sqlite3_wal_autocheckpoint(writer.handle, Self.threshold)  // SQLite's default
        condition.lock()
        stopping = true
        condition.broadcast()
        while !stopped { condition.wait() }
        condition.unlock()
    }
}
