import ArgumentParser
import Foundation
import ReachJob

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The nightly job: ingest every new inbox file, archive it, write the report.",
        discussion: """
            Takes a lock beside the store (a second run at the same time exits 2), ingests \
            the inbox (rosters, then posts, calendars and leave, then events, each in name order), moves each file to \
            <archive>/<today>/ or, when rejected whole, to <rejected>/<today>/ with a \
            .reason.txt, writes <out>/<as-of>/ and points <out>/latest at it.
            """
    )

    @OptionGroup var inboxOption: InboxOption
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var reportOptions: ReportOptionGroup
    @OptionGroup var verbosityOptions: VerbosityOptions

    func run() throws {
        try reporting {
            let settings = try storeOptions.settings(with: inboxOption, reportOptions)
            let verbosity = verbosityOptions.verbosity
            let logger = ReachLog.logger(verbosity: verbosity)
            let progress = verbosity == .quiet ? nil : ProgressLine.ifTerminal()
            let outcome = try NightlyRun(settings: settings, logger: logger, progress: progress)
                .run(asOf: try reportOptions.asOfDay())
            if verbosity != .quiet {
                print("reach run: as of \(outcome.asOf), \(outcome.totals.line)")
                if !outcome.unreported.isEmpty {
                    let names = outcome.unreported.map(\.file).joined(separator: ", ")
                    print("an earlier run was interrupted after rejecting: \(names)")
                }
                if outcome.totals.rejectedFiles + outcome.unreported.count > 0 {
                    print("rejected files moved to \(settings.rejectedFolder)")
                }
                Summary.report(outcome.report).forEach { print($0) }
            }
            return outcome.exitCode
        }
    }
}
