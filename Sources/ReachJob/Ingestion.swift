import Foundation
import Logging
import ReachModel
import ReachReading
import ReachStore

/// Ingests input files into the store: one transaction per file, so that a
/// crash or kill leaves every file either wholly stored or not at all, and
/// re-running is always safe.
///
/// This is the one ingest path: `reach ingest` and `reach run` both use it.
public struct Ingestion {
    /// What became of one file.
    public struct FileResult: Sendable {
        public var url: URL
        public var outcome: FileOutcome
    }

    public let store: Store
    public let zone: ReportingZone
    public let kindOverride: FileKind?
    public let logger: Logger
    public let progress: ProgressLine?
    /// The limits that keep the ingest within its memory budget, for the
    /// reader and the store alike.
    public let budget: MemoryBudget
    /// The most threads a file's parts are read on (`--threads`).
    public let threads: Int
    /// Event ids read so far, shared by the files of this ingest: a member
    /// id is new only in the first file that has it.
    private let dictionaries: EventDictionaries

    public init(store: Store, zone: ReportingZone, kindOverride: FileKind? = nil, logger: Logger, progress: ProgressLine? = nil,
                budget: MemoryBudget = .standard, threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.store = store
        self.threads = threads
        self.zone = zone
        self.kindOverride = kindOverride
        self.logger = logger
        self.progress = progress
        self.budget = budget
        dictionaries = EventDictionaries(budget: budget)
    }

    /// Ingests `files` in order. Bad rows and bad files are recorded, never
    /// thrown; only a failure of the store itself (exit 2) is thrown.
    ///
    /// The files are read on a thread of their own (``BatchPipe``) while
    /// this thread stores them, one transaction per file.
    public func ingest(_ files: [URL]) throws -> [FileResult] {
        guard !files.isEmpty else { return [] }
        store.budget = budget
        store.threads = threads
        let pipe = BatchPipe(files: files, kind: kindOverride, zone: zone, dictionaries: dictionaries, budget: budget,
                             threads: threads, ingested: try store.ingestedFingerprints(), memberIDWidth: try store.rosterIDWidth())
        defer { pipe.stop() }
        var results: [FileResult] = []
        for (index, url) in files.enumerated() {
            let outcome = try storeFile(index, url, from: pipe)
            results.append(FileResult(url: url, outcome: outcome))
            log(outcome)
        }
        return results
    }

    /// Stores file `index` as the pipe hands it over, and tells the pipe how
    /// it ended.
    private func storeFile(_ index: Int, _ url: URL, from pipe: BatchPipe) throws -> FileOutcome {
        let name = url.lastPathComponent
        let guessedKind = kindOverride ?? FileKind.detect(fileName: name)
        func settled(_ outcome: FileOutcome, fingerprint: String?, recorded: Bool = true,
                     roster: Bool = false) throws -> FileOutcome {
            if recorded { try store.record(outcome, fingerprint: fingerprint) }
            let width: Int?? = roster ? .some(try store.rosterIDWidth()) : nil
            pipe.settle(index, BatchPipe.Settled(ingested: outcome.status == .ingested, rosterWidth: width),
                        fingerprint: fingerprint)
            return outcome
        }
        func rejected(_ reason: String) -> FileOutcome {
            FileOutcome(file: name, kind: guessedKind?.rawValue ?? "", status: .rejected, reason: reason)
        }
        func skipped() -> FileOutcome {
            FileOutcome(file: name, kind: guessedKind?.rawValue ?? "", status: .skipped,
                        reason: "the same bytes were ingested before")
        }
        switch pipe.next(of: index) {
        case .unreadable(let reason):
            return try settled(rejected(reason), fingerprint: nil)
        case .skipped(let fingerprint):
            return try settled(skipped(), fingerprint: fingerprint)
        case .rejected(let reason, let fingerprint):
            return try settled(rejected(reason), fingerprint: fingerprint)
        case .fatal(let error):
            throw error
        case .batch, .finished, .failed:
            preconditionFailure("BatchPipe: rows of \(name) before it was opened")
        case .opened(let kind, let fingerprint):
            // The pipe decided from the ledger as it stood; the store has the last word.
            if try store.hasIngested(fingerprint: fingerprint) {
                try drain(file: index, of: pipe)
                return try settled(skipped(), fingerprint: fingerprint)
            }
            let roster = kind == .members
            let ingest = try store.beginFile(name: name, kind: kind, fingerprint: fingerprint)
            var read = false  // the pipe has handed over the file's last item
            do {
                var records = 0
                while true {
                    switch pipe.next(of: index) {
                    case .batch(let batch):
                        try ingest.add(batch)
                        records += batch.records
                        progress?.update(file: name, records: records)
                    case .finished(let notes):
                        read = true
                        progress?.finish()
                        let outcome = try ingest.commit(notes: notes)
                        return try settled(outcome, fingerprint: fingerprint, recorded: false, roster: roster)
                    case .failed(let reason):
                        read = true
                        ingest.rollback()
                        progress?.finish()
                        return try settled(rejected(reason), fingerprint: fingerprint, roster: roster)
                    case .fatal(let error):
                        throw error
                    default:
                        preconditionFailure("BatchPipe: \(name) opened twice")
                    }
                }
            } catch let ReachError.fileRejected(_, reason) {
                // The store refused a value of the file: the rest of it is read and dropped.
                ingest.rollback()
                progress?.finish()
                if !read { try drain(file: index, of: pipe) }
                return try settled(rejected(reason), fingerprint: fingerprint, roster: roster)
            } catch {
                ingest.rollback()
                progress?.finish()
                throw error
            }
        }
    }

    /// Drops the remaining items of file `index`, up to its end.
    private func drain(file index: Int, of pipe: BatchPipe) throws {
        while true {
            switch pipe.next(of: index) {
            case .finished, .failed: return
            case .fatal(let error): throw error
            default: continue
            }
        }
    }

    /// What the reader says about a file it read to the end (the sheet it
    /// read, the other sheets of a workbook), for the `reason` column of the
    /// file's quality.csv row. The reader has finished when this is asked
    /// (the pipe's thread has handed over its last batch).
    static func notes(of reader: FileReader) -> [String] {
        reader.notes
    }

    /// The whole-file reason for a file that cannot be read at all.
    static func unreadable(_ error: Error) -> String {
        "cannot read the file (\(error)); check its permissions"
    }

    /// `打卡.xlsx: checkins, 14 rows: 7 accepted, 2 duplicates, 3 rejected, 2 absent`
    /// (absent rows named only when there are some).
    static func countsLine(_ o: FileOutcome) -> String {
        "\(o.file): \(o.kind), \(o.rows) rows: \(o.accepted) accepted, \(o.duplicates) duplicates, \(o.rejected) rejected"
            + (o.absent > 0 ? ", \(o.absent) absent" : "")
    }

    private func log(_ o: FileOutcome) {
        switch o.status {
        case .ingested:
            logger.info("\(Self.countsLine(o))")
            if !o.reason.isEmpty {
                logger.info("\(o.file): \(o.reason)")
            }
            if o.rejected > 0 {
                logger.warning("\(o.file): \(o.rejected) row\(o.rejected == 1 ? "" : "s") rejected; rejects.csv in the report lists each with its line and reason")
            }
        case .skipped:
            logger.info("\(o.file): skipped, \(o.reason)")
        case .rejected:
            logger.error("\(o.file): rejected whole: \(o.reason)")
        }
    }
}

/// Counts over the files of one ingest, for summaries and the exit status.
public struct IngestTotals: Sendable, Equatable {
    public var files = 0, ingested = 0, skipped = 0, rejectedFiles = 0
    public var rows = 0, accepted = 0, duplicates = 0, rejectedRows = 0
    /// Absent check-in rows (contract v3).
    public var absent = 0

    public init(_ outcomes: [FileOutcome]) {
        for o in outcomes {
            files += 1
            switch o.status {
            case .ingested: ingested += 1
            case .skipped: skipped += 1
            case .rejected: rejectedFiles += 1
            }
            rows += o.rows
            accepted += o.accepted
            duplicates += o.duplicates
            rejectedRows += o.rejected
            absent += o.absent
        }
    }

    /// SPEC 5: 3 when a whole file was rejected, else 0.
    public var exitCode: Int32 { rejectedFiles > 0 ? 3 : 0 }

    /// One line for people: `5 files: 4 ingested, 1 skipped, 0 rejected; rows: … `,
    /// ending `, N absent` when absent check-in rows were read.
    public var line: String {
        "\(files) files: \(ingested) ingested, \(skipped) skipped, \(rejectedFiles) rejected; "
            + "rows: \(accepted) accepted, \(duplicates) duplicates, \(rejectedRows) rejected"
            + (absent > 0 ? ", \(absent) absent" : "")
    }
}
