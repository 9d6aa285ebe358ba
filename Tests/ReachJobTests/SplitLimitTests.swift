import Foundation
import ReachTestSupport
import Testing
import ReachModel
import ReachReports
@testable import ReachJob

/// `--split-limit` (`split_limit`): a split of more groups than the limit is
/// left out with a warning, everything else is written, and the exit status
/// does not change. The roster has two classes.
@Suite(.serialized) struct SplitLimitTests {
    /// A store with the two-class roster of ``NightlyRunTests``, ingested by a nightly run.
    func store() throws -> TempFolder {
        let tmp = TempFolder()
        tmp.write("data/inbox/名单.csv", NightlyRunTests.roster)
        tmp.write("data/inbox/checkins-11.csv", NightlyRunTests.checkins)
        let r = try ReachProcess.run(["run", "--store", "reach.sqlite", "--as-of", "2026-11-20", "--window", "2", "--quiet"],
                                     in: tmp.path)
        #expect(r.status == 0, "\(r.stderr)")
        return tmp
    }

    func report(_ tmp: TempFolder, _ options: [String]) throws -> ReachProcess.Result {
        try ReachProcess.run(["report", "--store", "reach.sqlite", "--as-of", "2026-11-20", "--window", "2", "--out", "out"]
                             + options, in: tmp.path)
    }

    func entries(_ tmp: TempFolder, _ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: tmp.file(folder))) ?? []).sorted()
    }

    @Test func aSplitOverTheLimitIsLeftOutWithAWarningAndExitZero() throws {
        let tmp = try store()
        let r = try report(tmp, ["--split", "class", "--split-limit", "1", "--quiet"])
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "reach: warning: by-class not written: the split has 2 groups (a workbook and a reminder each), "
                + "more than the split limit of 1; the rest of the report is written. To write the split, raise the limit "
                + "with --split-limit N or split_limit in reach.toml (0: no limit)\n")
        #expect(entries(tmp, "out/2026-11-20") == (ReportWriter.csvFileNames + ["reach-2026-11-20.xlsx"]).sorted(),
                "everything else, and no by-class folder")
    }

    @Test func aLimitAtOrAboveTheGroupsOrZeroWritesTheSplit() throws {
        let tmp = try store()
        for limit in ["2", "0"] {
            let r = try report(tmp, ["--split", "class", "--split-limit", limit])
            #expect(r.status == 0)
            #expect(!r.stderr.contains("not written"), "limit \(limit): \(r.stderr)")
            #expect(entries(tmp, "out/2026-11-20/by-class") == ["计科1班.txt", "计科1班.xlsx", "软工2班.txt", "软工2班.xlsx"])
        }
    }

    @Test func theLimitComesFromTheConfigurationFileToo() throws {
        let tmp = try store()
        tmp.write("reach.toml", "split = \"branch\"\nsplit_limit = 1\n")
        let r = try report(tmp, [])
        #expect(r.status == 0)
        #expect(r.stderr.contains("by-branch not written: the split has 2 groups"))
        #expect(!FileManager.default.fileExists(atPath: tmp.file("out/2026-11-20/by-branch")))
        let config = try ReachProcess.run(["config", "--store", "reach.sqlite"], in: tmp.path)
        #expect(config.stdout.contains("split_limit = 1    # reach.toml:2"))
    }

    @Test func aBadLimitIsAUsageError() throws {
        let tmp = try store()
        for bad in ["-1", "many", "1.5"] {
            let r = try report(tmp, ["--split", "class", "--split-limit=\(bad)"])
            #expect(r.status == 64, "\(bad)")
            #expect(r.stderr.contains("--split-limit \(bad) is not accepted; use a whole number of groups, 0 for no limit"))
        }
        tmp.write("bad.toml", "split_limit = \"lots\"\n")
        let r = try ReachProcess.run(["config", "--config", "bad.toml"], in: tmp.path)
        #expect(r.status == 64)
        #expect(r.stderr.contains("split_limit = lots is not accepted (from bad.toml:1)"))
    }

    @Test func theDefaultIsFiveThousandAndZeroMeansNoLimit() throws {
        let tmp = TempFolder()
        let standard = try Settings.resolve(commandLine: .init(store: tmp.file("reach.sqlite")))
        #expect(standard.splitLimit == 5_000)
        #expect(standard.splitLimit == ReportOptions.defaultSplitLimit)
        #expect(try Settings.resolve(commandLine: .init(store: tmp.file("reach.sqlite"), splitLimit: "0")).splitLimit == nil)
        #expect(try Settings.resolve(commandLine: .init(store: tmp.file("reach.sqlite"), splitLimit: "32000")).splitLimit == 32_000)
    }

    @Test func theWarningForALargeRosterSaysWhereTheMemberSheetsAre() {
        let split = SplitLeftOut(scope: .college, groups: 6_000, limit: 5_000,
                                 largeRoster: .init(members: 1_000_000, above: 100_000))
        #expect(Summary.splitLeftOut(split, asOf: Day(year: 2026, month: 11, day: 19)!)
                == "by-college not written: the roster has 1000000 members, more than 100000, so the members and gap-list "
                + "sheets were to move to one workbook per college, but the 6000 colleges are more than the split limit of "
                + "5000. They stay in reach-2026-11-19.xlsx, cut at Excel's row limit (members.csv and gaps.csv have every "
                + "row); the rest of the report is written. To write the college workbooks, raise the limit with "
                + "--split-limit N or split_limit in reach.toml (0: no limit)")
    }
}
