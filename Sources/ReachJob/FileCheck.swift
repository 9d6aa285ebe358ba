import Foundation
import ReachModel
import ReachReading

/// Reads input files exactly as `reach ingest` would, without a store:
/// what kind each file is, how many of its rows are valid, and which rows
/// would be rejected and why. Lets whoever prepares an export see its
/// problems before the nightly run does, and measures the reader alone.
public struct FileCheck {
    /// What reading one file found.
    public struct Result: Sendable, Equatable {
        public var file: String
        /// The kind it would be ingested as; empty when the file is rejected whole.
        public var kind: String
        /// Non-blank data records: valid + rejected + absent.
        public var records = 0
        public var rejected = 0
        /// Check-in rows saying the member did not check in (SPEC 1.6, contract v3).
        public var absent = 0
        /// Spreadsheet numbers that got a lost leading zero back (none without a store).
        public var restoredIDs = 0
        /// Where the header is and how each column was matched.
        public var header: HeaderMatch?
        /// The first rejected rows, in file order (at most the check's `sample`).
        public var firstRejects: [RowReject] = []
        /// Why the whole file would be rejected, or `nil`.
        public var wholeFileReason: String?

        /// Records that would be stored (or counted as duplicates by the store).
        public var valid: Int { records - rejected - absent }
    }

    public let zone: ReportingZone
    public let kindOverride: FileKind?
    /// How many rejected rows to keep per file for display.
    public let sample: Int
    /// The limits a record and the files' ids are held to, as in an ingest.
    public let budget: MemoryBudget
    /// The most threads a file's parts are read on (`--threads`).
    public let threads: Int
    /// Ids read so far, shared by the files of one check as in an ingest.
    private let dictionaries: EventDictionaries

    public init(zone: ReportingZone, kindOverride: FileKind? = nil, sample: Int = 5, budget: MemoryBudget = .standard,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.zone = zone
        self.threads = threads
        self.kindOverride = kindOverride
        self.sample = max(0, sample)
        self.budget = budget
        dictionaries = EventDictionaries(budget: budget)
    }

    /// Reads one file to its end; a file that would be rejected whole gives
    /// its reason instead of throwing, so callers go on with the next file.
    public func check(_ url: URL) -> Result {
        var result = Result(file: url.lastPathComponent, kind: "")
        do {
            let reader = try FileReader(url: url, kind: kindOverride, zone: zone, dictionaries: dictionaries, budget: budget,
                                        threads: threads)
            result.kind = reader.kind.rawValue
            result.header = reader.header
            try reader.forEachBatch { batch in
                result.records += batch.records
                result.rejected += batch.rejects.count
                result.absent += batch.absent
                result.restoredIDs += batch.restoredIDs
                if result.firstRejects.count < sample {
                    result.firstRejects += batch.rejects.prefix(sample - result.firstRejects.count)
                }
            }
        } catch let ReachError.fileRejected(_, reason) {
            result.wholeFileReason = reason
        } catch {
            result.wholeFileReason = Ingestion.unreadable(error)
        }
        return result
    }
}
