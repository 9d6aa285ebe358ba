import Foundation
import ReachModel

/// Runs independent jobs on the machine's cores and rethrows the first
/// error (in job order). Used to write the CSV files beside the workbook and
/// the per-group workbooks side by side; each job writes its own files.
func runConcurrently(_ jobs: [@Sendable () throws -> Void]) throws {
    final class Errors: @unchecked Sendable {
        private let lock = NSLock()
        private var errors: [Int: Error] = [:]
        func record(_ index: Int, _ error: Error) { lock.withLock { errors[index] = error } }
        var first: Error? { lock.withLock { errors.keys.min().flatMap { errors[$0] } } }
    }
    let errors = Errors()
    DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
        do { try jobs[i]() } catch { errors.record(i, error) }
    }
    if let error = errors.first { throw error }
}

/// Elapsed seconds of jobs that run side by side, one slot per job.
final class Stopwatches: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: [Double]

    init(count: Int) { seconds = Array(repeating: 0, count: count) }

    /// Runs `job` and records its wall time in slot `index`.
    func time(_ index: Int, _ job: () throws -> Void) rethrows {
        let clock = ContinuousClock()
        let start = clock.now
        defer {
            let elapsed = (clock.now - start).inSeconds
            lock.withLock { seconds[index] = elapsed }
        }
        try job()
    }

    subscript(index: Int) -> Double { lock.withLock { seconds[index] } }
}
