import ReachModel
import Benchmark
import BenchmarkSupport
@_spi(Benchmarks) import ReachReading

/// The byte interner with a campus of 50,000 student numbers: interning
/// them into a new table (every key new, the table growing from 256 keys,
/// as a worker's own table does), and a million lookups in random order
/// of keys that are there (with and without the reader's prefetching), of
/// keys that are not, and of 24-byte keys (longer than a slot holds).
func internerBenchmarks() {
    let campus = fields((0 ..< Campus.members).map(Campus.studentNumber))

    Benchmark("ByteInterner-intern-50k-new-ids") { benchmark in
        blackHole(benchmark.measuringThreadCPU {
            let table = InternerTable(expectedKeys: 256)
            return table.intern(campus)
        })
    }

    let lookups = 1_000_000
    let idSum = { (keys: Int, table: Int) in keys / table * (table * (table - 1) / 2) }  // every key drawn keys / table times
    func lookupBenchmark(_ name: String, keys: [String], drawnFrom range: Range<Int>, prefetching: Bool,
                         found expected: (found: Int, idSum: Int)) {
        Benchmark(name) { benchmark, input in
            blackHole(benchmark.measuringThreadCPU { input.table.find(input.lookups, prefetching: prefetching) })
        } setup: {
            let table = InternerTable(expectedKeys: keys.count)
            _ = table.intern(fields(keys))
            // Each key of the range the same number of times, in random order.
            var drawn = (0 ..< lookups).map { range.lowerBound + $0 % range.count }
            var random = SplitMix(seed: 19)
            for i in drawn.indices.dropLast().reversed() { drawn.swapAt(i, i + random.next(drawn.count - i)) }
            let input = (table: table, lookups: fields(drawn.map { $0 < keys.count ? keys[$0] : Campus.studentNumber($0) }))
            let result = table.find(input.lookups, prefetching: prefetching)
            precondition(result == expected, "found \(result), not \(expected)")
            return input
        }
    }
    let numbers = (0 ..< Campus.members).map(Campus.studentNumber)
    let hits = (found: lookups, idSum: idSum(lookups, Campus.members))
    lookupBenchmark("ByteInterner-find-1M-hits-prefetched", keys: numbers, drawnFrom: 0 ..< Campus.members,
                    prefetching: true, found: hits)
    lookupBenchmark("ByteInterner-find-1M-hits", keys: numbers, drawnFrom: 0 ..< Campus.members,
                    prefetching: false, found: hits)
    lookupBenchmark("ByteInterner-find-1M-misses", keys: numbers, drawnFrom: 500_000 ..< 550_000,
                    prefetching: true, found: (0, 0))
    var random = SplitMix(seed: 24)
    let longIDs = (0 ..< Campus.members).map { _ in "wx" + String(random.next(), radix: 16).leftPadded(to: 16) + "_00000" }
    lookupBenchmark("ByteInterner-find-1M-long-hits", keys: longIDs, drawnFrom: 0 ..< Campus.members,
                    prefetching: true, found: hits)
}

private func fields(_ strings: [String]) -> FieldBytes {
    var fields = FieldBytes()
    for string in strings { fields.append(string.utf8) }
    return fields
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
