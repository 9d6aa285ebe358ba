import Foundation
import ReachModel
import ReachTestSupport
import Testing
@testable import ReachStore

@Suite struct IngestTests {
    let folder = TempFolder()

    func store() throws -> Store { try Store(path: folder.file("reach.sqlite"), zone: shanghai) }

    let checkins = [
        E(member: "s1", instant: at("2026-11-01", "08:00")),
        E(member: "s2", instant: at("2026-11-01", "09:00"), content: "p1"),
        E(member: "s1", instant: at("2026-11-02", "07:59:59")),
    ]

    @Test func sameBatchesTwiceAreAllDuplicates() throws {
        let store = try store()
        let first = try store.ingest("checkins-a.csv", .checkins, [eventBatch(.checkin, checkins)])
        let second = try store.ingest("checkins-b.csv", .checkins, [eventBatch(.checkin, checkins)])
        #expect(first == FileOutcome(file: "checkins-a.csv", kind: "checkins", status: .ingested, rows: 3, accepted: 3))
        #expect(second == FileOutcome(file: "checkins-b.csv", kind: "checkins", status: .ingested, rows: 3, duplicates: 3))
        #expect(try store.status().events == [.checkin: 3, .share: 0, .comment: 0])
    }

    @Test func overlappingExportsCountEachEventOnce() throws {
        let store = try store()
        try store.ingest("checkins-1.csv", .checkins, [eventBatch(.checkin, Array(checkins[0...1]))])
        let overlap = try store.ingest("checkins-2.csv", .checkins, [eventBatch(.checkin, Array(checkins[1...2]) + [
            // Same member and second but another content: a different event.
            E(member: "s2", instant: at("2026-11-01", "09:00"), content: "p2"),
            // Same identity as a stored event, other channel: still a duplicate.
            E(member: "s1", instant: at("2026-11-01", "08:00"), channel: "app"),
        ])])
        #expect(overlap.rows == 4 && overlap.accepted == 2 && overlap.duplicates == 2 && overlap.rejected == 0)
        let events = try store.allEvents()
        #expect(events.map { "\($0.day) \($0.memberID) \($0.contentID) \($0.channel)" } == [
            "2026-11-01 s1  ", "2026-11-01 s2 p1 ", "2026-11-01 s2 p2 ", "2026-11-02 s1  ",
        ])
    }

    @Test func duplicatesWithinAFileAcrossBatchesAndFlushes() throws {
        let store = try store()
        let e = checkins[0]
        // flushLimit 1 merges after every batch, so the repeats meet stored rows.
        for limit in [1, 1_000] {
            let other = try Store(path: folder.file("within-\(limit).sqlite"), zone: shanghai)
            let outcome = try other.ingest("checkins.csv", .checkins, [
                eventBatch(.checkin, [e, e, checkins[1]]),
                eventBatch(.checkin, [checkins[1], e, checkins[2]]),
            ], flushLimit: limit)
            #expect(outcome.rows == 6 && outcome.accepted == 3 && outcome.duplicates == 3, "limit \(limit)")
            #expect(try other.allEvents().count == 3)
        }
        _ = store
    }

    @Test func batchesWhoseMemberIDsExtendThePreviousOnesMapEveryRow() throws {
        // As a reader shares its dictionaries: each batch lists the run's ids
        // so far; then a batch with a list of its own (not an extension).
        let store = try store()
        func batch(_ ids: [String], _ rows: [(UInt32, String)]) -> ReadBatch {
            let events = EventBatch(kind: .checkin, memberIDs: ids,
                                    rows: rows.map { EventRow(member: $0.0, instant: at($0.1, "08:00")) })
            return ReadBatch(rows: .events(events), rejects: [], records: rows.count)
        }
        try store.ingest("checkins-1.csv", .checkins, [
            batch(["S1", "S2"], [(1, "2026-11-03"), (0, "2026-11-03")]),
            batch(["S1", "S2", "S3"], [(2, "2026-11-04"), (0, "2026-11-04")]),
        ])
        try store.ingest("checkins-2.csv", .checkins, [
            batch(["S1", "S2", "S3", "S4"], [(3, "2026-11-05")]),
            batch(["S4", "S2"], [(1, "2026-11-06"), (0, "2026-11-06")]),
        ])
        let stored = try store.allEvents().map { "\($0.day) \($0.memberID)" }
        #expect(stored == ["2026-11-03 S1", "2026-11-03 S2", "2026-11-04 S1", "2026-11-04 S3",
                           "2026-11-05 S4", "2026-11-06 S2", "2026-11-06 S4"])
    }

    @Test func rowsAreAcceptedPlusDuplicatesPlusRejected() throws {
        let store = try store()
        let rejects = [
            RowReject(file: "shares.csv", line: 4, reason: "unparseable time", raw: "s3,yesterday"),
            RowReject(file: "shares.csv", line: 2, reason: "empty member_id", raw: ",2026-11-01 08:00"),
        ]
        let e = E(member: "s1", instant: at("2026-11-01", "10:00"), content: "p1", target: "friends")
        let outcome = try store.ingest("shares.csv", .shares, [eventBatch(.share, [e, e], rejects: rejects)])
        #expect(outcome == FileOutcome(file: "shares.csv", kind: "shares", status: .ingested, rows: 4, accepted: 1,
                                       duplicates: 1, rejected: 2))
        #expect(try store.rejects() == [rejects[1], rejects[0]])
    }

    @Test func rejectsSortByFileThenLineThenIngestOrder() throws {
        let store = try store()
        func reject(_ file: String, _ line: Int, _ raw: String) -> RowReject {
            RowReject(file: file, line: line, reason: "bad", raw: raw)
        }
        try store.ingest("shares.csv", .shares, [eventBatch(.share, [], rejects: [reject("shares.csv", 5, "first")])])
        try store.ingest("打卡.csv", .checkins, [eventBatch(.checkin, [], rejects: [reject("打卡.csv", 2, "cn")])])
        try store.ingest("Shares.csv", .shares, [eventBatch(.share, [], rejects: [reject("Shares.csv", 9, "upper")])])
        try store.ingest("shares.csv", .shares, [eventBatch(.share, [], rejects: [reject("shares.csv", 5, "second"),
                                                                                    reject("shares.csv", 3, "early")])])
        #expect(try store.rejects().map(\.raw) == ["upper", "early", "first", "second", "cn"])
    }

    @Test func rosterRowsReplaceWholeRows() throws {
        let store = try store()
        let first = try store.ingest("members-1.csv", .members, [rosterBatch([
            Member(memberID: "s2", name: "Li", className: "C1", branch: "B1", college: "Eng", status: "党员",
                   counsellor: "Wang", joined: day("2026-09-01"), left: day("2027-06-30")),
            member("s1", "Zhao"),
        ])])
        #expect(first.accepted == 2 && first.rows == 2 && first.duplicates == 0)
        let second = try store.ingest("members-2.csv", .members, [
            rosterBatch([member("s1", "Zhao v2"), member("s2", "Li v2", className: "C2")]),
            rosterBatch([member("s1", "Zhao v3", branch: "B2")],
                        rejects: [RowReject(file: "members-2.csv", line: 5, reason: "empty name", raw: "s2,,C1,B1")]),
        ])
        #expect(second == FileOutcome(file: "members-2.csv", kind: "members", status: .ingested, rows: 4, accepted: 3,
                                      rejected: 1))
        // s2's optional fields (college, status, counsellor, joined, left) are cleared by the replacing row.
        #expect(try store.roster() == [member("s1", "Zhao v3", branch: "B2"), member("s2", "Li v2", className: "C2")])
        #expect(try store.status().members == 2)
    }

    @Test func laterPostRowsReplaceEarlierOnes() throws {
        let store = try store()
        let a = Post(contentID: "p2", title: "Old", publishedAt: 1_700_000_000, branch: "B1")
        let b = Post(contentID: "p1", title: "One")
        try store.ingest("posts-1.csv", .posts, [ReadBatch(rows: .posts([a, b]), records: 2)])
        let outcome = try store.ingest("posts-2.csv", .posts, [ReadBatch(rows: .posts([
            Post(contentID: "p2", title: "New"), Post(contentID: "p2", title: "Newer", branch: "B3"),
        ]), records: 2)])
        #expect(outcome.accepted == 2 && outcome.rows == 2)
        #expect(try store.posts() == [b, Post(contentID: "p2", title: "Newer", branch: "B3")])
    }

    @Test func rollbackLeavesNothing() throws {
        let store = try store()
        try store.ingest("members.csv", .members, [rosterBatch([member("s1")])], fingerprint: "f1")
        let file = try store.beginFile(name: "checkins.csv", kind: .checkins, fingerprint: "f2")
        file.flushLimit = 1
        try file.add(eventBatch(.checkin, checkins, rejects: [RowReject(file: "checkins.csv", line: 3, reason: "x", raw: "y")]))
        try file.add(rosterBatch([member("s9")]))
        file.rollback()
        #expect(try store.allEvents().isEmpty)
        #expect(try store.rejects().isEmpty)
        #expect(try store.roster() == [member("s1")])
        #expect(try store.outcomes().map(\.file) == ["members.csv"])
        #expect(try store.hasIngested(fingerprint: "f2") == false)
        #expect(try store.hasIngested(fingerprint: "f1"))
        // Keys handed out inside the rolled-back transaction are not reused from memory.
        try store.ingest("checkins.csv", .checkins, [eventBatch(.checkin, [
            E(member: "s3", instant: at("2026-11-01", "08:00"), content: "p3", channel: "web"),
        ])])
        #expect(try store.allEvents() == [ExportedEvent(day: day("2026-11-01"), kind: .checkin, memberID: "s3",
                                                         instant: at("2026-11-01", "08:00"), contentID: "p3", channel: "web")])
    }

    @Test func ledgerKeepsIngestOrderWithSkippedAndRejectedFiles() throws {
        let store = try store()
        try store.ingest("members.csv", .members, [rosterBatch([member("s1")])], fingerprint: "aa")
        try store.record(FileOutcome(file: "notes.txt", kind: "", status: .rejected, reason: "unknown kind"),
                         fingerprint: "bb")
        try store.record(FileOutcome(file: "members copy.csv", kind: "members", status: .skipped,
                                     reason: "same bytes as members.csv"), fingerprint: "aa")
        #expect(try store.outcomes() == [
            FileOutcome(file: "members.csv", kind: "members", status: .ingested, rows: 1, accepted: 1),
            FileOutcome(file: "notes.txt", kind: "", status: .rejected, reason: "unknown kind"),
            FileOutcome(file: "members copy.csv", kind: "members", status: .skipped, reason: "same bytes as members.csv"),
        ])
        #expect(try store.hasIngested(fingerprint: "aa"))
        #expect(try store.hasIngested(fingerprint: "bb") == false)  // rejected files are not "ingested"
        let status = try store.status()
        #expect(status.filesIngested == 1 && status.filesRejected == 1 && status.filesSkipped == 1)
    }

    @Test func unknownMembersAreKeptAndReported() throws {
        let store = try store()
        try store.ingest("members.csv", .members, [rosterBatch([member("s1")])])
        try store.ingest("checkins.csv", .checkins, [eventBatch(.checkin, checkins + [
            E(member: "x9", instant: at("2026-10-30", "23:59:59")),
        ])])
        try store.ingest("comments.csv", .comments, [eventBatch(.comment, [
            E(member: "s2", instant: at("2026-11-05", "00:00")),
        ])])
        #expect(try store.unknownMembers() == [
            UnknownMember(memberID: "s2", events: 2, firstDay: day("2026-11-01"), lastDay: day("2026-11-05")),
            UnknownMember(memberID: "x9", events: 1, firstDay: day("2026-10-30"), lastDay: day("2026-10-30")),
        ])
        // Once on the roster, a member is no longer unknown; the events were kept.
        try store.ingest("members-2.csv", .members, [rosterBatch([member("s2")])])
        #expect(try store.unknownMembers().map(\.memberID) == ["x9"])
    }

    @Test func statusAndRuns() throws {
        let store = try store()
        #expect(try store.lastRun() == nil)
        try store.ingest("checkins.csv", .checkins, [eventBatch(.checkin, checkins)])
        try store.ingest("shares.csv", .shares, [eventBatch(.share, [E(member: "s1", instant: at("2026-10-31", "12:00"))])])
        let run = RunRecord(startedAt: Date(timeIntervalSince1970: 1_800_000_000),
                            finishedAt: Date(timeIntervalSince1970: 1_800_000_004), asOf: day("2026-11-02"),
                            exitCode: 3, summary: "2 files, 1 rejected")
        try store.recordRun(startedAt: run.startedAt, finishedAt: run.finishedAt, asOf: run.asOf, exitCode: 3,
                            summary: run.summary)
        let status = try store.status()
        #expect(status == StoreStatus(zone: "Asia/Shanghai", members: 0, posts: 0,
                                      events: [.checkin: 3, .share: 1, .comment: 0],
                                      firstEventDay: day("2026-10-31"), lastEventDay: day("2026-11-02"),
                                      filesIngested: 2, filesSkipped: 0, filesRejected: 0, lastRun: run))
    }

    @Test func lastRunIsTheLatestRecorded() throws {
        let store = try store()
        for (k, code) in [Int32(0), 3, 2].enumerated() {
            try store.recordRun(startedAt: Date(timeIntervalSince1970: Double(1_000 * k)),
                                finishedAt: Date(timeIntervalSince1970: Double(1_000 * k + 5)),
                                asOf: k == 2 ? nil : day("2026-11-0\(k + 1)"), exitCode: code, summary: "run \(k)")
        }
        #expect(try store.lastRun() == RunRecord(startedAt: Date(timeIntervalSince1970: 2_000),
                                                 finishedAt: Date(timeIntervalSince1970: 2_005), asOf: nil,
                                                 exitCode: 2, summary: "run 2"))
        try store.ingest("posts.csv", .posts, [ReadBatch(rows: .posts([Post(contentID: "p1", title: "T")]), records: 1)])
        try store.ingest("members.csv", .members, [rosterBatch([member("s1"), member("s2"), member("s1", "again")])])
        let status = try store.status()
        #expect(status.members == 2 && status.posts == 1 && status.firstEventDay == nil && status.lastEventDay == nil)
        #expect(status.events == [.checkin: 0, .share: 0, .comment: 0])
    }
}
