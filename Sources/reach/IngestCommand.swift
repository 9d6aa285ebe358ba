import ArgumentParser
import Foundation
import ReachJob
import ReachModel
import ReachStore

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ingest input files or folders into the store.",
        discussion: """
            Each file is stored in one transaction: a kill leaves it wholly stored or not \
            at all. Bytes ingested before are skipped. Bad rows are kept in the store with \
            file, line and reason (rejects.csv); a file rejected whole makes the exit status 3.
            """
    )

    @OptionGroup var kindOption: KindOption
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var threadsOption: ThreadsOption
    @OptionGroup var verbosityOptions: VerbosityOptions

    @Argument(help: ArgumentHelp("Files or folders to ingest.", valueName: "path"))
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one file or folder to ingest") }
    }

    func run() throws {
        try reporting {
            let settings = try storeOptions.settings(with: threadsOption)
            let verbosity = verbosityOptions.verbosity
            let logger = ReachLog.logger(verbosity: verbosity)
            let override = kindOption.kind
            let files = try InputFiles.expand(paths, kindOverride: override)
            let lock = try RunLock(storePath: settings.storePath)
            defer { lock.release() }
            let store = try Store(path: settings.storePath, zone: settings.zone)
            let progress = verbosity == .quiet ? nil : ProgressLine.ifTerminal()
            let results = try Ingestion(store: store, zone: settings.zone, kindOverride: override, logger: logger, progress: progress,
                                        threads: settings.threads)
                .ingest(files)
            let totals = IngestTotals(results.map(\.outcome))
            if verbosity != .quiet { print("reach ingest: \(totals.line)") }
            return totals.exitCode
        }
    }
}
