import ReachModel
import Synchronization

/// A job that writes its own files and shares nothing mutable with others
/// (run side by side by ``ReachModel/runConcurrently(_:threads:)``).
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

/// Elapsed seconds of jobs that run side by side, one slot per job.
final class Stopwatches: Sendable {
    private let seconds: Mutex<[Double]>

    init(count: Int) { seconds = Mutex(Array(repeating: 0, count: count)) }

    /// Runs `job` and adds its wall time to slot `index` (several jobs may
    /// share a slot: their times add up).
    func time(_ index: Int, _ job: () throws -> Void) rethrows {
        let clock = ContinuousClock()
        let start = clock.now
        defer {
            let elapsed = (clock.now - start).inSeconds
            seconds.withLock { $0[index] += elapsed }
        }
        try job()
    }

    subscript(index: Int) -> Double { seconds.withLock { $0[index] } }
}
