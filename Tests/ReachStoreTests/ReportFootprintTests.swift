import Foundation
import ReachModel
import ReachTestSupport
import Testing
@testable import ReachStore

/// A report's memory, estimated from the store before anything is loaded
/// (issue 18): the counts it is made of, and the refusal past the budget.
@Suite struct ReportFootprintTests {
    let folder = TempFolder()

    @Test func theFootprintCountsWhatAReportLoads() throws {
        let store = try Store(path: folder.file("reach.sqlite"), zone: shanghai)
        try store.ingest("名单.csv", .members, [rosterBatch([member("S1"), member("S2")])])
        try store.ingest("checkins.csv", .checkins, [eventBatch(.checkin, [
            E(member: "S1", instant: at("2026-09-01", "08:00")),  // long before the window: still loaded
            E(member: "S1", instant: at("2026-11-19", "08:00")), E(member: "S2", instant: at("2026-11-20", "08:00")),
            E(member: "S2", instant: at("2026-11-21", "08:00")),  // after A: not loaded
        ], rejects: [RowReject(file: "checkins.csv", line: 9, reason: "bad", raw: "x,y")])])
        try store.ingest("shares.csv", .shares, [eventBatch(.share, [
            E(member: "S1", instant: at("2026-11-20", "09:00"), content: "P1"),
            E(member: "S1", instant: at("2026-11-01", "09:00"), content: "P1"),  // before the window
        ])])
        let footprint = try store.reportFootprint(asOf: day("2026-11-20"), window: 7)
        #expect(footprint == ReportFootprint(members: 2, days: day("2026-11-20") - day("2026-09-01") + 1, checkins: 3,
                                             windowEvents: 1, rejects: 1, rejectBytes: "checkins.csv".utf8.count + 3 + 3))
        #expect(footprint.bytes == (64 << 20) + 2_000 + 2 * 2 * footprint.days + 24 + 32 + 400 + 18)
        try store.checkReportBudget(asOf: day("2026-11-20"), window: 7)
    }

    @Test func aReportPastTheBudgetIsRefusedNamingTheStore() throws {
        let big = ReportFootprint(members: 20_000_000, days: 60, checkins: 436_000_000, windowEvents: 231_000_000)
        let reason = try #require(big.refusal(path: "/data/reach.sqlite", asOf: day("2026-11-20"), window: 30, limit: 8 << 30))
        #expect(reason == "/data/reach.sqlite: a report for 2026-11-20 over 30 days would need about 33 GB of memory (20,000,000 members on the roster, 436,000,000 check-ins and 231,000,000 shares and comments to load, 0 rejected rows to list), more than the 8 GiB a report may use; report a shorter window (--window), or keep one store per college (each its own --store and roster) so that each report covers fewer members")
        let rejects = ReportFootprint(members: 1_000, days: 60, rejects: 30_000_000, rejectBytes: 3_000_000_000)
        #expect(rejects.refusal(path: "r.sqlite", asOf: day("2026-11-20"), window: 30, limit: 8 << 30)?
                    .contains("the store lists so many rejected rows") == true)
        #expect(ReportFootprint(members: 1_000_000, days: 60, checkins: 22_000_000, windowEvents: 12_000_000)
                    .refusal(path: "p.sqlite", asOf: day("2026-11-20"), window: 30, limit: 8 << 30) == nil)

        let store = try Store(path: folder.file("small.sqlite"), zone: shanghai)
        try store.ingest("名单.csv", .members, [rosterBatch([member("S1")])])
        var budget = MemoryBudget()
        budget.reportBytes = 1 << 20
        #expect(throws: ReachError.self) { try store.checkReportBudget(asOf: day("2026-11-20"), window: 30, budget: budget) }
    }
}
