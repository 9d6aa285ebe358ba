import Benchmark
import BenchmarkSupport
@_spi(Benchmarks) import ReachReading

/// A million times of November 2026, in time order as an export lists
/// them, in each form a time column may take (``TimestampForm``), read in
/// the Asia/Shanghai zone.
func timestampBenchmarks() {
    let count = 1_000_000
    for form in TimestampForm.allCases {
        Benchmark("TimestampParser-1M-\(form)") { benchmark, input in
            blackHole(benchmark.measuringThreadCPU { input.reading.parse(input.fields) })
        } setup: {
            let instants = ExportInstants.november(count: count, seed: 19)
            var fields = FieldBytes()
            for (k, instant) in instants.enumerated() { fields.append(form.text(instant, milliseconds: k % 1000).utf8) }
            let reading = try TimestampReading(zone: "Asia/Shanghai")
            let result = reading.parse(fields)
            let expected = instants.reduce(Int64(0)) { $0 + form.parsed($1) }
            precondition(result == (count, expected), "\(form): read \(result), not \((count, expected))")
            return (reading: reading, fields: fields)
        }
    }
}
