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
        /// The kind it would be ingested as; empty when it cannot be told.
        public var kind: String
        /// Non-blank data records: valid + rejected.
        public var records = 0
        public var rejected = 0
        /// The first rejected rows, in file order (at most the check's `sample`).
        public var firstRejects: [RowReject] = []
        /// Why the whole file would be rejected, or `nil`.
        public var wholeFileReason: String?
        /// Bytes of the file as stored on disk.
        public var bytes = 0

        /// Records that would be stored (or counted as duplicates by the store).
        public var valid: Int { records - rejected }
    }

    public let zone: ReportingZone
    public let kindOverride: FileKind?
    /// How many rejected rows to keep per file for display.
    public let sample: Int

    public init(zone: ReportingZone, kindOverride: FileKind? = nil, sample: Int = 5) {
        self.zone = zone
        self.kindOverride = kindOverride
        self.sample = max(0, sample)
    }

    /// Reads each file in turn; a file rejected whole does not stop the others.
    public func check(_ files: [URL]) -> [Result] {
        files.map(check)
    }

    public func check(_ url: URL) -> Result {
        let name = url.lastPathComponent
        var result = Result(file: name, kind: (kindOverride ?? FileKind.detect(fileName: name))?.rawValue ?? "")
        result.bytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        do {
            let reader = try FileReader(url: url, kind: kindOverride, zone: zone)
            while let batch = try reader.nextBatch() {
                result.records += batch.records
                result.rejected += batch.rejects.count
                if result.firstRejects.count < sample {
                    result.firstRejects += batch.rejects.prefix(sample - result.firstRejects.count)
                }
            }
        } catch let ReachError.fileRejected(_, reason) {
            result.wholeFileReason = reason
        } catch {
            result.wholeFileReason = "cannot read the file (\(error)); check its permissions"
        }
        return result
    }
}
