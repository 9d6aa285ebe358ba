import Foundation
import ReachTestSupport
import Testing
import ReachMetrics
import ReachModel
import ReachReports
@testable import ReachJob

/// One key's three layers: nothing set (an empty `reach.toml`), one line of
/// `reach.toml` (line 2), and the command line on top of that file.
private struct Layers {
    let folder: String
    let toml: String
    /// Default, file, command line.
    let settings: [Settings]

    init(_ fileLine: String, _ commandLine: Settings.Overrides) throws {
        let tmp = TempFolder()
        folder = tmp.path
        let empty = tmp.write("empty.toml", "# nothing set\n")
        toml = tmp.write("reach.toml", "# one key set\n\(fileLine)\n")
        settings = [try .resolve(configPath: empty), try .resolve(configPath: toml),
                    try .resolve(commandLine: commandLine, configPath: toml)]
    }

    func values<Value>(_ value: KeyPath<Settings, Value>) -> [Value] { settings.map { $0[keyPath: value] } }

    /// The `reach config` line of `key` in each layer.
    func lines(_ key: Settings.Key) -> [String] {
        settings.map { s in s.describe().split(separator: "\n").map(String.init).first { $0.hasPrefix(key.name + " ") } ?? "" }
    }

    func sources(_ key: Settings.Key) -> [Settings.Source] { settings.map { $0.source(of: key) } }
}

/// Default < reach.toml < command line, for every kind of value, each with
/// its source as `reach config` shows it.
@Suite struct SettingsLayerTests {
    @Test func aPathIsRelativeToTheFileAndAsGivenOnTheCommandLine() throws {
        let l = try Layers("out = \"../reports\"", .init(out: "o"))
        #expect(l.values(\.out) == ["reports", l.folder + "/../reports", "o"])
        #expect(l.sources(.out) == [.builtIn, .file(path: l.toml, line: 2), .commandLine])
        #expect(l.lines(.out) == ["out      = \"reports\"    # default", "out      = \"\(l.folder)/../reports\"    # \(l.toml):2",
                                  "out      = \"o\"    # command line"])
        let store = try Layers("store = \"s.sqlite\"", .init(store: "/var/reach.sqlite"))
        #expect(store.values(\.storePath) == ["data/reach.sqlite", store.folder + "/s.sqlite", "/var/reach.sqlite"])
    }

    @Test func theArchiveAndRejectedFoldersFollowTheInboxUnlessSet() throws {
        let l = try Layers("inbox = \"incoming\"", .init(inbox: "in/box"))
        #expect(l.values(\.inbox) == ["data/inbox", l.folder + "/incoming", "in/box"])
        #expect(l.values(\.archive) == ["data/archive", l.folder + "/archive", "in/archive"])
        #expect(l.values(\.rejectedFolder) == ["data/rejected", l.folder + "/rejected", "in/rejected"])
        #expect(l.lines(.rejected)[2] == "rejected = \"in/rejected\"    # default (beside the inbox)")
        let set = try Layers("archive = \"/srv/archive\"", .init(inbox: "in/box"))
        #expect(set.values(\.archive) == ["data/archive", "/srv/archive", "/srv/archive"])
        #expect(set.lines(.archive) == ["archive  = \"data/archive\"    # default (beside the inbox)",
                                        "archive  = \"/srv/archive\"    # \(set.toml):2", "archive  = \"/srv/archive\"    # \(set.toml):2"])
    }

    @Test func aTimeZone() throws {
        let l = try Layers("timezone = \"UTC\"", .init(timezone: "Europe/Paris"))
        #expect(l.values(\.zone.identifier) == ["Asia/Shanghai", "UTC", "Europe/Paris"])
        #expect(l.lines(.timezone) == ["timezone = \"Asia/Shanghai\"    # default", "timezone = \"UTC\"    # \(l.toml):2",
                                       "timezone = \"Europe/Paris\"    # command line"])
    }

    @Test func wholeNumbersOfDays() throws {
        let window = try Layers("window = 14", .init(window: "7"))
        #expect(window.values(\.window) == [30, 14, 7])
        #expect(window.lines(.window) == ["window   = 30    # default", "window   = 14    # \(window.toml):2",
                                          "window   = 7    # command line"])
        let gap = try Layers("gap_days = 5", .init(gapDays: "9"))
        #expect(gap.values(\.gapDays) == [3, 5, 9])
        #expect(gap.sources(.gapDays) == [.builtIn, .file(path: gap.toml, line: 2), .commandLine])
    }

    @Test func aDecimalKeepsTheDigitsGiven() throws {
        let l = try Layers("min_rate = 0.75", .init(minRate: "0.60"))
        #expect(l.values(\.minRate) == [Ratio(3, 5), Ratio(3, 4), Ratio(3, 5)])
        #expect(l.lines(.minRate) == ["min_rate = 0.6    # default", "min_rate = 0.75    # \(l.toml):2",
                                      "min_rate = 0.60    # command line"])
    }

    @Test func weekdaysShownInShortEnglish() throws {
        let l = try Layers("off_weekdays = [\"Saturday\", 7]", .init(offWeekdays: "周一"))
        #expect(l.values(\.offWeekdays) == [[], [6, 7], [1]])
        #expect(l.lines(.offWeekdays) == ["off_weekdays = \"\"    # default", "off_weekdays = \"sat,sun\"    # \(l.toml):2",
                                          "off_weekdays = \"mon\"    # command line"])
    }

    @Test func theLanguageIsAReportLanguage() throws {
        let l = try Layers("language = \"en\"", .init(language: .zh))
        #expect(l.values(\.language) == [.zh, .en, .zh])
        #expect(l.lines(.language) == ["language = \"zh\"    # default", "language = \"en\"    # \(l.toml):2",
                                       "language = \"zh\"    # command line"])
    }

    @Test func theSplitIsASplitSettingAndItsScope() throws {
        let l = try Layers("split = \"class\"", .init(split: SplitSetting.none))
        #expect(l.values(\.splitSetting) == [.none, .class, .none])
        #expect(l.values(\.split) == [nil, .class, nil])
        #expect(l.lines(.split) == ["split    = \"none\"    # default", "split    = \"class\"    # \(l.toml):2",
                                    "split    = \"none\"    # command line"])
        #expect(try Layers("split = \"college\"", .init(split: .branch)).values(\.split) == [nil, .college, .branch])
    }

    @Test func theSplitLimitZeroMeaningNone() throws {
        let l = try Layers("split_limit = 0", .init(splitLimit: "12"))
        #expect(l.values(\.splitLimit) == [5_000, nil, 12])
        #expect(l.lines(.splitLimit) == ["split_limit = 5000    # default", "split_limit = 0    # \(l.toml):2",
                                         "split_limit = 12    # command line"])
    }

    @Test func aBoolean() throws {
        let l = try Layers("bom = true", .init(bom: false))
        #expect(l.values(\.bom) == [true, true, false])
        #expect(l.lines(.bom) == ["bom      = true    # default", "bom      = true    # \(l.toml):2", "bom      = false    # command line"])
    }

    @Test func threadsDefaultToTheActiveCores() throws {
        let cores = min(256, max(1, ProcessInfo.processInfo.activeProcessorCount))
        let l = try Layers("threads = 4", .init(threads: "2"))
        #expect(l.values(\.threads) == [cores, 4, 2])
        #expect(l.lines(.threads) == ["threads  = \(cores)    # default (active cores)", "threads  = 4    # \(l.toml):2",
                                      "threads  = 2    # command line"])
    }

    @Test func whatEachKeyAcceptsComesFromItsValues() {
        #expect(Settings.Key.language.accepted == "\"zh\" or \"en\"")
        #expect(Settings.Key.split.accepted == "\"none\", \"class\", \"branch\" or \"college\"")
        #expect(Settings.Key.allCases.map(\.name) == ["store", "inbox", "archive", "rejected", "out", "timezone", "window", "gap_days",
                                                       "min_rate", "off_weekdays", "language", "split", "split_limit", "bom", "threads"])
        #expect(Settings.Key.allCases.map { $0.option ?? "-" } == [
            "--store", "--inbox", "-", "-", "--out", "--timezone", "--window", "--gap-days", "--min-rate", "--off-weekdays",
            "--lang", "--split", "--split-limit", "--no-bom", "--threads",
        ])
    }
}

/// What a user gets wrong in `reach.toml` or on the command line: a usage
/// error naming the file and line, or the option, and what is accepted.
@Suite struct SettingsErrorTests {
    @Test func anUnknownKeyNamesTheFileAndLine() throws {
        let tmp = TempFolder()
        let toml = tmp.write("reach.toml", "window = 14\n\nlang = \"en\"\n")
        #expect(throws: ReachError.usage("\(toml):3: unknown key 'lang'; known keys: store, inbox, archive, rejected, out, timezone, "
                                         + "window, gap_days, min_rate, off_weekdays, language, split, split_limit, bom, threads")) {
            try Settings.resolve(configPath: toml)
        }
        #expect(ReachError.usage("").exitCode == 64)
    }

    @Test(arguments: [
        ("language = \"fr\"", "language = fr", "\"zh\" or \"en\""),
        ("split = \"room\"", "split = room", "\"none\", \"class\", \"branch\" or \"college\""),
        ("split = \"all\"", "split = all", "\"none\", \"class\", \"branch\" or \"college\""),
        ("bom = \"yes\"", "bom = yes", "true or false"),
        ("threads = 257", "threads = 257", "a whole number from 1 to 256"),
        ("min_rate = 1.5", "min_rate = 1.5", "a decimal from 0 to 1 such as 0.6"),
        ("timezone = \"Mars/Base\"", "timezone = Mars/Base", "an IANA time zone such as \"Asia/Shanghai\" or \"UTC\""),
        ("split_limit = -1", "split_limit = -1", "a whole number of groups, 0 for no limit"),
    ])
    func aBadValueInTheFileNamesTheFileLineAndTheAcceptedValues(line: String, shown: String, accepted: String) throws {
        let tmp = TempFolder()
        let toml = tmp.write("reach.toml", "window = 14\n\(line)\n")
        #expect(throws: ReachError.usage("\(shown) is not accepted (from \(toml):2); use \(accepted)")) {
            try Settings.resolve(configPath: toml)
        }
    }

    @Test func aBadValueInTheFileThatTheCommandLineOverridesStopsNothing() throws {
        let tmp = TempFolder()
        let toml = tmp.write("reach.toml", "split = \"room\"\nwindow = \"x\"\n")
        let s = try Settings.resolve(commandLine: .init(window: "3", split: .branch), configPath: toml)
        #expect(s.split == .branch && s.window == 3)
        #expect(s.source(of: .split) == .commandLine)
    }

    @Test(arguments: [
        (Settings.Overrides(window: "0"), "--window 0", "a whole number of days from 1 to 3660"),
        (Settings.Overrides(gapDays: "three"), "--gap-days three", "a whole number of days from 1 to 3660"),
        (Settings.Overrides(minRate: "1.5"), "--min-rate 1.5", "a decimal from 0 to 1 such as 0.6"),
        (Settings.Overrides(timezone: "Mars/Base"), "--timezone Mars/Base", "an IANA time zone such as \"Asia/Shanghai\" or \"UTC\""),
        (Settings.Overrides(splitLimit: "-1"), "--split-limit -1", "a whole number of groups, 0 for no limit"),
        (Settings.Overrides(threads: "0"), "--threads 0", "a whole number from 1 to 256"),
        (Settings.Overrides(store: ""), "--store \"\"", "a file path"),
        (Settings.Overrides(out: ""), "--out \"\"", "a folder path"),
    ])
    func aBadValueOnTheCommandLineNamesTheOption(given: Settings.Overrides, shown: String, accepted: String) throws {
        let tmp = TempFolder()
        let empty = tmp.write("empty.toml", "")
        #expect(throws: ReachError.usage("\(shown) is not accepted; use \(accepted)")) {
            try Settings.resolve(commandLine: given, configPath: empty)
        }
    }

    /// `--lang` and `--split` are parsed by swift-argument-parser into the
    /// enums `reach.toml` is read into: a bad value is bad usage (SPEC 5:
    /// exit status 64), and the message names the option and lists the
    /// accepted values.
    @Test func aBadEnumOptionIsBadUsageListingTheAcceptedValues() throws {
        let tmp = TempFolder()
        let lang = try ReachProcess.run(["report", "--lang", "fr"], in: tmp.path)
        #expect(lang.status == 64)
        #expect(lang.stderr.contains("The value 'fr' is invalid for '--lang <zh|en>'. Please provide one of 'zh' and 'en'."))
        let split = try ReachProcess.run(["run", "--split", "room"], in: tmp.path)
        #expect(split.status == 64)
        #expect(split.stderr.contains(
            "The value 'room' is invalid for '--split <none|class|branch|college>'. Please provide one of 'none', 'class', 'branch' or 'college'."))
        let kind = try ReachProcess.run(["ingest", "--kind", "likes", "x.csv"], in: tmp.path)
        #expect(kind.status == 64)
        #expect(kind.stderr.contains("The value 'likes' is invalid for '--kind <kind>'"))
        #expect(kind.stderr.contains("- members\n  - checkins\n  - shares\n  - comments\n  - posts\n  - calendar\n  - leave"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path).isEmpty, "nothing was written")
    }

    /// `reach config` keeps its text: the lines of a file and the command
    /// line, as the README shows them.
    @Test func reachConfigPrintsEveryKeyWithItsSource() throws {
        let tmp = TempFolder()
        tmp.write("data/reach.toml", """
            # nightly
            timezone = "UTC"
            window = 14
            gap_days = 5
            min_rate = 0.75
            off_weekdays = ["Saturday", 7]
            inbox = "incoming"
            out = "../reports"
            language = "en"
            split = "class"
            split_limit = 10
            bom = false
            archive = "/abs/arch"
            """)
        let r = try ReachProcess.run(["config", "--threads", "2", "--lang", "zh"], in: tmp.path)
        #expect(r.status == 0)
        #expect(r.stdout == """
            # configuration file: data/reach.toml
            store    = "data/reach.sqlite"    # default
            inbox    = "data/incoming"    # data/reach.toml:7
            archive  = "/abs/arch"    # data/reach.toml:13
            rejected = "data/rejected"    # default (beside the inbox)
            out      = "data/../reports"    # data/reach.toml:8
            timezone = "UTC"    # data/reach.toml:2
            window   = 14    # data/reach.toml:3
            gap_days = 5    # data/reach.toml:4
            min_rate = 0.75    # data/reach.toml:5
            off_weekdays = "sat,sun"    # data/reach.toml:6
            language = "zh"    # command line
            split    = "class"    # data/reach.toml:10
            split_limit = 10    # data/reach.toml:11
            bom      = false    # data/reach.toml:12
            threads  = 2    # command line

            """)
    }
}
