/// A growable run of plain values for a tokenizer's per-tag state (open
/// element names, the current tag's attributes): owned by the class,
/// freed with it, and without the uniqueness checks and reference
/// counting an `Array` held in a class pays on every change.
final class ScanStack<Element: BitwiseCopyable> {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    /// Number of elements held.
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 4)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    @inline(__always)
    func append(_ element: Element) {
        if count == capacity { grow(to: count + 1) }
        base[count] = element
        count += 1
    }

    @inline(__always)
    func append(contentsOf elements: UnsafeBufferPointer<Element>) {
        if count + elements.count > capacity { grow(to: count + elements.count) }
        if let source = elements.baseAddress { (base + count).update(from: source, count: elements.count) }
        count += elements.count
    }

    /// Keeps the first `newCount` elements.
    @inline(__always)
    func truncate(to newCount: Int) {
        precondition(newCount >= 0 && newCount <= count, "ScanStack.truncate past its end")
        count = newCount
    }

    @inline(__always)
    subscript(index: Int) -> Element {
        precondition(index >= 0 && index < count, "ScanStack index out of range")
        return base[index]
    }

    /// The last element; the stack must not be empty.
    @inline(__always)
    var last: Element { self[count - 1] }

    /// Lends the elements for the duration of `body`.
    @inline(__always)
    func withElements<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        bigger.initialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = newCapacity
    }
}
