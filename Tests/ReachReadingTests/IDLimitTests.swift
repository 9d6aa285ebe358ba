import ReachTestSupport
import Testing
import ReachModel
@testable import ReachReading

/// The ids a file, and the files of one ingest, may add to a run's event
/// dictionaries (``MemoryBudget/newIDsPerFile`` and the others): past a
/// limit the file is rejected whole and its ids are forgotten.
@Suite struct IDLimitTests {
    static func checkins(_ members: ClosedRange<Int>, content: String = "") -> String {
        "member_id,time,content_id\n" + members.map { "S\($0),2026-11-03 08:00:00,\(content)\n" }.joined()
    }

    func rejection(_ text: String, _ dictionaries: EventDictionaries, name: String = "checkins.csv") -> String? {
        rejectionReason(file: name) { _ = try read(text, name: name, batchRecords: 2, dictionaries: dictionaries) }
    }

    @Test func aFileAddingTooManyIDsIsRejectedAndItsIDsForgotten() throws {
        let dictionaries = EventDictionaries(budget: MemoryBudget(newIDsPerFile: 5))
        // Four new members and a content id: five, the limit.
        let first = try read(Self.checkins(1 ... 4, content: "P1"), name: "checkins-1.csv", dictionaries: dictionaries)
        #expect(first.events.count == 4)
        let reason = try #require(rejection(Self.checkins(5 ... 10), dictionaries, name: "checkins-2.csv"))
        #expect(reason.hasPrefix("the file adds more than 5 new ids (member ids, content ids and channel/target pairs together; "))
        #expect(reason.hasSuffix("or split the export into smaller files"))
        // The next file starts where the first one left the dictionaries.
        let next = try read(Self.checkins(4 ... 5), name: "checkins-3.csv", dictionaries: dictionaries)
        guard case .events(let batch)? = next.batches.last?.rows else { Issue.record("no events"); return }
        #expect(batch.memberIDs == ["S1", "S2", "S3", "S4", "S5"])
    }

    @Test func bytesOfNewIDsAreLimitedToo() throws {
        let dictionaries = EventDictionaries(budget: MemoryBudget(newIDBytesPerFile: 20))
        let reason = try #require(rejection(Self.checkins(100_000 ... 100_005), dictionaries))
        #expect(reason.hasPrefix("the new ids of the file take more than 20 bytes ("))
    }

    @Test func theFilesOfOneIngestShareALimit() throws {
        let dictionaries = EventDictionaries(budget: MemoryBudget(newIDsPerFile: 5, newIDsPerIngest: 7))
        _ = try read(Self.checkins(1 ... 4), name: "checkins-1.csv", dictionaries: dictionaries)
        let reason = try #require(rejection(Self.checkins(5 ... 8), dictionaries, name: "checkins-2.csv"))
        #expect(reason.hasPrefix("with this file the ingest would add more than 7 new ids"))
        #expect(reason.contains("ingest this file in a later run"))
        // Ids already known cost nothing.
        #expect(rejection(Self.checkins(1 ... 4), dictionaries) == nil)
    }
}
