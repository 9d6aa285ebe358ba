import Foundation
import ReachModel
import ReachReading

/// Reads a file's batches on a background thread while the caller stores
/// the previous one, so parsing and SQLite work overlap.
///
/// At most `depth` batches wait in the pipe, which keeps memory bounded
/// whatever the file size. Batches come out in file order.
final class BatchPipe: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [ReadBatch] = []
    private var finished = false
    private var failure: Error?
    private var cancelled = false
    private let depth: Int

    /// Starts reading `reader` on a new thread.
    init(reader: FileReader, depth: Int = 2) {
        self.depth = depth
        let box = UncheckedBox(reader)
        let thread = Thread { [self] in self.produce(box.value) }
        thread.stackSize = 1 << 22
        thread.start()
    }

    private func produce(_ reader: FileReader) {
        var failure: Error?
        do {
            try reader.forEachBatch { batch in
                condition.lock()
                defer { condition.unlock() }
                while queue.count >= depth && !cancelled { condition.wait() }
                if cancelled { throw Cancelled() }
                queue.append(batch)
                condition.broadcast()
            }
        } catch is Cancelled {
        } catch {
            failure = error
        }
        condition.lock()
        self.failure = failure
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Stops the reader when the consumer has gone.
    private struct Cancelled: Error {}

    /// The next batch in file order, `nil` at the end; rethrows the reader's error.
    func next() throws -> ReadBatch? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !finished { condition.wait() }
        if !queue.isEmpty {
            let batch = queue.removeFirst()
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }

    /// Stops the reader early (after a store error); waits for it to let go.
    func cancel() {
        condition.lock()
        cancelled = true
        queue.removeAll()
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }
}

private struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
