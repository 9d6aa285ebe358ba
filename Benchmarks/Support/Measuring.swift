import Benchmark

/// What every micro-benchmark measures, and the tolerances
/// `swift package benchmark thresholds check` allows against the p90 values
/// kept in `Thresholds/`.
///
/// No wall clock: on the shared two-core machines reach is built on, other
/// processes stretch it (2.5 times, seen at a load of 10), while thread
/// CPU time moves little; for one thread with no I/O the two agree on a
/// quiet machine. `--metric wallClock` shows it for a run.
///
/// Benchmark names hold no spaces or slashes: `thresholds update` writes
/// them as `_` in the file names of `Thresholds/`, while `thresholds check`
/// looks the files up by the names as written (ordo-one/benchmark 1.38.1).
public enum Measuring {
    /// Thread CPU time (the p90 may be 25 % slower or faster than the kept
    /// one) and allocations (exactly as many: the kernels allocate per call,
    /// never per record or key, and a change to that is what the count is for).
    public static var configuration: Benchmark.Configuration {
        Benchmark.Configuration(
            metrics: [.threadCPU, .mallocCountTotal],
            units: [.threadCPU: .count],
            warmupIterations: 2,
            maxDuration: .seconds(3),
            maxIterations: 1000,
            thresholds: [
                .threadCPU: BenchmarkThresholds(relative: [.p90: 25.0]),
                .mallocCountTotal: BenchmarkThresholds(absolute: [.p90: 0]),
            ]
        )
    }
}
