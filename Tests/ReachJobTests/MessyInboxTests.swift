import Foundation
import ReachTestSupport
import Testing
import ReachModel
import ReachStore
import ReachSynth

/// Every quirk of SPEC section 1 at once: `reach synth --messy` plants them
/// (GB18030, UTF-16 with tabs, BOM, title lines, CRLF, mixed timestamps,
/// duplicates, an overlapping export, bad rows, unknown members, a roster
/// update) and writes down in SYNTH.txt what a correct ingest must report.
/// The real `reach ingest` must report exactly that, file by file.
@Suite struct MessyInboxTests {
    @Test func ingestMatchesWhatWasPlanted() throws {
        let tmp = TempFolder()
        let inbox = try MessyInbox(in: tmp)
        let manifest = inbox.summary.manifest
        let files = inbox.paths
        #expect(files.count >= 7)

        let r = try ReachProcess.run(["ingest", "--store", "reach.sqlite"] + files, in: tmp.path)
        #expect(r.status == 0, "\(r.stderr)")

        let store = try Store(path: tmp.file("reach.sqlite"), zone: .shanghai)
        let outcomes = Dictionary(uniqueKeysWithValues: try store.outcomes().map { ($0.file, $0) })
        for p in inbox.files {
            let o = try #require(outcomes[p.name], "no quality row for \(p.name)")
            #expect(o.status == .ingested && o.kind == p.kind, "\(p.name)")
            let counted: [Int] = [o.rows, o.accepted, o.duplicates, o.rejected]
            let plantedCounts: [Int] = [p.rows, p.accepted, p.duplicates, p.rejected]
            #expect(counted == plantedCounts, "\(p.name): \(o)")
            #expect(o.rows == o.accepted + o.duplicates + o.rejected)
        }
        func planted(_ key: String) -> Int {
            let line = manifest.split(separator: "\n").first { $0.hasPrefix(key + " = ") }!
            return Int(line.split(separator: "=")[1].trimmingCharacters(in: .whitespaces))!
        }
        let status = try store.status()
        for (kind, name) in [(EventKind.checkin, "checkins"), (.share, "shares"), (.comment, "comments")] {
            #expect(status.events[kind] == planted("events.\(name)") + planted("unknown_member_events.\(name)"), "\(name)")
        }
        let unknownLine = manifest.split(separator: "\n").first { $0.hasPrefix("unknown_member_ids = ") }!
        let unknownIDs = unknownLine.dropFirst("unknown_member_ids = ".count).split(separator: " ").map(String.init)
        #expect(try store.unknownMembers().map(\.memberID) == unknownIDs)
        let kinds = ["members", "checkins", "shares", "comments", "posts", "calendar", "leave", "groups"]
        #expect(try store.rejects().count == kinds.map { planted("bad_rows.\($0)") }.reduce(0, +))
        #expect(inbox.files.contains { $0.kind == "calendar" } && inbox.files.contains { $0.kind == "leave" })
        #expect(planted("bad_rows.groups") == 3, "a registry row of each kind the reader rejects")

        // Ingesting the same folder again changes nothing.
        let again = try ReachProcess.run(["ingest", "--store", "reach.sqlite"] + files, in: tmp.path)
        #expect(again.stdout.contains("\(files.count) files: 0 ingested, \(files.count) skipped"))
        #expect(try store.status().events == status.events)
    }
}
