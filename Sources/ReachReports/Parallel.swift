import Foundation
import ReachModel

/// A job that writes its own files and shares nothing mutable with others.
typealias WriteJob = @Sendable () throws -> Void

/// A job with a guess of its cost, so that the queue can start the longest
/// jobs first: a short job left for the end keeps every core busy to the
/// last moment; a long one left for the end keeps one core busy alone.
struct SizedJob: Sendable {
    /// The estimated cost in CSV cells (``cost(workbookCells:csvCells:)``);
    /// only the order of the costs matters.
    let cost: Int
    let run: WriteJob

    /// What a workbook cell costs against a CSV cell. Measured on the
    /// province (1,000,000 members): the workbook took 1.9 µs a cell
    /// (libxlsxwriter formats, stores and deflates each), the CSV files
    /// 0.24 µs.
    static let workbookCellWeight = 8

    /// The cost of a job writing these many workbook and CSV cells.
    static func cost(workbookCells: Int = 0, csvCells: Int = 0) -> Int {
        workbookCells * workbookCellWeight + csvCells
    }

    /// The same job, its time added to slot `slot` of `stopwatches`.
    func timed(_ slot: Int, by stopwatches: Stopwatches) -> SizedJob {
        SizedJob(cost: cost) { try stopwatches.time(slot) { try run() } }
    }

    /// The jobs, costliest first; jobs of equal cost keep their order.
    static func longestFirst(_ jobs: [SizedJob]) -> [WriteJob] {
        jobs.enumerated()
            .sorted { a, b in a.element.cost != b.element.cost ? a.element.cost > b.element.cost : a.offset < b.offset }
            .map(\.element.run)
    }
}

/// Runs independent jobs on up to `lanes` threads and rethrows the first
/// error (in job order).
///
/// Each thread takes the next job not yet started, so a report's jobs — the
/// main workbook, each CSV file, each split workbook, the longest first
/// (``SizedJob/longestFirst(_:)``) — keep every core busy until the last one
/// ends, whatever their sizes. After a job fails, jobs not yet started are skipped: the
/// report is abandoned anyway.
func runConcurrently(_ jobs: [WriteJob], lanes: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
    let queue = JobQueue(jobs)
    DispatchQueue.concurrentPerform(iterations: max(1, min(lanes, jobs.count))) { _ in
        queue.drain()
    }
    if let error = queue.firstError { throw error }
}

/// The shared state of ``runConcurrently(_:lanes:)``: the next job to hand
/// out and the errors so far, behind one lock.
private final class JobQueue: @unchecked Sendable {
    private let jobs: [WriteJob]
    private let lock = NSLock()
    private var next = 0
    private var errors: [Int: Error] = [:]

    init(_ jobs: [WriteJob]) { self.jobs = jobs }

    /// Runs jobs until none is left (or one has failed).
    func drain() {
        while let index = take() {
            do { try jobs[index]() } catch { lock.withLock { errors[index] = error } }
        }
    }

    var firstError: Error? { lock.withLock { errors.keys.min().flatMap { errors[$0] } } }

    private func take() -> Int? {
        lock.withLock {
            guard next < jobs.count, errors.isEmpty else { return nil }
            defer { next += 1 }
            return next
        }
    }
}

/// Elapsed seconds of jobs that run side by side, one slot per job.
final class Stopwatches: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: [Double]

    init(count: Int) { seconds = Array(repeating: 0, count: count) }

    /// Runs `job` and adds its wall time to slot `index` (several jobs may
    /// share a slot: their times add up).
    func time(_ index: Int, _ job: () throws -> Void) rethrows {
        let clock = ContinuousClock()
        let start = clock.now
        defer {
            let elapsed = (clock.now - start).inSeconds
            lock.withLock { seconds[index] += elapsed }
        }
        try job()
    }

    subscript(index: Int) -> Double { lock.withLock { seconds[index] } }
}
