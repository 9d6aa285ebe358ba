import Foundation

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
