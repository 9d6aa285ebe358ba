import Foundation
import ReachTestSupport
import Testing
import ReachModel
import ReachStore
@testable import ReachJob

/// The files of an ingest are read on a thread of their own, ahead of the
/// store (``BatchPipe``): what is stored must be what a file-by-file ingest
/// stores, whatever the timing.
@Suite struct PipelineTests {
    static func ingest(_ files: [String], into store: Store, threads: Int = 2) throws -> [FileOutcome] {
        try Ingestion(store: store, zone: .shanghai, logger: ReachLog.logger(verbosity: .quiet), threads: threads)
            .ingest(files.map { URL(fileURLWithPath: $0) }).map(\.outcome)
    }

    static func events(_ store: Store) throws -> [ExportedEvent] {
        var all: [ExportedEvent] = []
        try store.exportEvents(from: nil, to: nil, kind: nil, zone: .shanghai) { all.append($0) }
        return all
    }

    /// Rosters, posts and events of several files; some rows bad, some
    /// events repeated across files.
    static func inbox(_ tmp: TempFolder) -> [String] {
        var checkins = "学号,时间,渠道\n", comments = "member_id,time,content_id\n"
        for i in 0 ..< 3000 {
            checkins += "S\(i % 700),2026-11-\(String(format: "%02d", 1 + i % 28)) 08:\(String(format: "%02d", i % 60)):00,\(i % 3 == 0 ? "小程序" : "")\n"
            comments += "S\(i % 900),2026-11-\(String(format: "%02d", 1 + i % 28)) 21:00:\(String(format: "%02d", i % 60)),P\(i % 40)\n"
        }
        var roster = "学号,姓名,班级,支部\n"
        for i in 0 ..< 800 { roster += "S\(i),名\(i),C\(i % 7),B\(i % 3)\n" }
        return [
            tmp.write("名单.csv", roster),
            tmp.write("posts.csv", "content_id,title\nP1,一\nP2,二\n"),
            tmp.write("checkins-1.csv", checkins),
            tmp.write("checkins-2.csv", checkins.replacingOccurrences(of: "08:", with: "09:") + "S1,soon,\n"),
            tmp.write("comments.csv", comments),
            tmp.write("checkins-3.csv", String(checkins.prefix(20_000))),
        ]
    }

    /// One ingest of every file stores what one ingest per file stores:
    /// the same ledger, rejects, dictionaries and day rows.
    @Test func oneIngestStoresWhatFileByFileIngestsStore() throws {
        let tmp = TempFolder()
        let files = Self.inbox(tmp)
        let together = try Store(path: tmp.file("together.sqlite"), zone: .shanghai)
        let all = try Self.ingest(files, into: together)
        let apart = try Store(path: tmp.file("apart.sqlite"), zone: .shanghai)
        var one: [FileOutcome] = []
        for file in files { one += try Self.ingest([file], into: apart) }
        #expect(all == one)
        #expect(all.map(\.status) == Array(repeating: .ingested, count: files.count))
        #expect(try together.rejects() == apart.rejects())
        #expect(try together.roster() == apart.roster())
        let stored = try Self.events(together)
        #expect(stored.count > 5000)
        #expect(try stored == Self.events(apart))
    }

    /// `--threads` bounds reading, merging and loading alike, and changes
    /// nothing they make: the same store, and the same loaded days, on one
    /// thread as on three.
    @Test func oneThreadAndThreeStoreAndLoadTheSame() throws {
        let tmp = TempFolder()
        let files = Self.inbox(tmp)
        let one = try Store(path: tmp.file("one.sqlite"), zone: .shanghai)
        let three = try Store(path: tmp.file("three.sqlite"), zone: .shanghai)
        #expect(try Self.ingest(files, into: one, threads: 1) == Self.ingest(files, into: three, threads: 3))
        #expect(try Self.events(one) == Self.events(three))
        #expect(try one.rejects() == three.rejects())
        one.threads = 1
        three.threads = 3
        let asOf = Day(iso: "2026-11-28")!
        let a = try one.loadActivity(asOf: asOf, window: 30, zone: .shanghai)
        let b = try three.loadActivity(asOf: asOf, window: 30, zone: .shanghai)
        #expect(a.checkins.count == 60 && a.checkins == b.checkins)
        #expect(a.comments == b.comments && a.shares == b.shares)
        #expect(a.checkins.map(\.members.count).reduce(0, +) > 1_000)
    }

    /// The same bytes twice in one ingest: the second copy is skipped once
    /// the first is stored, but read when the first was rejected (here for
    /// its name). Bytes ingested before are skipped whatever the name.
    @Test func theSameBytesTwiceInOneIngest() throws {
        let tmp = TempFolder()
        let text = "member_id,time\nS1,2026-11-03 08:00:00\n"
        let files = [tmp.write("checkins-a.csv", text), tmp.write("checkins-b.csv", text),
                     tmp.write("export.csv", "member_id,time\nS2,2026-11-03 08:00:00\n"),
                     tmp.write("shares.csv", "member_id,time\nS2,2026-11-03 08:00:00\n")]
        let store = try Store(path: tmp.file("reach.sqlite"), zone: .shanghai)
        let outcomes = try Self.ingest(files, into: store)
        #expect(outcomes.map(\.status) == [.ingested, .skipped, .rejected, .ingested])
        let again = try Self.ingest(files, into: store)
        #expect(again.map(\.status) == [.skipped, .skipped, .skipped, .skipped])
    }

    /// A store that fails (here: another connection holds the write lock)
    /// stops the ingest with the store's error, and the reading thread lets
    /// go rather than waiting for a consumer that has gone.
    @Test func aStoreErrorStopsTheReadingThread() throws {
        let tmp = TempFolder()
        let files = Self.inbox(tmp)
        let store = try Store(path: tmp.file("reach.sqlite"), zone: .shanghai)
        _ = try Self.ingest([files[0]], into: store)
        let other = try Store(path: tmp.file("reach.sqlite"), zone: .shanghai)
        let holding = try other.beginFile(name: "held.csv", kind: .checkins, fingerprint: "held")
        #expect(throws: ReachError.self) { try Self.ingest(Array(files[1...]), into: store) }
        holding.rollback()
        let outcomes = try Self.ingest(Array(files[1...]), into: store)
        #expect(outcomes.map(\.status) == Array(repeating: .ingested, count: files.count - 1))
    }
}
