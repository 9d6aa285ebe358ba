import Foundation
import ReachModel
import Testing
@testable import ReachReports

@Suite struct ParallelTests {
    /// Counts what the jobs did, from any thread.
    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var done: [Int] = []
        func record(_ job: Int) { lock.withLock { done.append(job) } }
        var jobs: [Int] { lock.withLock { done.sorted() } }
    }

    @Test func everyJobRunsOnceOnTheLanes() throws {
        let tally = Tally()
        let jobs: [WriteJob] = (0..<200).map { i in
            { tally.record(i); if i == 0 { usleep(20_000) } }  // a long first job, as the main workbook is
        }
        try runConcurrently(jobs, lanes: 2)
        #expect(tally.jobs == Array(0..<200))
    }

    @Test func theFirstFailingJobInOrderIsThrownAndLaterJobsAreSkipped() {
        struct Failed: Error, Equatable { let job: Int }
        let tally = Tally()
        let jobs: [WriteJob] = (0..<100).map { i in
            {
                tally.record(i)
                if i == 3 || i == 5 { throw Failed(job: i) }
            }
        }
        #expect(throws: Failed(job: 3)) { try runConcurrently(jobs, lanes: 1) }
        #expect(tally.jobs == [0, 1, 2, 3], "one lane stops taking jobs after a failure")
    }

    @Test func noJobsIsNothingToDo() throws {
        try runConcurrently([], lanes: 4)
    }
}
