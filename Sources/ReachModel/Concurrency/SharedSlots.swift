/// A fixed-size buffer that parallel workers write into at disjoint
/// indexes, and that the caller reads once they have finished.
///
/// `@unchecked Sendable`: the buffer is shared by reference on purpose;
/// callers keep each index to one worker during a loop (the loops of
/// ``parallelFor(_:threads:_:)`` deal indexes out without overlap) and read
/// only after it.
public final class SharedSlots<Element>: @unchecked Sendable {
    @usableFromInline let storage: UnsafeMutableBufferPointer<Element>

    @inlinable
    public init(repeating value: Element, count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: value)
    }

    @inlinable
    public var count: Int { storage.count }

    @inlinable
    public subscript(i: Int) -> Element {
        get { storage[i] }
        set { storage[i] = newValue }
    }

    /// The elements, copied into an array.
    public var array: [Element] { Array(storage) }

    /// Calls `body` with the elements, valid only inside `body`.
    @inlinable
    public func withElements<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(storage))
    }

    /// Calls `body` with the elements to change, valid only inside `body`;
    /// a worker changes only the elements its indexes own.
    @inlinable
    public func withMutableElements<R>(_ body: (UnsafeMutableBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(storage)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }
}

/// The start of an array's uninitialized storage, shared by parallel
/// workers that each initialize their own disjoint range of it
/// (``Swift/Array/init(count:parts:threads:fill:)``).
///
/// `@unchecked Sendable`: it only exists inside those initializers, while
/// the array is built, and each element is initialized by exactly one
/// worker.
public struct SharedStorage<Element>: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<Element>

    @inlinable
    init(base: UnsafeMutablePointer<Element>) { self.base = base }

    @inlinable
    public func initialize(_ index: Int, to value: Element) {
        (base + index).initialize(to: value)
    }
}
