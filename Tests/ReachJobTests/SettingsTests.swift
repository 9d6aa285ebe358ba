import Foundation
import Testing
import ReachModel
@testable import ReachJob

@Suite struct SettingsTests {
    @Test func defaultsAndDerivedFolders() throws {
        let tmp = TempFolder()
        let s = try Settings.resolve(commandLine: ["store": tmp.file("reach.sqlite"), "threads": "3"])
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
        #expect(s.sources["threads"] == .commandLine)
        #expect(s.sources["window"] == .builtIn)
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
        let s = try Settings.resolve(commandLine: ["store": tmp.file("reach.sqlite"), "window": "7"])
        #expect(s.configPath == tmp.file("reach.toml"))
        #expect(s.zone.identifier == "UTC")
        #expect(s.window == 7)
        #expect(s.sources["window"] == .commandLine)
        #expect(s.minRate == Ratio(3, 4))
        #expect(s.sources["min_rate"] == .file(path: tmp.file("reach.toml"), line: 4))
        #expect(s.inbox == tmp.file("incoming"))  // relative to the file's folder
        #expect(s.archive == tmp.file("archive"))
        #expect(!s.bom)
        #expect(s.split == "class")
        let text = s.describe()
        #expect(text.contains("window   = 7    # command line"))
        #expect(text.contains("timezone = \"UTC\"    # \(tmp.file("reach.toml")):2"))
    }

    @Test func errorsNameTheKeyAndWhatIsAccepted() throws {
        let tmp = TempFolder()
        let config = tmp.write("bad.toml", "window = 30\ngap_days = \"three\"\n")
        #expect(throws: ReachError.usage("gap_days = three is not accepted (from \(config):2); use a whole number of days from 1 to 3660")) {
            try Settings.resolve(commandLine: [:], configPath: config)
        }
        let unknown = tmp.write("unknown.toml", "colour = \"red\"\n")
        #expect(throws: ReachError.usage("\(unknown):1: unknown key 'colour'; known keys: store, inbox, archive, rejected, out, timezone, window, gap_days, min_rate, language, split, bom, threads")) {
            try Settings.resolve(commandLine: [:], configPath: unknown)
        }
        let broken = tmp.write("broken.toml", "window 30\n")
        #expect(throws: ReachError.usage("\(broken):1: Error while parsing key-value pair: expected '=', saw '3'")) {
            try Settings.resolve(commandLine: [:], configPath: broken)
        }
        #expect(throws: ReachError.self) { try Settings.resolve(commandLine: ["timezone": "Mars/Base"]) }
        #expect(throws: ReachError.self) { try Settings.resolve(commandLine: ["min_rate": "1.5"]) }
        #expect(throws: ReachError.self) { try Settings.resolve(commandLine: ["language": "fr"]) }
        #expect(throws: ReachError.self) { try Settings.resolve(commandLine: ["window": "0"]) }
        let missing = tmp.file("none.toml")
        #expect(throws: ReachError.usage("\(missing): cannot read the configuration file; check the path and its permissions")) {
            try Settings.resolve(commandLine: [:], configPath: missing)
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
        #expect(throws: ReachError.usage("t.toml:1: 'a' must be a string, number or true/false")) {
            try ConfigFile(text: "a = [1, 2]", path: "t.toml")
        }
        #expect(throws: ReachError.self) { try ConfigFile(text: "a = \"open", path: "t.toml") }
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
