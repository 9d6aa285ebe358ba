import Foundation
import ReachModel
import ReachTestSupport
import Testing
@testable import ReachStore

@Suite struct OpeningTests {
    let folder = TempFolder()

    func openError(_ path: String) -> ReachError? {
        do {
            _ = try Store(path: path, zone: shanghai)
            return nil
        } catch {
            return error as? ReachError
        }
    }

    @Test func aTextFileIsNotAStore() throws {
        let path = folder.file("notes.sqlite")
        try "member_id,name\ns1,Li\n".write(toFile: path, atomically: true, encoding: .utf8)
        let error = try #require(openError(path))
        #expect(error.exitCode == 2)
        #expect(error.description.hasPrefix("\(path): not a reach store (the file is not an SQLite database)"))
        // The file is left as it was.
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "member_id,name\ns1,Li\n")
    }

    @Test func anotherSQLiteDatabaseIsNotAStore() throws {
        let path = folder.file("other.db")
        try Database(path: path).execute("CREATE TABLE t(x); INSERT INTO t VALUES (1)")
        let error = try #require(openError(path))
        #expect(error == Store.notAStoreForTests(path))
        #expect(error.description.contains("without reach's tables"))
    }

    @Test func aNewerStoreIsRefused() throws {
        let path = folder.file("reach.sqlite")
        _ = try Store(path: path, zone: shanghai)
        try Database(path: path).execute("PRAGMA user_version = 99")
        let error = try #require(openError(path))
        #expect(error == .cannotRun("\(path): written by a newer reach (store version 99, this reach knows up to \(Schema.currentVersion)); use the newer reach, or give --store a new path"))
    }

    @Test func anEmptyFileBecomesAStoreAndKeepsItsZone() throws {
        let path = folder.file("reach.sqlite")
        FileManager.default.createFile(atPath: path, contents: Data())
        let created = try Store(path: path, zone: shanghai)
        #expect(created.zone == shanghai)
        try created.ingest("members.csv", .members, [rosterBatch([member("s1")])])
        let reopened = try Store(path: path, zone: utc)
        #expect(reopened.zone == shanghai)
        #expect(try reopened.roster() == [member("s1")])
        let mode = try Database(path: path).query("PRAGMA journal_mode") { rows in try rows.step() ? rows.text(0) : "" }
        #expect(mode == "wal")
    }

    @Test func aMissingFolderCannotRun() {
        let path = folder.file("missing/reach.sqlite")
        let error = openError(path)
        #expect(error?.exitCode == 2)
        #expect(error?.description.hasPrefix("\(path): cannot open the store") == true)
    }

    @Test func aStoreBusyWithAnotherIngestCannotRun() throws {
        let path = folder.file("reach.sqlite")
        let first = try Store(path: path, zone: shanghai)
        let second = try Store(path: path, zone: shanghai)
        let file = try first.beginFile(name: "members.csv", kind: .members, fingerprint: "f1")
        #expect(throws: ReachError.cannotRun("\(path): the store is locked by another reach run; wait for it to finish and run again")) {
            _ = try second.beginFile(name: "checkins.csv", kind: .checkins, fingerprint: "f2")
        }
        // Readers are not blocked by the open write transaction (WAL).
        #expect(try second.outcomes().isEmpty)
        try file.add(rosterBatch([member("s1")]))
        try file.commit()
        #expect(try second.roster() == [member("s1")])
    }
}

extension Store {
    static func notAStoreForTests(_ path: String) -> ReachError { Schema.notAStore(path) }
}

@Suite struct SharedStoreTests {
    let folder = TempFolder()

    @Test func twoConnectionsTakingTurnsKeepKeysConsistent() throws {
        let path = folder.file("reach.sqlite")
        let a = try Store(path: path, zone: shanghai)
        let b = try Store(path: path, zone: shanghai)
        try a.ingest("checkins-1.csv", .checkins, [eventBatch(.checkin, [E(member: "s1", instant: at("2026-11-01", "08:00"))])])
        try b.ingest("checkins-2.csv", .checkins, [eventBatch(.checkin, [E(member: "s2", instant: at("2026-11-01", "09:00"), content: "p2")])])
        // `a` loaded its dictionaries before `b` added s2 and p2.
        let outcome = try a.ingest("checkins-3.csv", .checkins, [eventBatch(.checkin, [
            E(member: "s2", instant: at("2026-11-01", "09:00"), content: "p2"),
            E(member: "s3", instant: at("2026-11-01", "10:00"), content: "p3"),
        ])])
        #expect(outcome.accepted == 1 && outcome.duplicates == 1)
        #expect(try b.allEvents().map { "\($0.memberID) \($0.contentID)" } == ["s1 ", "s2 p2", "s3 p3"])
    }
}

/// The log is copied into the store file by a thread of its own while files
/// are ingested, and folded in and removed when the store closes.
@Suite struct BackgroundCheckpointTests {
    @Test func theLogIsCheckpointedWhileIngestingAndRemovedOnClose() throws {
        let tmp = TempFolder()
        let path = tmp.file("reach.sqlite")
        var store: Store? = try Store(path: path, zone: shanghai)
        store!.checkpointThreshold = 1
        func size(_ file: String) -> Int { (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0 }
        let empty = size(path)
        for k in 0 ..< 4 {
            let file = try store!.beginFile(name: "checkins-\(k).csv", kind: .checkins, fingerprint: "f\(k)")
            let events = (0 ..< 3000).map { E(member: "m\($0)", instant: at("2026-11-0\(k + 1)", "08:00:00") + Int64($0)) }
            try file.add(eventBatch(.checkin, events))
            try file.commit()
        }
        // The checkpoint thread copies the committed pages into the store file.
        store!.checkpointer?.waitUntilFinished(1)
        #expect(size(path) > empty, "the store file grew while the writer kept its connection")
        #expect(try store!.status().events[.checkin] == 12_000)
        store = nil
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"), "the log is folded in on close")
        let reopened = try Store(path: path, zone: shanghai, access: .readOnly)
        #expect(try reopened.status().events[.checkin] == 12_000)
        #expect(try reopened.outcomes().map(\.accepted) == [3000, 3000, 3000, 3000])
    }
}
