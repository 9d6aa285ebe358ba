import Foundation
import ReachModel
import Synchronization
import Testing

/// The parallel loops and the job queue every stage uses (ReachModel/Concurrency).
@Suite struct ConcurrencyTests {
    /// Counts what the jobs did, from any thread.
    final class Tally: Sendable {
        private let done = Mutex<[Int]>([])
        func record(_ job: Int) { done.withLock { $0.append(job) } }
        var jobs: [Int] { done.withLock { $0.sorted() } }
    }

    @Test func everyJobRunsOnceOnTheThreads() throws {
        let tally = Tally()
        let jobs: [@Sendable () throws -> Void] = (0..<200).map { i in
            { tally.record(i); if i == 0 { usleep(20_000) } }  // a long first job, as the main workbook is
        }
        try runConcurrently(jobs, threads: 2)
        #expect(tally.jobs == Array(0..<200))
    }

    @Test func theFirstFailingJobInOrderIsThrownAndLaterJobsAreSkipped() {
        struct Failed: Error, Equatable { let job: Int }
        let tally = Tally()
        let jobs: [@Sendable () throws -> Void] = (0..<100).map { i in
            {
                tally.record(i)
                if i == 3 || i == 5 { throw Failed(job: i) }
            }
        }
        #expect(throws: Failed(job: 3)) { try runConcurrently(jobs, threads: 1) }
        #expect(tally.jobs == [0, 1, 2, 3], "one thread stops taking jobs after a failure")
    }

    @Test func noJobsIsNothingToDo() throws {
        try runConcurrently([], threads: 4)
    }

    /// Worker `w` of `n` gets `w, w + n, …`; no index twice, none left out,
    /// and never more workers than indexes or threads.
    @Test func workersShareTheIndexesInAFixedInterleaving() {
        #expect(parallelWorkers(10, threads: 3) == 3)
        #expect(parallelWorkers(2, threads: 8) == 2)
        #expect(parallelWorkers(0, threads: 8) == 1)
        let seen = Tally()
        let byWorker = SharedSlots<[Int]>(repeating: [], count: 3)
        parallelWorkers(10, threads: 3) { worker, indexes in
            byWorker[worker] = Array(indexes)
            for i in indexes { seen.record(i) }
        }
        #expect(byWorker.array == [[0, 3, 6, 9], [1, 4, 7], [2, 5, 8]])
        #expect(seen.jobs == Array(0..<10))
    }

    /// The same array for any thread count, in index order.
    @Test func parallelMapKeepsIndexOrderForAnyThreadCount() {
        let expected = (0..<1_000).map { "item \($0 * $0)" }
        for threads in [1, 2, 7, 64] {
            #expect(parallelMap(1_000, threads: threads) { "item \($0 * $0)" } == expected)
            #expect([String](building: 1_000, threads: threads) { "item \($0 * $0)" } == expected)
        }
        #expect(parallelMap(0, threads: 4) { $0 }.isEmpty)
    }

    @Test func parallelForVisitsEveryIndexOnce() {
        let slots = SharedSlots<Int>(repeating: 0, count: 5_000)
        parallelFor(5_000, threads: 4) { slots[$0] += $0 + 1 }
        #expect(slots.array == (0..<5_000).map { $0 + 1 })
    }

    @Test func backgroundHandsItsValueToTheCaller() {
        let started = Background { (1...100).reduce(0, +) }
        #expect(started.value() == 5_050)
        #expect(started.value() == 5_050, "asking again gives the same value")
    }
}
