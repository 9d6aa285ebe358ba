import Foundation
import ReachModel

/// A job that writes its own files and shares nothing mutable with others.
typealias WriteJob = @Sendable () throws -> Void

/// Runs independent jobs on up to `lanes` threads and rethrows the first
/// error (in job order).
///
/// Each thread takes the next job not yet started, so a report's jobs — the
/// main workbook first (the longest), the CSV files, then one job per
/// split workbook — keep every core busy until the last one ends, whatever
/// their sizes. After a job fails, jobs not yet started are skipped: the
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
