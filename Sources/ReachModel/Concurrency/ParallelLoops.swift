import Dispatch

// reach's parallel loops. Every parallel stage of a run — reading a file's
// parts, decoding stored days, the metrics, writing report files — goes
// through these functions or ``runConcurrently(_:threads:)``, with the run's
// `--threads`, so that one setting bounds the threads of the whole run.
// Work is dealt out by index, never by timing, so results do not depend on
// the thread count.

/// The number of workers a loop over `count` indexes uses with up to
/// `threads` threads: at least 1, at most `count`.
@inlinable
public func parallelWorkers(_ count: Int, threads: Int) -> Int {
    max(1, min(threads, count))
}

/// Runs `body(worker, indexes)` once for each of the
/// ``parallelWorkers(_:threads:)`` workers, side by side; worker `w` gets
/// the indexes `w, w + workers, w + 2 × workers, …` below `count`.
///
/// For loops whose workers keep state of their own between indexes
/// (scratch arrays, partial sums indexed by `worker`).
@inlinable
public func parallelWorkers(_ count: Int, threads: Int,
                            _ body: @Sendable (_ worker: Int, _ indexes: StrideTo<Int>) -> Void) {
    let workers = parallelWorkers(count, threads: threads)
    if workers == 1 {
        body(0, stride(from: 0, to: count, by: 1))
        return
    }
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        body(worker, stride(from: worker, to: count, by: workers))
    }
}

/// Runs `body(i)` for every `i` in `0..<count` on up to `threads` threads.
///
/// Indexes are dealt out in a fixed interleaving, and every caller writes
/// only to slots owned by its index, so results never depend on `threads`.
@inlinable
public func parallelFor(_ count: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
    parallelWorkers(count, threads: threads) { _, indexes in
        for i in indexes { body(i) }
    }
}

/// `(0..<count).map(transform)`, computed on up to `threads` threads; the
/// same array for any `threads`.
///
/// `transform` runs on worker threads and its results are handed back to
/// the caller once every worker has finished: each result is made by one
/// worker and read by the caller only after the loop, so a result need not
/// be `Sendable` (a batch of rows read from one part of a file, say).
@inlinable
public func parallelMap<T>(_ count: Int, threads: Int, _ transform: @Sendable (Int) -> T) -> [T] {
    if count <= 1 || threads <= 1 { return (0..<count).map(transform) }
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        let storage = SharedStorage(base: buffer.baseAddress!)
        parallelFor(count, threads: threads) { k in storage.initialize(k, to: transform(k)) }
        initialized = count
    }
}

extension Array {
    /// An array of `count` elements built in parallel: `fill(i, storage)`
    /// runs for every `i` in `0..<parts` and must initialize exactly the
    /// elements of part `i`, which the caller has laid out without overlap.
    @inlinable
    public init(count: Int, parts: Int, threads: Int, fill: @Sendable (Int, SharedStorage<Element>) -> Void) {
        self.init(unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 {
                let storage = SharedStorage(base: buffer.baseAddress!)
                parallelFor(parts, threads: threads) { fill($0, storage) }
            }
            initialized = count
        }
    }

    /// `[element(0), element(1), …, element(count - 1)]`, built in parallel
    /// by contiguous chunks; the same array for any `threads`.
    @inlinable
    public init(building count: Int, threads: Int, _ element: @Sendable (Int) -> Element) {
        let chunk = 4_096
        let parts = (count + chunk - 1) / chunk
        self.init(count: count, parts: parts, threads: threads) { part, storage in
            for k in part * chunk ..< Swift.min(count, (part + 1) * chunk) {
                storage.initialize(k, to: element(k))
            }
        }
    }
}
