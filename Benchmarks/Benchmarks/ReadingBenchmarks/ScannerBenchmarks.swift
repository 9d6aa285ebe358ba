import Benchmark
import BenchmarkSupport
@_spi(Benchmarks) import ReachReading

/// A million check-in rows (about 50 MB of CSV in memory) split into
/// records and fields: once with no quotes (the scanner's eight-bytes-at-a-
/// time fast path), once with quoted fields holding a comma and `""` (its
/// general path, unescaping into its scratch area).
func scannerBenchmarks() {
    let rows = 1_000_000
    for quoted in [false, true] {
        Benchmark("RecordScanner-1M-\(quoted ? "quoted" : "plain")-rows") { benchmark, text in
            blackHole(benchmark.measuringThreadCPU {
                RecordScanning.scan(text, delimiter: 0x2C, fieldCount: CheckInExport.fieldCount)
            })
        } setup: {
            let text = CheckInExport.csv(rows: rows, quoted: quoted, seed: 19)
            // Every record has four fields: the delimiters and line feeds
            // are all the bytes that are no field's, less the quotes.
            let quotes = quoted ? rows * 8 : 0
            let result = RecordScanning.scan(text, delimiter: 0x2C, fieldCount: CheckInExport.fieldCount)
            precondition(result.records == rows + 1 && result.fieldBytes == text.count - 4 * (rows + 1) - quotes,
                         "the scanner read \(result) from \(text.count) bytes")
            return text
        }
    }
}
