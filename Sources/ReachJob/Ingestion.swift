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
    /// Event ids read so far, shared by the files of this ingest: a member
    /// id is new only in the first file that has it.
    private let dictionaries = EventDictionaries()
    /// The roster's fixed member-id width, asked of the store once per
    /// ingest, and again after a roster file is stored.
    private let idWidth = IDWidthCache()

    public init(store: Store, zone: ReportingZone, kindOverride: FileKind? = nil, logger: Logger, progress: ProgressLine? = nil) {
        self.store = store
        self.zone = zone
        self.kindOverride = kindOverride
        self.logger = logger
        self.progress = progress
    }

    /// Ingests `files` in order. Bad rows and bad files are recorded, never
    /// thrown; only a failure of the store itself (exit 2) is thrown.
    public func ingest(_ files: [URL]) throws -> [FileResult] {
        var results: [FileResult] = []
        for url in files {
            let outcome = try ingestFile(url)
            results.append(FileResult(url: url, outcome: outcome))
            log(outcome)
        }
        return results
    }

    private func ingestFile(_ url: URL) throws -> FileOutcome {
        let name = url.lastPathComponent
        let guessedKind = kindOverride ?? FileKind.detect(fileName: name)
        func rejected(_ reason: String, fingerprint: String?) throws -> FileOutcome {
            let outcome = FileOutcome(file: name, kind: guessedKind?.rawValue ?? "", status: .rejected, reason: reason)
            try store.record(outcome, fingerprint: fingerprint)
            return outcome
        }
        let fingerprint: String
        do {
            fingerprint = try Fingerprint.of(fileAt: url)
        } catch {
            return try rejected(Self.unreadable(error), fingerprint: nil)
        }
        if try store.hasIngested(fingerprint: fingerprint) {
            let outcome = FileOutcome(file: name, kind: guessedKind?.rawValue ?? "", status: .skipped,
                                      reason: "the same bytes were ingested before")
            try store.record(outcome, fingerprint: fingerprint)
            return outcome
        }
        let reader: FileReader
        let width = try memberIDWidth()  // a store error stops the run (exit 2); it is not the file's fault
        do {
            reader = try FileReader(url: url, kind: kindOverride, zone: zone, dictionaries: dictionaries,
                                    memberIDWidth: width)
        } catch let ReachError.fileRejected(_, reason) {
            return try rejected(reason, fingerprint: fingerprint)
        }
        let ingest = try store.beginFile(name: name, kind: reader.kind, fingerprint: fingerprint)
        if reader.kind == .members { idWidth.forget() }  // the roster may change: ask again for the next file
        let pipe = BatchPipe(reader: reader)
        do {
            var records = 0
            while let batch = try pipe.next() {
                try ingest.add(batch)
                records += batch.records
                progress?.update(file: name, records: records)
            }
            progress?.finish()
            return try ingest.commit(notes: Self.notes(of: reader))
        } catch let ReachError.fileRejected(_, reason) {
            pipe.cancel()
            ingest.rollback()
            progress?.finish()
            return try rejected(reason, fingerprint: fingerprint)
        } catch {
            pipe.cancel()
            ingest.rollback()
            progress?.finish()
            throw error
        }
    }

    /// What the reader says about a file it read to the end (the sheet it
    /// read, the other sheets of a workbook), for the `reason` column of the
    /// file's quality.csv row. The reader has finished when this is asked
    /// (the pipe's thread has handed over its last batch).
    static func notes(of reader: FileReader) -> [String] {
        reader.notes
    }

    /// The roster's fixed member-id width (``ReachStore/Store/rosterIDWidth()``),
    /// for FileReader's `memberIDWidth:`: the store is asked on the first
    /// file of the ingest and after each roster file (rosters come first,
    /// see ``InputFiles``), so every events file is read with the roster
    /// as stored before it.
    func memberIDWidth() throws -> Int? {
        if let known = idWidth.value { return known }
        let width = try store.rosterIDWidth()
        idWidth.value = .some(width)
        return width
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

/// The roster width an ``Ingestion`` knows: `nil` until asked, then the
/// store's answer (itself `nil` when the roster has no fixed width).
private final class IDWidthCache {
    var value: Int??

    func forget() { value = nil }
}
