// swift-tools-version: 6.1
//
// reach — coverage reports for campus WeChat check-ins, shares and comments.
//
// The targets mirror the nightly pipeline:
//   ReachReading  bytes → typed rows (encodings, CSV dialect, spreadsheets, headers, timestamps)
//   ReachStore    typed rows → SQLite store (idempotent, transactional) → Activity
//   ReachMetrics  Activity → metric tables (pure, parallel, no I/O)
//   ReachReports  metric tables → CSV files and xlsx workbooks
//   ReachJob      the shared pipeline behind every command (ingest, report, run)
//   reach         the command line
// ReachModel holds the vocabulary the stages pass to each other. System
// libraries: SQLite, libxlsxwriter, expat (xlsx and SpreadsheetML XML),
// FreeXL (BIFF8 .xls) and libxml2 (HTML tables). CPrefetch is a
// one-function C shim (a cache prefetch hint for the reader's hash lookups).
// The test targets share ReachTestSupport, and the kill tests a second shim,
// CPseudoTerminal (a terminal for a `reach` process's stderr).
import PackageDescription

let package = Package(
    name: "reach",
    platforms: [.macOS(.v15)],  // Mutex (Synchronization)
    products: [
        .executable(name: "reach", targets: ["reach"]),
        // For the micro-benchmarks package in Benchmarks/ only: it reaches the
        // code under test through ReachReading's and ReachStore's
        // @_spi(Benchmarks) entry points, and dates its inputs with ReachModel's Day.
        .library(name: "ReachModel", targets: ["ReachModel"]),
        .library(name: "ReachReading", targets: ["ReachReading"]),
        .library(name: "ReachStore", targets: ["ReachStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CXLSXWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        .systemLibrary(name: "CExpat", pkgConfig: "expat", providers: [.apt(["libexpat1-dev"])]),
        .systemLibrary(name: "CFreeXL", pkgConfig: "freexl", providers: [.apt(["libfreexl-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(name: "CPrefetch"),
        .target(name: "ReachModel"),
        .target(
            name: "ReachReading",
            dependencies: [
                "ReachModel", "CPrefetch", "CExpat", "CFreeXL", "CLibXML2",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(name: "ReachStore", dependencies: ["ReachModel", "CSQLite"]),
        .target(name: "ReachMetrics", dependencies: ["ReachModel"]),
        .target(name: "ReachReports", dependencies: ["ReachModel", "ReachMetrics", "CXLSXWriter"]),
        .target(name: "ReachSynth", dependencies: ["ReachModel", "CXLSXWriter"]),
        .target(
            name: "ReachJob",
            dependencies: [
                "ReachModel", "ReachReading", "ReachStore", "ReachMetrics", "ReachReports",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .executableTarget(
            name: "reach",
            dependencies: [
                "ReachJob", "ReachModel", "ReachStore", "ReachReports", "ReachSynth",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What the test targets share (temporary folders, a seeded
        // generator, an xlsx part reader), defined once; not shipped.
        .target(
            name: "ReachTestSupport",
            dependencies: ["ReachModel", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Tests/ReachTestSupport"
        ),
        // The tests' pseudo-terminal (a `reach` whose stderr is a terminal).
        .target(name: "CPseudoTerminal", path: "Tests/CPseudoTerminal"),
        .testTarget(name: "ReachModelTests", dependencies: ["ReachModel"]),
        .testTarget(
            name: "ReachReadingTests",
            dependencies: [
                "ReachReading", "ReachModel", "ReachTestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .testTarget(name: "ReachStoreTests", dependencies: ["ReachStore", "ReachModel", "ReachTestSupport"]),
        .testTarget(name: "ReachMetricsTests", dependencies: ["ReachMetrics", "ReachModel", "ReachTestSupport"]),
        .testTarget(name: "ReachReportsTests", dependencies: ["ReachReports", "ReachMetrics", "ReachModel", "ReachTestSupport"]),
        .testTarget(name: "ReachSynthTests", dependencies: ["ReachSynth", "ReachModel", "ReachTestSupport"]),
        .testTarget(
            name: "ReachJobTests",
            dependencies: [
                "ReachJob", "ReachModel", "ReachStore", "ReachReading", "ReachMetrics", "ReachReports", "ReachSynth", "reach",
                "ReachTestSupport", "CPseudoTerminal",
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
