import Foundation
import ReachTestSupport
import Testing
import ReachModel
import ReachStore
@testable import ReachJob

/// The memory budget as an ingest and a nightly run meet it (issue 18): a
/// record past the limit is a bad row and the next row is read; a file past
/// a limit is rejected whole — nothing of it stored, its quality.csv row
/// `rejected` with the reason, exit status 3 — and the other files go on.
@Suite(.serialized) struct MemoryBudgetTests {
    static func ingest(_ files: [String], into store: Store, budget: MemoryBudget) throws -> [FileOutcome] {
        try Ingestion(store: store, zone: .shanghai, logger: ReachLog.logger(verbosity: .quiet), budget: budget)
            .ingest(files.map { URL(fileURLWithPath: $0) }).map(\.outcome)
    }

    static func checkins(_ members: ClosedRange<Int>) -> String {
        "member_id,time\n" + members.map { "S\($0),2026-11-03 08:00:00\n" }.joined()
    }

    /// A file that adds more new ids than one file may is rejected whole,
    /// and the files after it are ingested as if it had never been read.
    @Test func aFileAddingTooManyIDsIsRejectedAndTheNextIngested() throws {
        let tmp = TempFolder()
        let files = [tmp.write("名单.csv", "学号,姓名,班级,支部\nS1,一,C,B\nS2,二,C,B\n"),
                     tmp.write("checkins-1.csv", Self.checkins(1 ... 3)),
                     tmp.write("checkins-2.csv", Self.checkins(10 ... 20)),
                     tmp.write("checkins-3.csv", Self.checkins(2 ... 5))]
        let store = try Store(path: tmp.file("reach.sqlite"), zone: .shanghai)
        let outcomes = try Self.ingest(files, into: store, budget: MemoryBudget(newIDsPerFile: 4))
        #expect(outcomes.map(\.status) == [.ingested, .ingested, .rejected, .ingested])
        #expect(outcomes[2].reason.hasPrefix("the file adds more than 4 new ids"))
        #expect(outcomes[2].rows == 0 && outcomes[2].accepted == 0)
        var members: [String] = []
        try store.exportEvents(from: nil, to: nil, kind: nil, zone: .shanghai) { members.append($0.memberID) }
        #expect(members.sorted() == ["S1", "S2", "S3", "S4", "S5"])
        // The quality ledger keeps the rejection with its reason.
        let rejected = try #require(try store.outcomes().first { $0.file == "checkins-2.csv" })
        #expect(rejected.status == .rejected && rejected.reason == outcomes[2].reason)
    }

    /// A record longer than 1 MiB in a real export: the nightly run rejects
    /// that row at its line, reads the next one, and reports both.
    @Test func aRecordLongerThanOneMiBIsABadRowInTheNightlyRun() throws {
        let tmp = TempFolder()
        tmp.write("data/inbox/名单.csv", "学号,姓名,班级,支部\n001,张三,计科1班,第一支部\n002,李四,计科1班,第一支部\n")
        let long = "002,2026-11-20 08:00:00," + String(repeating: "很长", count: 200_000)  // 1.2 MB
        tmp.write("data/inbox/checkins-11.csv", "member_id,time,channel\n001,2026-11-20 08:00:00,app\n\(long)\n002,2026-11-20 09:00:00,app\n")
        let r = try ReachProcess.run(["run", "--store", "reach.sqlite", "--as-of", "2026-11-20", "--window", "2"], in: tmp.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("2 files: 2 ingested, 0 skipped, 0 rejected; rows: 4 accepted, 0 duplicates, 1 rejected"))
        let rejects = try String(contentsOfFile: tmp.file("reports/2026-11-20/rejects.csv"), encoding: .utf8)
        #expect(rejects.contains("checkins-11.csv,3,\"record longer than 1 MiB (a value too long, or a quote not closed)\",\"002,2026-11-20 08:00:00,很长很长"))
        let members = try String(contentsOfFile: tmp.file("reports/2026-11-20/members.csv"), encoding: .utf8)
        #expect(members.split(separator: "\n").count == 3)
    }

    /// A file whose first line is longer than 1 MiB, before any header, is
    /// rejected whole by the nightly run: exit 3, moved to the rejected
    /// folder with its reason, a `rejected` row in quality.csv; the other
    /// files are ingested.
    @Test func aFileRejectedForTheBudgetGoesTheRejectedFilesWay() throws {
        let tmp = TempFolder()
        tmp.write("data/inbox/名单.csv", "学号,姓名,班级,支部\n001,张三,计科1班,第一支部\n")
        tmp.write("data/inbox/checkins-11.csv", "member_id,time\n001,2026-11-20 08:00:00\n")
        tmp.write("data/inbox/checkins-huge.csv", String(repeating: "x", count: (1 << 20) + 10) + "\nmember_id,time\n")
        let r = try ReachProcess.run(["run", "--store", "reach.sqlite", "--as-of", "2026-11-20", "--window", "2"], in: tmp.path)
        #expect(r.status == 3, "\(r.stderr)")
        let reason = "line 1 is longer than 1 MiB, the most one record may hold, and no header line was found above it"
        #expect(r.stderr.contains("checkins-huge.csv: rejected whole: \(reason)"))
        let day = try #require(try FileManager.default.contentsOfDirectory(atPath: tmp.file("data/rejected")).first)
        let text = try String(contentsOfFile: tmp.file("data/rejected/\(day)/checkins-huge.csv.reason.txt"), encoding: .utf8)
        #expect(text.hasPrefix("checkins-huge.csv: \(reason)"))
        let quality = try String(contentsOfFile: tmp.file("reports/2026-11-20/quality.csv"), encoding: .utf8)
        #expect(quality.contains("checkins-huge.csv,checkins,rejected,0,0,0,0,\"\(reason)"))
        #expect(quality.contains("checkins-11.csv,checkins,ingested,1,1,0,0"))
    }
}
