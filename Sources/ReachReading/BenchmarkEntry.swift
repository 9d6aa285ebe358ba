import ReachModel

// The entry points of the micro-benchmarks in `Benchmarks/` (BENCHMARKS.md,
// "Micro-benchmarks"): the record scanner, the byte interner and the
// timestamp parser, driven over a whole input per call so that the measured
// loop is compiled here, with the code under test, as the reader's own loops
// are. `@_spi(Benchmarks)`: not API; nothing in reach uses them.

/// Byte strings laid end to end, as a file's text holds its fields: the
/// input of the interner and timestamp benchmarks.
@_spi(Benchmarks) public struct FieldBytes: Sendable {
    /// The fields' bytes, one after another.
    public private(set) var bytes: [UInt8] = []
    /// Where each field ends in ``bytes``; field `i` starts where field `i − 1` ends.
    public private(set) var ends: [Int] = []

    /// No fields yet.
    public init() {}

    /// The number of fields.
    public var count: Int { ends.count }

    /// Adds `field` after the last one.
    public mutating func append(_ field: some Sequence<UInt8>) {
        bytes.append(contentsOf: field)
        ends.append(bytes.count)
    }

    /// Calls `body` with the index and bytes of each field, in order.
    @inline(__always) func forEach(_ body: (Int, UnsafeBufferPointer<UInt8>) -> Void) {
        bytes.withUnsafeBufferPointer { all in
            var start = 0
            for (i, end) in ends.enumerated() {
                body(i, UnsafeBufferPointer(rebasing: all[start ..< end]))
                start = end
            }
        }
    }
}

/// ``RecordScanner`` over a whole text, as ``RangeParser`` drives it.
@_spi(Benchmarks) public enum RecordScanning {
    /// Splits `text` (UTF-8, every record complete) into records with the
    /// reader's record limit, and reads every field of each record of
    /// `fieldCount` fields as a record sink would: the records that are not
    /// blank, and the bytes of those fields (a checksum of the work).
    public static func scan(_ text: [UInt8], delimiter: UInt8, fieldCount: Int) -> (records: Int, fieldBytes: Int) {
        text.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return (0, 0) }
            var scanner = RecordScanner(text: base, end: buffer.count, atEnd: true, delimiter: delimiter,
                                        maxFields: fieldCount + 1, maxRecord: MemoryBudget.standard.recordBytes)
            defer { scanner.deallocate() }
            var position = 0, records = 0, fieldBytes = 0
            while position < buffer.count, let record = scanner.scan(at: position) {
                if !record.isBlank {
                    records += 1
                    if record.fieldCount == fieldCount && !record.unclosedQuote && !record.overlong {
                        for i in 0 ..< fieldCount { fieldBytes += scanner.field(i).count }
                    }
                }
                position = record.next
            }
            return (records, fieldBytes)
        }
    }
}

/// A ``ByteInterner`` the benchmarks fill and look ids up in.
@_spi(Benchmarks) public final class InternerTable {
    private var table: ByteInterner

    /// An empty table sized for `expectedKeys` (it grows past them).
    public init(expectedKeys: Int) { table = ByteInterner(expectedKeys: expectedKeys) }

    /// The number of distinct keys.
    public var count: Int { table.count }

    /// Interns every field, new or not; the sum of their ids.
    public func intern(_ keys: FieldBytes) -> Int {
        var sum = 0
        keys.forEach { _, key in sum &+= Int(table.intern(key)) }
        return sum
    }

    /// Looks every field up without interning: how many are in the table,
    /// and the sum of their ids. `prefetching`: as ``EventSink`` looks up
    /// member ids, each key's slot prefetched and looked up
    /// ``PendingLookups/depth`` keys later; otherwise each looked up at once.
    public func find(_ keys: FieldBytes, prefetching: Bool) -> (found: Int, idSum: Int) {
        let table = self.table
        var found = 0, sum = 0
        @inline(__always) func look(_ key: UnsafeBufferPointer<UInt8>, _ probe: ByteInterner.Probe) {
            if let id = table.find(key, probe) { found += 1; sum &+= Int(id) }
        }
        guard prefetching else {
            keys.forEach { _, key in look(key, ByteInterner.probe(key)) }
            return (found, sum)
        }
        var pending = PendingLookups()
        @inline(__always) func resolveOldest() {
            let (_, probe) = pending.removeFirst()
            probe.withKey { look($0, probe) }
        }
        keys.forEach { i, key in
            let probe = ByteInterner.probe(key)
            guard probe.holdsKey else {
                while !pending.isEmpty { resolveOldest() }
                look(key, probe)
                return
            }
            if pending.isFull { resolveOldest() }
            table.prefetch(probe)
            pending.append(row: i, probe)
        }
        while !pending.isEmpty { resolveOldest() }
        return (found, sum)
    }
}

/// ``TimestampParser`` over many time fields, as ``EventSink`` reads a time column.
@_spi(Benchmarks) public final class TimestampReading {
    private var parser: TimestampParser

    /// A parser for times without an offset in the IANA zone `zone`; throws
    /// when the zone is unknown.
    public init(zone: String) throws { parser = TimestampParser(zone: try ReportingZone(identifier: zone)) }

    /// Parses every field: how many are accepted timestamps, and the sum of
    /// their instants (epoch seconds).
    public func parse(_ fields: FieldBytes) -> (parsed: Int, instantSum: Int64) {
        var parser = parser, parsed = 0, sum: Int64 = 0
        fields.forEach { _, field in
            if let instant = parser.instant(field) { parsed += 1; sum &+= instant }
        }
        self.parser = parser  // keeps its day cache
        return (parsed, sum)
    }
}
