import Benchmark

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public extension BenchmarkMetric {
    /// CPU time of the benchmark's thread in the measured work, in
    /// microseconds. Unlike the wall clock it does not stretch while other
    /// processes hold the cores, and unlike the package's CPU metrics
    /// (scheduler ticks of the process) it is exact to the nanosecond: the
    /// figure the thresholds check relies on.
    static var threadCPU: BenchmarkMetric { .custom("Thread CPU (μs)", polarity: .prefersSmaller, useScalingFactor: false) }
}

public extension Benchmark {
    /// `body`'s result, its thread CPU time recorded as ``BenchmarkMetric/threadCPU``.
    func measuringThreadCPU<Result>(_ body: () throws -> Result) rethrows -> Result {
        let start = Self.threadCPUNanoseconds()
        let result = try body()
        measurement(.threadCPU, (Self.threadCPUNanoseconds() - start) / 1000)
        return result
    }

    private static func threadCPUNanoseconds() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return time.tv_sec * 1_000_000_000 + time.tv_nsec
    }
}
