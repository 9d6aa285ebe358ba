import Foundation

/// A value computed on a thread of its own, started at once; ``value()``
/// waits for it.
///
/// For work that must overlap the caller's (the next file read ahead while
/// the current one is parsed) rather than split it: the parallel loops
/// (``parallelFor(_:threads:_:)``) share the run's `--threads`, this is one
/// more thread that mostly waits for the disk.
public final class Background<Value>: @unchecked Sendable {
    // `@unchecked Sendable`: `result` is written once, by the thread, under
    // `condition`, and read only under `condition` after that write.
    private let condition = NSCondition()
    private var result: Value?

    /// Starts `work` on a new thread with a stack of `stackSize` bytes.
    /// `work` runs on that thread alone, and its value is handed to the one
    /// caller of ``value()``: it need not be `Sendable`.
    public init(stackSize: Int = 1 << 20, _ work: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            let made = work()
            condition.lock()
            result = made
            condition.broadcast()
            condition.unlock()
        }
        thread.stackSize = stackSize
        thread.start()
    }

    /// The value, once the thread has made it.
    public func value() -> Value {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return result!
    }
}
