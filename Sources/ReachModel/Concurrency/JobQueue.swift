import Dispatch
import Synchronization

/// Runs independent jobs on up to `threads` threads and rethrows the first
/// error (in job order).
///
/// Each thread takes the next job not yet started, so jobs of any sizes —
/// put the longest first — keep every thread busy until the last one ends.
/// After a job fails, jobs not yet started are skipped: the caller abandons
/// the whole anyway.
public func runConcurrently(_ jobs: [@Sendable () throws -> Void], threads: Int) throws {
    let queue = JobQueue(jobs)
    DispatchQueue.concurrentPerform(iterations: parallelWorkers(jobs.count, threads: threads)) { _ in
        queue.drain()
    }
    if let error = queue.firstError { throw error }
}

/// The shared state of ``runConcurrently(_:threads:)``: the next job to hand
/// out and the errors so far, behind one mutex.
private final class JobQueue: Sendable {
    private struct State {
        var next = 0
        var errors: [Int: any Error] = [:]
    }

    private let jobs: [@Sendable () throws -> Void]
    private let state = Mutex(State())

    init(_ jobs: [@Sendable () throws -> Void]) { self.jobs = jobs }

    /// Runs jobs until none is left (or one has failed).
    func drain() {
        while let index = take() {
            do { try jobs[index]() } catch {
                state.withLock { $0.errors[index] = error }
            }
        }
    }

    var firstError: (any Error)? {
        state.withLock { state in state.errors.keys.min().flatMap { state.errors[$0] } }
    }

    private func take() -> Int? {
        state.withLock { state in
            guard state.next < jobs.count, state.errors.isEmpty else { return nil }
            defer { state.next += 1 }
            return state.next
        }
    }
}
