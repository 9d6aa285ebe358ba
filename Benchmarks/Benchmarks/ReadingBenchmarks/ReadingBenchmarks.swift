import Benchmark
import BenchmarkSupport

/// ReachReading's hot loops: the CSV record scanner, the byte interner and
/// the timestamp parser (BENCHMARKS.md, "Micro-benchmarks").
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = Measuring.configuration
    scannerBenchmarks()
    internerBenchmarks()
    timestampBenchmarks()
}
