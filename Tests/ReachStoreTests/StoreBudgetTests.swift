import Foundation
import ReachModel
import ReachTestSupport
import Testing
@testable import ReachStore

/// The store's side of the memory budget (issue 18): the ids a file, and
/// the files stored through one ``Store`` together, may add to its
/// dictionaries, and the events one day may hold. A file past a limit is
/// rejected whole: nothing of it is stored, and the next file is.
@Suite struct StoreBudgetTests {
    let folder = TempFolder()

    func store(_ budget: MemoryBudget) throws -> Store {
        let store = try Store(path: folder.file("reach.sqlite"), zone: shanghai)
        store.budget = budget
        return store
    }

    /// The reason a file is rejected with, or `nil` when it is stored.
    func rejection(_ store: Store, _ name: String, _ kind: FileKind, _ batches: [ReadBatch],
                   flushLimit: Int? = nil) -> String? {
        rejectionReason(file: name) { try store.ingest(name, kind, batches, flushLimit: flushLimit) }
    }

    @Test func aRosterAddingTooManyMembersIsRejectedWhole() throws {
        let store = try store(MemoryBudget(newIDsPerFile: 3))
        let reason = try #require(rejection(store, "名单.csv", .members, [
            rosterBatch([member("S1"), member("S2")]), rosterBatch([member("S3"), member("S4")]),
        ]))
        #expect(reason.hasPrefix("the file adds more than 3 new ids (member ids, content ids and channel/target pairs together; 4 member ids, 0 content ids"))
        #expect(try store.roster().isEmpty)
        #expect(try store.db.integer("SELECT count(*) FROM member_ids") == 0)
        // The next file is stored, with keys as if the rejected one had never been.
        try store.ingest("名单-2.csv", .members, [rosterBatch([member("S1"), member("S2"), member("S3")])])
        #expect(try store.roster().map(\.memberID) == ["S1", "S2", "S3"])
        #expect(try store.db.integer("SELECT max(key) FROM member_ids") == 3)
    }

    @Test func leaveAndEventFilesCountTheirNewIDs() throws {
        let store = try store(MemoryBudget(newIDsPerFile: 2, newIDBytesPerFile: 1_000))
        let leave = ReadBatch(rows: .leave((1 ... 3).map {
            LeaveEntry(memberID: "S\($0)", start: day("2026-11-03"), end: day("2026-11-03"), type: "", status: "", note: "")
        }), records: 3)
        #expect(rejection(store, "leave.csv", .leave, [leave])?.hasPrefix("the file adds more than 2 new ids") == true)
        let events = eventBatch(.share, [E(member: "S1", instant: at("2026-11-03", "08:00"), content: "P1", channel: "app")])
        #expect(rejection(store, "shares.csv", .shares, [events])?.hasPrefix("the file adds more than 2 new ids") == true)
        #expect(try store.allEvents().isEmpty)
        let long = eventBatch(.share, [E(member: String(repeating: "x", count: 1_001), instant: at("2026-11-03", "08:00"))])
        #expect(rejection(store, "shares-2.csv", .shares, [long])?.hasPrefix("the new ids of the file take more than 1,000 bytes") == true)
    }

    @Test func aFileOfMostlyBadRowsIsRejectedWhole() throws {
        let store = try store(MemoryBudget(rejectsPerFile: 2))
        func bad(_ line: Int) -> RowReject { RowReject(file: "shares.csv", line: line, reason: "unparseable time", raw: "S1,x") }
        let good = [E(member: "S1", instant: at("2026-11-03", "08:00"))]
        let reason = try #require(rejection(store, "shares.csv", .shares, [
            eventBatch(.share, good, rejects: [bad(2), bad(3)]), eventBatch(.share, [], rejects: [bad(4)]),
        ]))
        #expect(reason.hasPrefix("more than 2 of the file's rows are bad (3 so far)"))
        #expect(try store.allEvents().isEmpty)
        #expect(try store.rejects().isEmpty)
        // Two bad rows are within the limit: stored, with the good row.
        #expect(rejection(store, "shares-2.csv", .shares, [
            eventBatch(.share, good, rejects: [bad(2), bad(3)]),
        ]) == nil)
        #expect(try store.rejects().count == 2)
        #expect(try store.allEvents().count == 1)
    }

    @Test func theFilesOfOneIngestShareALimit() throws {
        let store = try store(MemoryBudget(newIDsPerFile: 3, newIDsPerIngest: 4))
        try store.ingest("名单-1.csv", .members, [rosterBatch([member("S1"), member("S2"), member("S3")])])
        let reason = try #require(rejection(store, "名单-2.csv", .members, [rosterBatch([member("S4"), member("S5")])]))
        #expect(reason.hasPrefix("with this file the ingest would add more than 4 new ids"))
        // Another ingest (another Store object) starts afresh.
        let later = try Store(path: folder.file("reach.sqlite"), zone: shanghai)
        later.budget = store.budget
        try later.ingest("名单-2.csv", .members, [rosterBatch([member("S4"), member("S5")])])
        #expect(try later.roster().count == 5)
    }

    @Test func aDayHoldingTooManyEventsRejectsTheFile() throws {
        let store = try store(MemoryBudget(eventsPerDay: 3))
        let three = (0 ..< 3).map { E(member: "S\($0)", instant: at("2026-11-03", "08:0\($0)")) }
        try store.ingest("checkins-1.csv", .checkins, [eventBatch(.checkin, three)])
        // The same three again, and one more on another day: within the limit.
        try store.ingest("checkins-2.csv", .checkins, [eventBatch(.checkin, three + [E(member: "S0", instant: at("2026-11-04", "08:00"))])])
        let fourth = E(member: "S3", instant: at("2026-11-03", "09:00"))
        for flushLimit in [1, 1_000] {
            let reason = try #require(rejection(store, "checkins-3.csv", .checkins, [eventBatch(.checkin, [fourth])],
                                                flushLimit: flushLimit))
            #expect(reason == "with this file day 2026-11-03 would hold more than 3 checkins events, the most one day may hold so that adding to it stays within the memory budget (a province's busiest day holds about 870,000); check the file's times and member ids, or split the export")
        }
        #expect(try store.allEvents().count == 4)
    }
}
