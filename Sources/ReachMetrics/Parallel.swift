import Dispatch

/// Runs `body(i)` for every `i` in `0..<count` on up to `threads` threads.
///
/// Indexes are dealt out in a fixed interleaving, and every caller writes
/// only to slots owned by its index, so results never depend on `threads`.
func parallelFor(_ count: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
    let workers = max(1, min(threads, count))
    if workers == 1 {
        for i in 0..<count { body(i) }
        return
    }
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        var i = worker
        while i < count {
            body(i)
            i += workers
        }
    }
}

/// A fixed-size buffer that parallel workers write into at disjoint indexes.
final class SharedSlots<Element>: @unchecked Sendable {
    private(set) var storage: UnsafeMutableBufferPointer<Element>

    init(repeating value: Element, count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: value)
    }

    subscript(i: Int) -> Element {
        get { storage[i] }
        set { storage[i] = newValue }
    }

    var array: [Element] { Array(storage) }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }
}

/// The start of an array's uninitialized storage, shared by parallel
/// workers that each initialize their own disjoint range of it.
struct SharedStorage<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>

    func initialize(_ index: Int, to value: Element) {
        (base + index).initialize(to: value)
    }
}

extension Array {
    /// An array of `count` elements built in parallel: `fill(i, storage)`
    /// runs for every `i` in `0..<parts` and must initialize exactly the
    /// elements of part `i`, which the caller has laid out without overlap.
    init(count: Int, parts: Int, threads: Int, fill: @Sendable (Int, SharedStorage<Element>) -> Void) {
        self.init(unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 {
                let storage = SharedStorage(base: buffer.baseAddress!)
                parallelFor(parts, threads: threads) { fill($0, storage) }
            }
            initialized = count
        }
    }
}

extension Array {
    /// `[element(0), element(1), …, element(count - 1)]`, built in parallel
    /// by contiguous chunks; the same array for any `threads`.
    init(building count: Int, threads: Int, _ element: @Sendable (Int) -> Element) {
        let chunk = 4_096
        let parts = (count + chunk - 1) / chunk
        self.init(count: count, parts: parts, threads: threads) { part, storage in
            for k in part * chunk ..< Swift.min(count, (part + 1) * chunk) {
                storage.initialize(k, to: element(k))
            }
        }
    }
}
