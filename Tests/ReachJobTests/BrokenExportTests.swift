import Foundation
import ReachTestSupport
import Testing
import ReachModel
import ReachStore
@testable import ReachJob

/// The nightly job on broken exports, as a user would meet them: no input
/// may stop a later run (issue: one bad byte must never stop the nightly
/// job). Real executable, real store, the shipped sample inbox.
@Suite(.serialized) struct BrokenExportTests {
    /// The repository's `data/sample/` folder.
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("data/sample")

    /// Copies the sample inbox (every file but its manifest) into `tmp/data/inbox/`.
    static func sampleInbox(_ tmp: TempFolder) throws {
        let inbox = tmp.url.appendingPathComponent("data/inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: sample.path) where name != "SYNTH.txt" {
            try FileManager.default.copyItem(at: sample.appendingPathComponent(name), to: inbox.appendingPathComponent(name))
        }
    }

    static func write(_ tmp: TempFolder, _ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: tmp.file(name)))
    }

    static func csv(_ tmp: TempFolder, _ path: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: tmp.file(path))), as: UTF8.self)
    }

    /// Every bad export of the issue dropped into the sample inbox, then two
    /// nightly runs: both write their reports.
    @Test func brokenExportsNeverStopTheNightlyRun() throws {
        let tmp = TempFolder()
        try Self.sampleInbox(tmp)
        // A NUL after a member id that is on the roster (and stored), and after a content_id.
        try Self.write(tmp, "data/inbox/checkins-nul.csv",
                       Array("member_id,time\n2026010001".utf8) + [0] + Array(",2026-11-20 08:00:00\n2026010002,2026-11-20 08:00:01\n".utf8))
        try Self.write(tmp, "data/inbox/shares-nul.csv",
                       Array("member_id,time,content_id\n2026010001,2026-11-20 09:00:00,P00001".utf8) + [0] + [0x0A])
        // The sample comments with one stray quote at the start of line 11.
        var lines = try String(contentsOf: Self.sample.appendingPathComponent("comments-2026-10.csv"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[10] = "\"" + lines[10]
        tmp.write("data/inbox/comments-quote.csv", lines.joined(separator: "\n"))
        // The sample's DingTalk workbook cut in half, and one with a password.
        let workbook = try Data(contentsOf: Self.sample.appendingPathComponent("打卡-钉钉考勤报表-2026-11.xlsx"))
        try Self.write(tmp, "data/inbox/打卡-cut.xlsx", Array(workbook.prefix(workbook.count / 2)))
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/sheets")
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("locked.xlsx"),
                                         to: tmp.url.appendingPathComponent("data/inbox/打卡-locked.xlsx"))
        // A rejected row longer than a workbook cell, and a roster name as long.
        let long = String(repeating: "评论很长", count: 5_000) + String(repeating: "x", count: 20_000)  // 40,000 characters
        tmp.write("data/inbox/comments-long.csv", "member_id,time,content_id\n,2026-11-20 10:00:00,\(long)\n")
        let name = String(repeating: "名", count: 33_000)
        tmp.write("data/inbox/members-long.csv", "学号,姓名,班级,支部\n2026999999,\(name),长名班,长名支部\n")
        // Bytes that are no encoding at all.
        try Self.write(tmp, "data/inbox/checkins-broken.csv", Array("member_id,time\n".utf8) + [0xFF, 0xFE, 0xFF, 0x0A])

        let night1 = try ReachProcess.run(["run", "--as-of", "2026-11-20", "--split", "class"], in: tmp.path)
        #expect(night1.status == 3, "three files are rejected whole: \(night1.stderr)")
        #expect(night1.stderr.contains("checkins-broken.csv: rejected whole: the bytes are neither UTF-8"))
        #expect(night1.stderr.contains("打卡-cut.xlsx: rejected whole: the workbook is damaged"))
        #expect(night1.stderr.contains("打卡-locked.xlsx: rejected whole: the file is password-protected"))
        #expect(night1.stderr.contains("line 2 (byte 15 of the file, 0xFF); the line starts FF FE FF"))
        for file in ["daily.csv", "groups.csv", "members.csv", "gaps.csv", "posts.csv", "quality.csv", "rejects.csv",
                     "reach-2026-11-20.xlsx"] {
            #expect(FileManager.default.fileExists(atPath: tmp.file("reports/2026-11-20/\(file)")), "\(file) written")
        }
        let rejects = try Self.csv(tmp, "reports/2026-11-20/rejects.csv")
        #expect(rejects.contains("checkins-nul.csv,2,control character U+0000 in member_id,"))
        #expect(rejects.contains("shares-nul.csv,2,control character U+0000 in content_id,"))
        #expect(rejects.contains("comments-quote.csv,11,unclosed quote,\"\"\"2024020020,2026-10-07 12:36:59,P00012,0,学思践悟\"\n"))
        #expect(rejects.contains("comments-long.csv,2,empty member_id,\",2026-11-20 10:00:00,\(long)\"\n"), "CSV keeps the text whole")
        let quality = try Self.csv(tmp, "reports/2026-11-20/quality.csv")
        let records = lines.filter { !$0.isEmpty }.count - 1  // below the header
        #expect(quality.contains("comments-quote.csv,comments,ingested,\(records),0,\(records - 1),1,"), "one line lost, not the file")
        #expect(quality.contains("打卡-钉钉考勤报表-2026-11.xlsx,checkins,ingested,5954,4662,0,0,\"sheet '每日统计', header rows 2–3\",1292"))
        #expect(quality.contains("checkins-nul.csv,checkins,ingested,2,1,0,1,"))
        #expect(quality.contains("members-long.csv,members,ingested,1,1,0,0,"))
        let members = try Self.csv(tmp, "reports/2026-11-20/members.csv")
        #expect(members.contains(name), "members.csv keeps the long name whole")
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.file("data/inbox")).isEmpty)

        // The next night: the bad values stay in the store, and the run still reports.
        tmp.write("data/inbox/checkins-2026-11-21.csv", "member_id,time\n2026010001,2026-11-21 08:00:00\n")
        let night2 = try ReachProcess.run(["run", "--as-of", "2026-11-21", "--split", "class"], in: tmp.path)
        #expect(night2.status == 0, "\(night2.stderr)")
        #expect(FileManager.default.fileExists(atPath: tmp.file("reports/2026-11-21/reach-2026-11-21.xlsx")))
        let report = try ReachProcess.run(["report", "--as-of", "2026-11-21", "--out", "again"], in: tmp.path)
        #expect(report.status == 0, "\(report.stderr)")
        for file in ["daily.csv", "groups.csv", "members.csv", "gaps.csv", "rejects.csv"] {
            #expect(try Self.csv(tmp, "again/2026-11-21/\(file)") == Self.csv(tmp, "reports/2026-11-21/\(file)"))
        }
    }

    /// A run killed after it rejected a file (and moved it away) must not
    /// let the next run exit 0: the next run names the file and exits 3.
    @Test func aRunCompletingAnInterruptedOneReportsItsRejectedFiles() throws {
        let tmp = TempFolder()
        try Self.sampleInbox(tmp)
        #expect(try ReachProcess.run(["run", "--as-of", "2026-11-20", "-q"], in: tmp.path).status == 0)
        // What a kill leaves: the run was marked, a file rejected and moved, no run recorded.
        do {
            let store = try Store(path: tmp.file("data/reach.sqlite"), zone: .shanghai)
            #expect(try store.beginRun().isEmpty)
            try store.record(FileOutcome(file: "notes.csv", kind: "", status: .rejected, reason: "cannot tell the file kind"),
                             fingerprint: "f00d")
        }
        let completing = try ReachProcess.run(["run", "--as-of", "2026-11-20"], in: tmp.path)
        #expect(completing.status == 3)
        #expect(completing.stderr.contains("notes.csv: rejected whole by an earlier run that was interrupted: cannot tell the file kind"))
        #expect(completing.stdout.contains("an earlier run was interrupted after rejecting: notes.csv"))
        // Reported once: the run after that is a good night again.
        #expect(try ReachProcess.run(["run", "--as-of", "2026-11-20", "-q"], in: tmp.path).status == 0)
    }

    /// report and status refuse an empty store file (exit 2) instead of
    /// reporting on nothing; ingest may initialise it.
    @Test func anEmptyStoreIsNotReportedOn() throws {
        let tmp = TempFolder()
        try Self.write(tmp, "empty.sqlite", [])
        for command in [["report", "--as-of", "2026-11-20"], ["status"]] {
            let r = try ReachProcess.run(command + ["--store", "empty.sqlite"], in: tmp.path)
            #expect(r.status == 2)
            #expect(r.stderr.contains("empty.sqlite: the store is empty (no reach data in the file); run `reach ingest` or `reach run`"))
        }
        tmp.write("inbox/名单.csv", "学号,姓名,班级,支部\n1,张三,一班,一支部\n")
        #expect(try ReachProcess.run(["ingest", "--store", "empty.sqlite", "inbox"], in: tmp.path).status == 0)
        #expect(try ReachProcess.run(["status", "--store", "empty.sqlite"], in: tmp.path).status == 0)
        // A store with tables but no roster and no events.
        _ = try Store(path: tmp.file("new.sqlite"), zone: .shanghai)
        let none = try ReachProcess.run(["report", "--store", "new.sqlite"], in: tmp.path)
        #expect(none.status == 2)
        #expect(none.stderr.contains("new.sqlite: the store holds no data yet (no roster, no events)"))
    }

    /// A report day with no check-in data is said on stderr even with --quiet.
    @Test func anAsOfDayWithoutDataIsSaidEvenWhenQuiet() throws {
        let tmp = TempFolder()
        try Self.sampleInbox(tmp)
        let r = try ReachProcess.run(["run", "--as-of", "2027-03-01", "-q"], in: tmp.path)
        #expect(r.status == 0)
        #expect(r.stderr.contains("reach: warning: no data for 2027-03-01, the as-of day"))
        let good = try ReachProcess.run(["report", "--as-of", "2026-11-20", "-q"], in: tmp.path)
        #expect(good.stderr.isEmpty, "\(good.stderr)")
    }
}

/// Reports from a store nobody may write: a read-only bind mount (needs
/// root, as the nightly machine and CI have; skipped elsewhere).
@Suite(.serialized) struct ReadOnlyStoreTests {
    /// Runs `mount` with `arguments`; whether it succeeded.
    @discardableResult
    static func mount(_ arguments: [String]) -> Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/mount")
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }

    static func unmount(_ path: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/umount")
        p.arguments = [path]
        try? p.run()
        p.waitUntilExit()
    }

    /// Whether this process may make bind mounts.
    static let canMount: Bool = {
        let tmp = TempFolder()
        try? FileManager.default.createDirectory(atPath: tmp.file("b"), withIntermediateDirectories: true)
        guard mount(["--bind", tmp.path, tmp.file("b")]) else { return false }
        unmount(tmp.file("b"))
        return true
    }()

    @Test(.enabled(if: canMount)) func reportAndStatusReadAStoreOnAReadOnlyMount() throws {
        let tmp = TempFolder()
        try BrokenExportTests.sampleInbox(tmp)
        #expect(try ReachProcess.run(["run", "--as-of", "2026-11-20", "-q"], in: tmp.path).status == 0)
        try FileManager.default.createDirectory(atPath: tmp.file("ro"), withIntermediateDirectories: true)
        #expect(Self.mount(["--bind", tmp.file("data"), tmp.file("ro")]))
        defer { Self.unmount(tmp.file("ro")) }
        #expect(Self.mount(["-o", "remount,bind,ro", tmp.file("ro")]))
        #expect(!FileManager.default.createFile(atPath: tmp.file("ro/probe"), contents: Data()), "the mount is read-only")

        let report = try ReachProcess.run(["report", "--store", "ro/reach.sqlite", "--as-of", "2026-11-20", "--out", "ro-reports"],
                                          in: tmp.path)
        #expect(report.status == 0, "\(report.stderr)")
        for file in ["daily.csv", "groups.csv", "members.csv", "gaps.csv", "quality.csv", "rejects.csv"] {
            #expect(try BrokenExportTests.csv(tmp, "ro-reports/2026-11-20/\(file)") == BrokenExportTests.csv(tmp, "reports/2026-11-20/\(file)"))
        }
        let status = try ReachProcess.run(["status", "--store", "ro/reach.sqlite"], in: tmp.path)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("members: 300 on the roster"))
        // Writing commands say the store cannot be written, with exit 2.
        let ingest = try ReachProcess.run(["ingest", "--store", "ro/reach.sqlite", "data/archive"], in: tmp.path)
        #expect(ingest.status == 2)
    }
}
