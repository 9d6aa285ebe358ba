import Foundation
import ReachModel
import ReachReading

/// Reads the files of one ingest on a thread of its own, one after
/// another, while the caller stores them: the next file is opened,
/// fingerprinted and parsed while the store still merges and commits the
/// previous one, and each batch is parsed while the store takes the one
/// before.
///
/// What the reading thread finds comes out as ``Item``s, in file order.
/// Every decision that changes what is read is made the way a strictly
/// sequential ingest would make it, so the store's contents never depend
/// on timing:
/// - A file whose fingerprint the store's ledger lists as ingested, or that
///   an earlier file of this ingest with the same bytes was ingested as, is
///   skipped unread (when such an earlier file is still being stored, the
///   thread waits for its outcome).
/// - A spreadsheet after a roster file is opened only once that roster is
///   stored, with the roster's member-id width as the store then reports
///   it (a number cell one digit short of it gets its leading zero back).
///   Delimited text never uses the width: it is read on without waiting.
/// - A file the store refuses part-way is still read to its end: the ids it
///   teaches the shared ``EventDictionaries`` are then always the same.
///
/// Batches of at most `queuedRecords` records wait in the pipe (about
/// 32 bytes a record: 64 MB), and the thread holds two files' bytes at a
/// time (the file it parses, and the next one, read ahead), so memory
/// stays bounded whatever the inbox. The queue is deep enough for the
/// reader to go on while the store commits a month of check-ins. An event
/// batch read while new ids were learnt carries a fresh copy of the run's
/// id lists (``ReachReading/EventDictionaries``); those ids count like
/// records, so that queued copies of a list of millions of ids stay
/// within the same bound (``weight(of:)``).
///
/// `@unchecked Sendable`: everything the two threads share (the queue, the
/// settled files, the flags) is read and written only under `condition`;
/// what the reading thread alone uses is handed to it once (``Reading``).
final class BatchPipe: @unchecked Sendable {
    /// What the reading thread found, for one file.
    enum Item {
        /// The file could not be read at all (no fingerprint).
        case unreadable(reason: String)
        /// The same bytes were ingested before.
        case skipped(fingerprint: String)
        /// Rejected whole before any row was read.
        case rejected(reason: String, fingerprint: String)
        /// Rows follow: batches, then ``finished(notes:)`` or ``failed(reason:)``.
        case opened(kind: FileKind, fingerprint: String)
        case batch(ReadBatch)
        /// Read to its end; what the reader says about it (``FileReader/notes``).
        case finished(notes: [String])
        /// Rejected whole part-way: nothing of the file may stay stored.
        case failed(reason: String)
        /// Reading failed in a way that stops the ingest.
        case fatal(Error)
    }

    /// How the store ended a file, told back to the reading thread.
    struct Settled {
        /// The file's bytes are now in the ledger as ingested.
        var ingested: Bool
        /// The roster's member-id width after this file, when the file was a
        /// roster the store began (``ReachStore/Store/rosterIDWidth()``).
        var rosterWidth: Int??
    }

    private let condition = NSCondition()
    private var queue: [(file: Int, item: Item, weight: Int)] = []
    /// Weight of the batches waiting in ``queue`` (``weight(of:)``).
    private var queued = 0
    private let queuedRecords: Int
    /// The member and content id lists of the last event batch queued, by
    /// address (not kept alive).
    private var lastLists: (members: UnsafeRawPointer?, contents: UnsafeRawPointer?)
    /// Files the store has settled, in order: `settled.count` is the next
    /// file it works on.
    private var settled: [Settled] = []
    /// Fingerprints the ledger lists as ingested: the store's at the start,
    /// and those of this ingest's files as the store settles them.
    private var ingested: Set<String>
    private var memberIDWidth: Int?
    private var cancelled = false
    private var done = false

    /// Starts reading `files` on a new thread.
    ///
    /// - Parameters:
    ///   - ingested: the fingerprints the store's ledger lists as ingested.
    ///   - memberIDWidth: the roster's member-id width before the first file.
    init(files: [URL], kind: FileKind?, zone: ReportingZone, dictionaries: EventDictionaries, budget: MemoryBudget,
         threads: Int, ingested: Set<String>, memberIDWidth: Int?, queuedRecords: Int = 2_000_000) {
        self.queuedRecords = queuedRecords
        self.ingested = ingested
        self.memberIDWidth = memberIDWidth
        let reading = Reading(files: files, kind: kind, zone: zone, dictionaries: dictionaries, budget: budget, threads: threads)
        let thread = Thread { [self] in
            self.read(reading)
            condition.lock()
            done = true
            condition.broadcast()
            condition.unlock()
        }
        thread.stackSize = 1 << 22
        thread.start()
    }

    /// What the reading thread works with (values it alone uses).
    private struct Reading: Sendable {
        let files: [URL]
        let kind: FileKind?
        let zone: ReportingZone
        let dictionaries: EventDictionaries
        let budget: MemoryBudget
        let threads: Int
    }

    /// Reads `url` (``ReachReading/FileContents``: its fingerprint and UTF-8
    /// check) on a thread of its own, with memory from `buffers`, so that
    /// reading the next file overlaps parsing the current one.
    private static func readAhead(_ url: URL, buffers: ReadBuffers) -> Background<Result<FileContents, Error>> {
        Background { Result { try FileContents(url: url, buffers: buffers) } }
    }

    /// Stops the reading thread when the consumer has gone.
    private struct Cancelled: Error {}

    // MARK: The reading thread

    private func read(_ reading: Reading) {
        /// The files this ingest opened, by fingerprint (the last one).
        var opened: [String: Int] = [:]
        /// The last file opened as a roster.
        var lastRoster: Int?
        var current = 0
        let buffers = ReadBuffers()
        var next = reading.files.first.map { Self.readAhead($0, buffers: buffers) }
        defer { _ = next?.value() }  // let go of the last file read ahead
        do {
            for file in reading.files.indices {
                current = file
                let read = next!.value()
                // Read the next file (fingerprint, UTF-8 check) while this one is parsed.
                next = file + 1 < reading.files.count ? Self.readAhead(reading.files[file + 1], buffers: buffers) : nil
                let contents: FileContents
                do {
                    contents = try read.get()
                } catch {
                    try put(.unreadable(reason: Ingestion.unreadable(error)), file: file)
                    continue
                }
                let fingerprint = contents.fingerprint
                if let earlier = opened[fingerprint] { try waitUntilSettled(earlier) }
                if let roster = lastRoster, contents.format != .text { try waitUntilSettled(roster) }
                if isIngested(fingerprint) {
                    try put(.skipped(fingerprint: fingerprint), file: file)
                    continue
                }
                let reader: FileReader
                do {
                    reader = try FileReader(contents: contents, kind: reading.kind, zone: reading.zone,
                                            dictionaries: reading.dictionaries, memberIDWidth: width(), budget: reading.budget,
                                            threads: reading.threads)
                } catch let ReachError.fileRejected(_, reason) {
                    try put(.rejected(reason: reason, fingerprint: fingerprint), file: file)
                    continue
                }
                opened[fingerprint] = file
                if reader.kind == .members { lastRoster = file }
                try put(.opened(kind: reader.kind, fingerprint: fingerprint), file: file)
                do {
                    try reader.forEachBatch { try put(.batch($0), file: file) }
                    try put(.finished(notes: Ingestion.notes(of: reader)), file: file)
                } catch let ReachError.fileRejected(_, reason) {
                    try put(.failed(reason: reason), file: file)
                }
            }
        } catch is Cancelled {
        } catch {
            try? put(.fatal(error), file: current)
        }
    }

    /// Hands `item` of file `file` to the store, waiting while batches of
    /// `queuedRecords` records are waiting already.
    private func put(_ item: Item, file: Int) throws {
        condition.lock()
        defer { condition.unlock() }
        var weight = 0
        if case .batch(let batch) = item {
            weight = self.weight(of: batch)
            while queued > 0 && queued + weight > queuedRecords && !cancelled { condition.wait() }
            queued += weight
        }
        if cancelled { throw Cancelled() }
        queue.append((file, item, weight))
        condition.broadcast()
    }

    /// What a batch counts for in the queue: its records, plus, for an event
    /// batch, the ids of each list that is not the batch before's (a copy
    /// made as the list grew).
    private func weight(of batch: ReadBatch) -> Int {
        guard case .events(let events) = batch.rows else { return batch.records }
        let members = events.memberIDs.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
        let contents = events.contentIDs.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
        defer { lastLists = (members, contents) }
        return batch.records + (members == lastLists.members ? 0 : events.memberIDs.count)
            + (contents == lastLists.contents ? 0 : events.contentIDs.count)
    }

    /// Waits until the store has settled file `file`.
    private func waitUntilSettled(_ file: Int) throws {
        condition.lock()
        defer { condition.unlock() }
        while settled.count <= file && !cancelled { condition.wait() }
        if cancelled { throw Cancelled() }
    }

    private func isIngested(_ fingerprint: String) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return ingested.contains(fingerprint)
    }

    private func width() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        return memberIDWidth
    }

    // MARK: The store's side

    /// The next item of file `file` (the file the store works on), waiting for it.
    func next(of file: Int) -> Item {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty { condition.wait() }
        let (of, item, weight) = queue.removeFirst()
        queued -= weight
        if case .fatal = item {} else {
            precondition(of == file, "BatchPipe: an item of file \(of) while file \(file) is stored")
        }
        condition.broadcast()
        return item
    }

    /// Says how the store ended file `file` (the file it worked on): the
    /// reading thread may then decide what waited for it.
    func settle(_ file: Int, _ outcome: Settled, fingerprint: String?) {
        condition.lock()
        defer { condition.unlock() }
        precondition(settled.count == file, "BatchPipe: file \(file) settled out of order")
        settled.append(outcome)
        if outcome.ingested, let fingerprint { ingested.insert(fingerprint) }
        if let width = outcome.rosterWidth { memberIDWidth = width }
        condition.broadcast()
    }

    /// Stops the reading thread (after the last file, or after a store
    /// error) and waits for it to let go of its file.
    func stop() {
        condition.lock()
        cancelled = true
        queue.removeAll()
        queued = 0
        condition.broadcast()
        while !done { condition.wait() }
        condition.unlock()
    }
}
