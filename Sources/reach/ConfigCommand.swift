import ArgumentParser
import ReachJob

struct Config: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the effective configuration and where each value comes from.",
        discussion: "Values come from built-in defaults, then reach.toml (beside the store, or --config), then the command line."
    )

    @OptionGroup var inboxOption: InboxOption
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var reportOptions: ReportOptionGroup

    func run() throws {
        try reporting {
            print(try storeOptions.settings(with: inboxOption, reportOptions).describe())
            return 0
        }
    }
}
