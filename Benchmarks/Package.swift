// swift-tools-version: 6.1
//
// Micro-benchmarks of reach's hot loops, kept out of the root package so that
// `swift build` and `swift test` there never build them or fetch
// ordo-one/benchmark. They reach the code under test through the
// `@_spi(Benchmarks)` entry points of ReachReading and ReachStore.
//
//   ReadingBenchmarks  the CSV record scanner, the byte interner, the timestamp parser
//   StoreBenchmarks    the day codec (a day's packed events to column blobs and back)
//
// Run from this folder (BENCHMARKS.md, "Micro-benchmarks"):
//   swift package benchmark                    run every benchmark
//   swift package benchmark thresholds check   compare a run with Thresholds/
//
// Malloc counts come from the benchmark package's malloc interposer (its
// `MallocInterposer` trait; no jemalloc is needed on Swift 6.3). Set
// BENCHMARK_DISABLE_MALLOC_INTERPOSER to build without it, as that package's
// own manifest does; the malloc metrics then read zero.
import PackageDescription

import class Foundation.ProcessInfo

let mallocInterposer = ProcessInfo.processInfo.environment["BENCHMARK_DISABLE_MALLOC_INTERPOSER"] == nil

let package = Package(
    name: "ReachBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "reach", path: ".."),
        // Only MallocInterposer: the RuntimeInterposer default trait (ARC
        // counts on Linux with Swift 6.3) needs a package not available here,
        // and these benchmarks measure no ARC traffic.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1",
                 traits: mallocInterposer ? ["MallocInterposer"] : []),
    ],
    targets: [
        // What the benchmarks share: their inputs, generated (never read
        // from files), and what they measure.
        .target(
            name: "BenchmarkSupport",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ReachModel", package: "reach"),
            ],
            path: "Support"
        ),
        benchmarks("ReadingBenchmarks", measuring: "ReachReading"),
        benchmarks("StoreBenchmarks", measuring: "ReachStore"),
    ],
    swiftLanguageModes: [.v6]
)

/// An executable of benchmarks of reach's `module`, its sources in
/// `Benchmarks/<name>/` (where the benchmark plugin looks for them).
func benchmarks(_ name: String, measuring module: String) -> Target {
    .executableTarget(
        name: name,
        dependencies: [
            "BenchmarkSupport",
            .product(name: "Benchmark", package: "benchmark"),
            .product(name: "ReachModel", package: "reach"),
            .product(name: module, package: "reach"),
        ],
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}
