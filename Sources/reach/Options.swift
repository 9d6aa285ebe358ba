import ArgumentParser
import ReachJob
import ReachModel
import ReachReports

/// Where the store and its configuration are, and the reporting zone.
struct StoreOptions: SettingsOptions {
    @Option(help: ArgumentHelp("The SQLite store file (default: data/reach.sqlite).", valueName: "path"))
    var store: String?

    @Option(help: ArgumentHelp("A reach.toml to read (default: reach.toml beside the store, if present).", valueName: "path"))
    var config: String?

    @Option(help: ArgumentHelp("The reporting time zone, an IANA name (default: Asia/Shanghai).", valueName: "zone"))
    var timezone: String?

    func give(_ overrides: inout Settings.Overrides) {
        overrides.store = store
        overrides.timezone = timezone
    }
}

/// --inbox, for the commands that read the inbox setting (run, config).
struct InboxOption: SettingsOptions {
    @Option(help: ArgumentHelp("The inbox folder (default: data/inbox).", valueName: "dir"))
    var inbox: String?

    func give(_ overrides: inout Settings.Overrides) {
        overrides.inbox = inbox
    }
}

/// The options that shape a report (SPEC 2 and 5).
struct ReportOptionGroup: SettingsOptions {
    @Option(name: .customLong("as-of"), help: ArgumentHelp("The last day of the window, YYYY-MM-DD (default: yesterday in the reporting zone).", valueName: "date"))
    var asOf: String?

    @Option(help: ArgumentHelp("Window length W in days (default: 30).", valueName: "days"))
    var window: String?

    @Option(name: .customLong("gap-days"), help: ArgumentHelp("Missed check-in days in a row that put a member on the gap list (default: 3).", valueName: "days"))
    var gapDays: String?

    @Option(name: .customLong("min-rate"), help: ArgumentHelp("A check-in rate below this puts a member on the gap list (default: 0.6).", valueName: "rate"))
    var minRate: String?

    @Option(name: .customLong("off-weekdays"), help: ArgumentHelp(
        "Weekdays without check-in where no calendar row says otherwise, e.g. sat,sun (also saturday, 周六, 星期六, 6; default: none).",
        valueName: "days"))
    var offWeekdays: String?

    @Option(help: ArgumentHelp("The folder that receives <as-of>/ (default: reports).", valueName: "dir"))
    var out: String?

    @Option(help: ArgumentHelp("Workbook language (default: zh).", valueName: "zh|en"))
    var lang: ReportLanguage?

    @Option(help: ArgumentHelp("Also write one small workbook and reminder text per group of this level (default: none).",
                               valueName: "none|class|branch|college"))
    var split: SplitSetting?

    @Option(name: .customLong("split-limit"), help: ArgumentHelp(
        "The most groups --split may write, a workbook and a reminder each; a split with more is left out with a warning (default: 5000; 0: no limit).",
        valueName: "n"))
    var splitLimit: String?

    @Flag(name: .customLong("no-bom"), help: "Write the CSV files without the UTF-8 byte order mark.")
    var noBOM = false

    @OptionGroup var threadsOption: ThreadsOption

    func give(_ overrides: inout Settings.Overrides) {
        overrides.window = window
        overrides.gapDays = gapDays
        overrides.minRate = minRate
        overrides.offWeekdays = offWeekdays
        overrides.out = out
        overrides.language = lang
        overrides.split = split
        overrides.splitLimit = splitLimit
        threadsOption.give(&overrides)
        if noBOM { overrides.bom = false }
    }

    /// The as-of day given, parsed, or `nil` for the default.
    func asOfDay() throws -> Day? {
        guard let asOf else { return nil }
        guard let day = Day(iso: asOf) else {
            throw ReachError.usage("--as-of \(asOf): not a date; write it as YYYY-MM-DD, e.g. 2026-11-24")
        }
        return day
    }
}

/// --quiet / --verbose.
struct VerbosityOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print errors only.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print per-file detail and timings.")
    var verbose = false

    var verbosity: Verbosity { quiet ? .quiet : (verbose ? .verbose : .normal) }
}

/// --kind, for commands that read input files (ingest, check).
struct KindOption: ParsableArguments {
    /// The kind given, or `nil` to tell each file's kind from its name.
    @Option(help: "Read every file as this kind instead of telling it from the name.")
    var kind: FileKind?
}

/// `--threads`: how many threads a command may use for its parallel work.
struct ThreadsOption: ParsableArguments, SettingsOptions {
    @Option(help: ArgumentHelp(
        "Worker threads for reading files, loading the store, the metrics and writing reports (default: active cores); results do not depend on it.",
        valueName: "n"))
    var threads: String?

    func give(_ overrides: inout Settings.Overrides) {
        overrides.threads = threads
    }
}
