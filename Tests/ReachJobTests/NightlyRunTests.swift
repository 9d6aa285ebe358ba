import Foundation
import ReachTestSupport
import Testing
import ReachModel
import ReachStore
@testable import ReachJob

/// `reach run`, `reach ingest` and friends as a user runs them: the real
/// executable, real files, a real SQLite store.
@Suite(.serialized) struct NightlyRunTests {
    static let roster = """
        学号,姓名,班级,支部,学院,辅导员
        001,张三,计科1班,第一支部,计算机学院,李老师
        002,李四,计科1班,第一支部,计算机学院,李老师
        003,王五,软工2班,第二支部,软件学院,赵老师

        """
    static let checkins = """
        member_id,time
        001,2026-11-19 08:00:00
        001,2026-11-20 08:00:00
        002,2026-11-20 23:59:59
        003,2026-11-20T16:30:00Z
        003,not a time

        """

    func inbox(_ tmp: TempFolder) {
        tmp.write("data/inbox/名单.csv", Self.roster)
        tmp.write("data/inbox/checkins-11.csv", Self.checkins)
    }

    @Test func nightlyRunArchivesAndReports() throws {
        let tmp = TempFolder()
        inbox(tmp)
        tmp.write("data/inbox/notes.csv", "what is this\n")
        let r = try ReachProcess.run(["run", "--store", "reach.sqlite", "--as-of", "2026-11-20", "--window", "2"], in: tmp.path)
        #expect(r.status == 3, "a whole file was rejected: \(r.stderr)")
        #expect(r.stdout.contains("3 files: 2 ingested, 0 skipped, 1 rejected; rows: 7 accepted, 0 duplicates, 1 rejected"))
        #expect(r.stderr.contains("notes.csv: rejected whole: cannot tell the file kind from its name"))
        let today = try FileManager.default.contentsOfDirectory(atPath: tmp.file("data/archive"))
        #expect(today.count == 1)
        let archived = try FileManager.default.contentsOfDirectory(atPath: tmp.file("data/archive/\(today[0])")).sorted()
        #expect(archived == ["checkins-11.csv", "名单.csv"])
        let reason = try String(contentsOfFile: tmp.file("data/rejected/\(today[0])/notes.csv.reason.txt"), encoding: .utf8)
        #expect(reason.hasPrefix("notes.csv: cannot tell the file kind from its name"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.file("data/inbox")).isEmpty)
        // 003's 16:30Z is 00:30 on 11-21 in Shanghai: after A, so it counts nowhere.
        let rejects = String(decoding: try Data(contentsOf: URL(fileURLWithPath: tmp.file("reports/2026-11-20/rejects.csv"))), as: UTF8.self)
        #expect(rejects == "\u{FEFF}file,line,reason,raw\ncheckins-11.csv,6,unparseable time 'not a time',\"003,not a time\"\n")
        let latest = try FileManager.default.destinationOfSymbolicLink(atPath: tmp.file("reports/latest"))
        #expect(latest == "2026-11-20")
        #expect(FileManager.default.fileExists(atPath: tmp.file("reports/2026-11-20/reach-2026-11-20.xlsx")))
    }

    @Test func theSameInboxTwiceChangesNothing() throws {
        let tmp = TempFolder()
        inbox(tmp)
        let args = ["run", "--store", "reach.sqlite", "--as-of", "2026-11-20", "--window", "2", "--out", "first"]
        #expect(try ReachProcess.run(args, in: tmp.path).status == 0)
        inbox(tmp)
        let second = try ReachProcess.run(args.dropLast() + ["second"], in: tmp.path)
        #expect(second.status == 0)
        #expect(second.stdout.contains("2 files: 0 ingested, 2 skipped, 0 rejected; rows: 0 accepted"))
        for file in ["daily.csv", "groups.csv", "members.csv", "gaps.csv", "posts.csv", "rejects.csv", "unknown_members.csv"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: tmp.file("first/2026-11-20/\(file)")))
            let b = try Data(contentsOf: URL(fileURLWithPath: tmp.file("second/2026-11-20/\(file)")))
            #expect(a == b, "\(file) differs between the two runs")
        }
        // quality.csv says what happened: the second time, both files were skipped.
        let quality = try String(contentsOfFile: tmp.file("second/2026-11-20/quality.csv"), encoding: .utf8)
        #expect(quality.contains("名单.csv,members,skipped,0,0,0,0,the same bytes were ingested before,0\n"))
    }

    @Test func aSecondConcurrentRunIsRefused() throws {
        let tmp = TempFolder()
        inbox(tmp)
        try FileManager.default.createDirectory(atPath: tmp.file("data"), withIntermediateDirectories: true)
        let holder = try RunLock(storePath: tmp.file("data/reach.sqlite"))
        let r = try ReachProcess.run(["run", "--as-of", "2026-11-20"], in: tmp.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("another run (pid \(ProcessInfo.processInfo.processIdentifier), started "))
        #expect(r.stderr.contains("holds the store data/reach.sqlite; wait for it to finish"))
        // Nothing was touched: the files are still in the inbox.
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.file("data/inbox")).count == 2)
        holder.release()
        #expect(try ReachProcess.run(["run", "--as-of", "2026-11-20"], in: tmp.path).status == 0)
    }

    @Test func usageAndConfigurationErrorsExit64() throws {
        let tmp = TempFolder()
        tmp.write("bad.toml", "window = 30\nmin_rate = \"high\"\n")
        let r = try ReachProcess.run(["config", "--config", "bad.toml"], in: tmp.path)
        #expect(r.status == 64)
        #expect(r.stderr.contains("min_rate = high is not accepted (from bad.toml:2); use a decimal from 0 to 1 such as 0.6"))
        #expect(try ReachProcess.run(["report", "--as-of", "20261120"], in: tmp.path).status == 64)
        #expect(try ReachProcess.run(["ingest", "--kind", "likes", "x.csv"], in: tmp.path).status == 64)
        let missing = try ReachProcess.run(["report", "--store", "nowhere.sqlite"], in: tmp.path)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nowhere.sqlite: no store here; run `reach ingest` or `reach run` first"))
    }

    @Test func notAStoreExits2() throws {
        let tmp = TempFolder()
        tmp.write("data/reach.sqlite", "this is not a database, it is a text file that is long enough to be read\n")
        inbox(tmp)
        let r = try ReachProcess.run(["ingest", "data/inbox"], in: tmp.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("data/reach.sqlite"))
    }

    @Test func defaultAsOfFollowsTheZone() throws {
        // 2026-11-24 17:00 UTC is 2026-11-25 01:00 in Shanghai.
        let now = Date(timeIntervalSince1970: 1_795_539_600)
        #expect(ReportJob.defaultAsOf(zone: .shanghai, now: now).description == "2026-11-24")
        #expect(ReportJob.defaultAsOf(zone: try ReportingZone(identifier: "UTC"), now: now).description == "2026-11-23")
        let tmp = TempFolder()
        tmp.write("data/reach.toml", "timezone = \"America/Los_Angeles\"\n")
        let r = try ReachProcess.run(["config"], in: tmp.path)
        #expect(r.stdout.contains("timezone = \"America/Los_Angeles\"    # data/reach.toml:1"))
    }

    @Test func statusAndExportShowWhatIsStored() throws {
        let tmp = TempFolder()
        inbox(tmp)
        #expect(try ReachProcess.run(["ingest", "data/inbox"], in: tmp.path).status == 0)
        let status = try ReachProcess.run(["status"], in: tmp.path)
        #expect(status.stdout.contains("members: 3 on the roster"))
        #expect(status.stdout.contains("events: checkins: 4, shares: 0, comments: 0"))
        #expect(status.stdout.contains("days: 2026-11-19 to 2026-11-21"))
        #expect(status.stdout.contains("calendar: 0 rows; leave: 0 approved"))
        #expect(status.stdout.contains("registry: none yet (no groups file ingested)"))
        let export = try ReachProcess.run(["export", "events", "--from", "2026-11-20", "--to", "2026-11-20"], in: tmp.path)
        #expect(export.stdout == """
            day,kind,member_id,time,content_id,channel,target,featured
            2026-11-20,checkins,001,2026-11-20 08:00:00,,,,
            2026-11-20,checkins,002,2026-11-20 23:59:59,,,,

            """)
    }
}
