import ArgumentParser
import ReachJob

struct Config: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the effective configuration and where each value comes from.",
        discussion: "Values come from built-in defaults, then reach.toml (beside the store, or --config), then the command line."
    )

    @Option(help: ArgumentHelp("The inbox folder.", valueName: "dir"))
    var inbox: String?

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var reportOptions: ReportOptionGroup

    func run() throws {
        try reporting {
            var values = storeOptions.commandLine.merging(reportOptions.commandLine) { $1 }
            values["inbox"] = inbox
            print(try Settings.resolve(commandLine: values, configPath: storeOptions.config).describe())
            return 0
        }
    }
}
