import Foundation
import ReachTestSupport
import Testing
import ReachMetrics
import ReachModel
@testable import ReachJob

@Suite struct SettingsTests {
    @Test func defaultsAndDerivedFolders() throws {
        let tmp = TempFolder()
        let s = try Settings.resolve(commandLine: .init(store: tmp.file("reach.sqlite"), threads: "3"))
        #expect(s.window == 30)
        #expect(s.gapDays == 3)
        #expect(s.minRate == Ratio(3, 5))
        #expect(s.zone.identifier == "Asia/Shanghai")
        #expect(s.inbox == "data/inbox")
        #expect(s.archive == "data/archive")
        #expect(s.rejectedFolder == "data/rejected")
        #expect(s.threads == 3)
        #expect(s.bom)
        #expect(s.split == nil)
        #expect(s.configPath == nil)
        #expect(s.source(of: .threads) == .commandLine)
        #expect(s.source(of: .window) == .builtIn)
    }

    @Test func fileBesideTheStoreThenCommandLine() throws {
        let tmp = TempFolder()
        tmp.write("reach.toml", """
            # nightly settings
            timezone = "UTC"
            window = 14   # two weeks
            min_rate = 0.75
            inbox = "incoming"
            bom = false
            split = "class"
            """)
        let s = try Settings.resolve(commandLine: .init(store: tmp.file("reach.sqlite"), window: "7"))
        #expect(s.configPath == tmp.file("reach.toml"))
        #expect(s.zone.identifier == "UTC")
        #expect(s.window == 7)
        #expect(s.source(of: .window) == .commandLine)
        #expect(s.minRate == Ratio(3, 4))
        #expect(s.source(of: .minRate) == .file(path: tmp.file("reach.toml"), line: 4))
        #expect(s.inbox == tmp.file("incoming"))  // relative to the file's folder
        #expect(s.archive == tmp.file("archive"))
        #expect(!s.bom)
        #expect(s.split == .class)
        #expect(s.splitSetting == .class)
        let text = s.describe()
        #expect(text.contains("window   = 7    # command line"))
        #expect(text.contains("timezone = \"UTC\"    # \(tmp.file("reach.toml")):2"))
    }

    @Test func errorsNameTheKeyAndWhatIsAccepted() throws {
        let tmp = TempFolder()
        let config = tmp.write("bad.toml", "window = 30\ngap_days = \"three\"\n")
        #expect(throws: ReachError.usage("gap_days = three is not accepted (from \(config):2); use a whole number of days from 1 to 3660")) {
            try Settings.resolve(configPath: config)
        }
        let unknown = tmp.write("unknown.toml", "colour = \"red\"\n")
        #expect(throws: ReachError.usage("\(unknown):1: unknown key 'colour'; known keys: store, inbox, archive, rejected, out, timezone, window, gap_days, min_rate, off_weekdays, language, split, split_limit, bom, threads")) {
            try Settings.resolve(configPath: unknown)
        }
        let broken = tmp.write("broken.toml", "window 30\n")
        #expect(throws: ReachError.usage("\(broken):1: Error while parsing key-value pair: expected '=', saw '3'")) {
            try Settings.resolve(configPath: broken)
        }
        #expect(throws: ReachError.self) { try Settings.resolve(commandLine: .init(timezone: "Mars/Base")) }
        #expect(throws: ReachError.self) { try Settings.resolve(commandLine: .init(minRate: "1.5")) }
        // --lang fr never reaches Settings: the option is a ReportLanguage
        // (SettingsLayerTests runs the binary); from the file it is refused here.
        let french = tmp.write("french.toml", "language = \"fr\"\n")
        #expect(throws: ReachError.self) { try Settings.resolve(configPath: french) }
        #expect(throws: ReachError.self) { try Settings.resolve(commandLine: .init(window: "0")) }
        let missing = tmp.file("none.toml")
        #expect(throws: ReachError.usage("\(missing): cannot read the configuration file; check the path and its permissions")) {
            try Settings.resolve(configPath: missing)
        }
    }

    @Test func tomlValuesWithTheirLines() throws {
        let f = try ConfigFile(text: """
            a = "x # not a comment"
            b = 'literal'
            c = 1_000
            [report]
            d = 0.5
            e = true
            """, path: "t.toml")
        #expect(f.entries["a"]?.value == .string("x # not a comment"))
        #expect(f.entries["b"]?.value == .string("literal"))
        #expect(f.entries["c"]?.value == .integer(1000))
        #expect(f.entries["report.d"]?.value == .decimal("0.5"))
        #expect(f.entries["report.e"]?.value == .boolean(true))
        #expect(f.entries["report.d"]?.line == 5)
        #expect(throws: ReachError.usage("t.toml:2: Error while parsing key-value pair: cannot redefine existing integer 'a'")) {
            try ConfigFile(text: "a = 1\na = 2", path: "t.toml")
        }
        // A list of scalars reads as its items joined by commas, as on the command line.
        let list = try ConfigFile(text: "a = [\"sat\", \"sun\"]\nb = [6, 7]", path: "t.toml")
        #expect(list.entries["a"]?.value == .list([.string("sat"), .string("sun")]))
        #expect(list.entries["a"]?.value.description == "sat,sun")
        #expect(list.entries["b"]?.value.description == "6,7")
        #expect(throws: ReachError.usage("t.toml:1: 'a' must be a string, number, true/false or a list of those")) {
            try ConfigFile(text: "a = [[1, 2]]", path: "t.toml")
        }
        #expect(throws: ReachError.usage("t.toml:2: 'b' must be a string, number, true/false or a list of those")) {
            try ConfigFile(text: "a = 1\nb = 2026-11-20", path: "t.toml")
        }
        #expect(throws: ReachError.self) { try ConfigFile(text: "a = \"open", path: "t.toml") }
    }
}

/// `off_weekdays` / `--off-weekdays` (SPEC 2, contract v2).
@Suite struct OffWeekdaysTests {
    @Test(arguments: [
        ("sat,sun", [6, 7]),
        ("Sat, SUN", [6, 7]),
        ("saturday,Sunday", [6, 7]),
        ("周六，周日", [6, 7]),
        ("星期六、星期天", [6, 7]),
        ("周天", [7]),
        ("6 7", [6, 7]),
        ("1,mon,周一,星期一", [1]),
        ("wed,fri", [3, 5]),
        ("", []),
        ("none", []),
    ])
    func acceptedForms(text: String, days: [Int]) {
        #expect(OffWeekdays.parse(text) == Set(days))
    }

    @Test(arguments: ["0", "8", "sa", "weekend", "周八", "sat;sun", "none,sat"])
    func refusedForms(text: String) {
        #expect(OffWeekdays.parse(text) == nil)
    }

    @Test func commandLineAndFileWithTheirSources() throws {
        let tmp = TempFolder()
        let s = try Settings.resolve(commandLine: .init(store: tmp.file("reach.sqlite"), offWeekdays: "周日,周六"))
        #expect(s.offWeekdays == [6, 7])
        #expect(s.describe().contains("off_weekdays = \"sat,sun\"    # command line"))
        let none = try Settings.resolve(commandLine: .init(store: tmp.file("reach.sqlite")))
        #expect(none.offWeekdays.isEmpty)
        #expect(none.describe().contains("off_weekdays = \"\"    # default"))
        #expect(none.describe().contains("timezone = \"Asia/Shanghai\"    # default"), "the other lines keep their look")

        tmp.write("reach.toml", "window = 14\noff_weekdays = [\"Saturday\", 7]\n")
        let file = try Settings.resolve(commandLine: .init(store: tmp.file("reach.sqlite")))
        #expect(file.offWeekdays == [6, 7])
        #expect(file.describe().contains("off_weekdays = \"sat,sun\"    # \(tmp.file("reach.toml")):2"))
        let overridden = try Settings.resolve(commandLine: .init(store: tmp.file("reach.sqlite"), offWeekdays: ""))
        #expect(overridden.offWeekdays.isEmpty, "an empty option turns the file's weekdays off")
    }

    @Test func aBadValueNamesTheOptionOrKeyAndWhatIsAccepted() throws {
        let tmp = TempFolder()
        #expect(throws: ReachError.usage("--off-weekdays \"sat,holiday\" is not accepted; use \(OffWeekdays.accepted)")) {
            try Settings.resolve(commandLine: .init(store: tmp.file("reach.sqlite"), offWeekdays: "sat,holiday"))
        }
        let config = tmp.write("bad.toml", "window = 30\noff_weekdays = \"weekend\"\n")
        #expect(throws: ReachError.usage("off_weekdays = \"weekend\" is not accepted (from \(config):2); use \(OffWeekdays.accepted)")) {
            try Settings.resolve(configPath: config)
        }
        #expect(OffWeekdays.accepted.contains("mon … sun") && OffWeekdays.accepted.contains("周一 … 周日")
                && OffWeekdays.accepted.contains("1 … 7"))
        #expect(throws: ReachError.usage("--window 0 is not accepted; use a whole number of days from 1 to 3660")) {
            try Settings.resolve(commandLine: .init(window: "0"))
        }
    }
}

@Suite struct RunLockTests {
    @Test func secondHolderIsRefusedWithTheFirstOnesPid() throws {
        let tmp = TempFolder()
        let store = tmp.file("reach.sqlite")
        let first = try RunLock(storePath: store, now: Date(timeIntervalSince1970: 1_795_536_000))
        do {
            _ = try RunLock(storePath: store)
            Issue.record("second lock was granted")
        } catch let error as ReachError {
            #expect(error.exitCode == 2)
            #expect(error.description.hasPrefix("another run (pid \(ProcessInfo.processInfo.processIdentifier), started 2026-11-24T16:00:00Z) holds the store \(store)"))
        }
        first.release()
        let again = try RunLock(storePath: store)
        again.release()
    }
}

@Suite struct InboxTests {
    @Test func rostersFirstThenEventsByName() throws {
        let tmp = TempFolder()
        for name in ["shares-2.csv", "checkins-b.csv", "名单.csv", "checkins-a.csv", "posts.csv", "notes.txt", ".hidden.csv", "members.csv", "comments.csv.part"] {
            tmp.write("inbox/" + name, "x")
        }
        try FileManager.default.createDirectory(atPath: tmp.file("inbox/sub"), withIntermediateDirectories: true)
        let files = try InputFiles.expand([tmp.file("inbox")]).map(\.lastPathComponent)
        #expect(files == ["members.csv", "名单.csv", "posts.csv", "checkins-a.csv", "checkins-b.csv", "shares-2.csv", "notes.txt"])
        #expect(throws: ReachError.usage("\(tmp.file("missing")): no such file or folder; check the path")) {
            try InputFiles.expand([tmp.file("missing")])
        }
    }

    @Test func archiveNeverOverwrites() throws {
        let tmp = TempFolder()
        let archive = Archive(archiveRoot: tmp.file("archive"), rejectedRoot: tmp.file("rejected"))
        let day = Day(iso: "2026-11-25")!
        let a = tmp.write("inbox/checkins.csv", "first")
        let movedA = try archive.archive(URL(fileURLWithPath: a), day: day)
        let b = tmp.write("inbox/checkins.csv", "second")
        let movedB = try archive.archive(URL(fileURLWithPath: b), day: day)
        #expect(movedA.path == tmp.file("archive/2026-11-25/checkins.csv"))
        #expect(movedB.path == tmp.file("archive/2026-11-25/checkins.2.csv"))
        #expect(try String(contentsOf: movedA, encoding: .utf8) == "first")
        let c = tmp.write("inbox/notes.txt", "?")
        let movedC = try archive.reject(URL(fileURLWithPath: c), day: day, reason: "notes.txt: unknown kind")
        #expect(movedC.path == tmp.file("rejected/2026-11-25/notes.txt"))
        #expect(try String(contentsOfFile: movedC.path + ".reason.txt", encoding: .utf8) == "notes.txt: unknown kind\n")
        #expect(!FileManager.default.fileExists(atPath: a))
    }
}

/// The console's report lines and the loud as-of warning (contract v2).
@Suite struct SummaryTests {
    static let asOf = Day(iso: "2026-11-20")!
    static let options = MetricsOptions(asOf: asOf, window: 30)

    /// Both windows, 60 days, with data up to `lastData` (none when `nil`)
    /// and from `firstData` on.
    static func days(firstData: Day = asOf - 59, lastData: Day?) -> [DayRow] {
        (0..<60).map { i in
            let day = options.previousStart + i
            let data = lastData.map { day >= firstData && day <= $0 } ?? false
            return DayRow(day: day, data: data, checkinDay: true, expected: data ? 10 : 0, excused: 0, note: "")
        }
    }

    static func school(previous: Ratio?) -> GroupRow {
        GroupRow(scope: .all, group: "all", members: 10, memberDays: 240, checkinDays: 195, reachedDays: 216, fullDays: 3,
                 worstDay: asOf, worstCoverage: Ratio(1, 2), shares: 0, comments: 0, atRisk: 1,
                 previousCoverage: previous, rank: 1, days: 24)
    }

    static func result(previous: Ratio?, days: [DayRow]) -> ReportJob.Result {
        let tables = MetricTables(options: options, daily: [], groups: [school(previous: previous)], members: [], gaps: [],
                                  posts: [], days: days)
        return ReportJob.Result(folder: URL(fileURLWithPath: "/r/2026-11-20"), tables: tables, timings: (0, 0, 0))
    }

    @Test func headlineNamesTheDaysWithDataAndTheChange() {
        let lines = Summary.report(Self.result(previous: Ratio(3, 4), days: Self.days(lastData: Self.asOf)))
        #expect(lines == [
            "coverage 81.3% over 24 check-in days with data, of 30 to 2026-11-20 (+6.3 pts vs the previous 30 days), reach rate 90.0%",
            "at risk: 0 members on the gap list",
            "reports: /r/2026-11-20",
        ])
    }

    @Test func withoutAPreviousCoverageItSaysWhyInsteadOfADelta() {
        // No data at all in the previous window.
        let fresh = Self.days(firstData: Self.options.windowStart, lastData: Self.asOf)
        #expect(Summary.report(Self.result(previous: nil, days: fresh))[0]
                == "coverage 81.3% over 24 check-in days with data, of 30 to 2026-11-20 (no data in the previous 30 days to compare), reach rate 90.0%")
        // Data, but nobody expected (say, a roster that joined later).
        #expect(Summary.report(Self.result(previous: nil, days: Self.days(lastData: Self.asOf)))[0]
            .contains("(nobody was expected in the previous 30 days to compare)"))
    }

    @Test func anAsOfDayWithoutDataNamesTheLastDataDay() {
        let late = Self.result(previous: nil, days: Self.days(lastData: Self.asOf - 3)).tables
        #expect(Summary.asOfWithoutData(late) == """
            no data for 2026-11-20, the as-of day: no checkins export covers it (its export has not arrived, \
            or --as-of lies outside the data); the last day with data is 2026-11-17. Every figure counts only \
            the days with data; check the inbox and the exporter, or report on another day
            """)
        let none = Self.result(previous: nil, days: Self.days(lastData: nil)).tables
        #expect(Summary.asOfWithoutData(none)?.contains("; none of the 60 days to it has data.") == true)
        let fine = Self.result(previous: nil, days: Self.days(lastData: Self.asOf)).tables
        #expect(Summary.asOfWithoutData(fine) == nil, "days.csv decides")
        // Tables without day rows (made by hand) say nothing.
        #expect(Summary.asOfWithoutData(Self.result(previous: nil, days: []).tables) == nil)
    }
}
