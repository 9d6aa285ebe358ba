import Foundation
import ReachModel
import ReachTestSupport
import Testing
@testable import ReachStore

/// What the store keeps is exactly what it was given: a value with a NUL is
/// not cut at the NUL (which once made `S1\0` collide with `S1` and stop
/// every later ingest), and a run's interruption is remembered.
@Suite struct ExactValueTests {
    let folder = TempFolder()

    @Test func textWithNULsIsStoredWhole() throws {
        let store = try Store(path: folder.file("reach.sqlite"), zone: shanghai)
        let outcome = try store.ingest("members.csv", .members, [rosterBatch([
            member("S1", "张\u{0}三"), member("S1\u{0}", "李四"), member("S2", "王五\u{0}"),
        ])])
        #expect(outcome.accepted == 3)
        #expect(try store.roster().map(\.memberID) == ["S1", "S1\u{0}", "S2"])
        #expect(try store.roster().map(\.name) == ["张\u{0}三", "李四", "王五\u{0}"])
        let events = try store.ingest("checkins.csv", .checkins, [eventBatch(.checkin, [
            E(member: "S1", instant: at("2026-11-01", "08:00"), content: "P1"),
            E(member: "S1\u{0}", instant: at("2026-11-01", "08:00"), content: "P1\u{0}"),
        ])])
        #expect(events.accepted == 2 && events.duplicates == 0)
        #expect(try store.allEvents().map(\.memberID).sorted() == ["S1", "S1\u{0}"])
        #expect(try store.allEvents().map(\.contentID).sorted() == ["P1", "P1\u{0}"])
    }

    @Test func theMarkOfAnInterruptedRunIsKeptUntilARunFinishes() throws {
        let store = try Store(path: folder.file("reach.sqlite"), zone: shanghai)
        try store.record(FileOutcome(file: "old.csv", kind: "", status: .rejected, reason: "before"), fingerprint: nil)
        #expect(try store.beginRun().isEmpty, "files rejected before the run began are not the run's")
        try store.record(FileOutcome(file: "a.csv", kind: "", status: .rejected, reason: "one"), fingerprint: nil)
        try store.record(FileOutcome(file: "b.csv", kind: "checkins", status: .ingested), fingerprint: nil)
        // Killed; the next run is killed too, after rejecting another file.
        #expect(try store.beginRun().map(\.file) == ["a.csv"])
        try store.record(FileOutcome(file: "c.csv", kind: "", status: .rejected, reason: "two"), fingerprint: nil)
        #expect(try store.beginRun().map(\.file) == ["a.csv", "c.csv"])
        try store.recordRun(startedAt: Date(), finishedAt: Date(), asOf: nil, exitCode: 3, summary: "")
        #expect(try store.beginRun().isEmpty)
    }

    @Test func readOnlyOpeningWritesNothing() throws {
        let path = folder.file("reach.sqlite")
        do {
            let store = try Store(path: path, zone: shanghai)
            try store.ingest("members.csv", .members, [rosterBatch([member("S1")])])
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let reader = try Store(path: path, zone: shanghai, access: .readOnly)
        #expect(try reader.roster().map(\.memberID) == ["S1"])
        #expect(try reader.holdsData())
        #expect(throws: ReachError.self) { try reader.record(FileOutcome(file: "x", kind: "", status: .skipped), fingerprint: nil) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        // Not a store: refused without creating anything.
        #expect(throws: ReachError.self) { _ = try Store(path: folder.file("missing.sqlite"), zone: shanghai, access: .readOnly) }
        #expect(!FileManager.default.fileExists(atPath: folder.file("missing.sqlite")))
    }
}
