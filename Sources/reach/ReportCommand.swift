import ArgumentParser
import Foundation
import ReachJob
import ReachStore

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the CSV reports and the workbook for an as-of day into <out>/<as-of>/.",
        discussion: "The folder is written beside its target and renamed into place, so a failed run leaves the previous report intact."
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var reportOptions: ReportOptionGroup
    @OptionGroup var verbosityOptions: VerbosityOptions

    func run() throws {
        try reporting {
            let settings = try storeOptions.settings(with: reportOptions)
            let logger = ReachLog.logger(verbosity: verbosityOptions.verbosity)
            let asOf = try reportOptions.asOfDay() ?? ReportJob.defaultAsOf(zone: settings.zone)
            let store = try StoreAccess.openExisting(settings)
            let result = try ReportJob(store: store, settings: settings, logger: logger).run(asOf: asOf)
            if verbosityOptions.verbosity != .quiet { Summary.report(result).forEach { print($0) } }
            return 0
        }
    }
}
