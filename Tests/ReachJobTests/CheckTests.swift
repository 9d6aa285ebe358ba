import Foundation
import ReachTestSupport
import Testing
import ReachJob
import ReachModel

/// `reach check` reads as ingest does and touches nothing.
@Suite struct CheckTests {
    /// On the messy inbox, each file's row and reject counts are what
    /// `reach synth --messy` planted (valid = accepted + duplicates).
    @Test func countsMatchWhatWasPlanted() throws {
        let tmp = TempFolder()
        let inbox = try MessyInbox(in: tmp)
        let r = try ReachProcess.run(["check", "--show", "100"] + inbox.paths, in: tmp.path)
        #expect(r.status == 0, "\(r.stderr)")
        for p in inbox.files {
            #expect(r.stdout.contains("\(p.name): \(p.kind), \(p.rows) rows: \(p.rows - p.rejected) valid, \(p.rejected) rejected\n"),
                    "\(p.name) in:\n\(r.stdout)")
        }
        let planted = inbox.files.map(\.rejected).reduce(0, +)
        #expect(r.stdout.components(separatedBy: "\n  line ").count - 1 == planted)
        #expect(!FileManager.default.fileExists(atPath: tmp.file("data")), "check must not create a store")
    }

    @Test func showsLinesAndReasonsAndWholeFileRejects() throws {
        let tmp = TempFolder()
        tmp.write("in/checkins.csv", "member_id,time\n1001,2026-11-20 08:00:00\n,2026-11-20 08:00:00\n1002,昨天\n1003,2026-11-20T00:30:00Z\n")
        tmp.write("in/notes.csv", "a,b\n1,2\n")
        let check = FileCheck(zone: .shanghai, sample: 1)
        let results = ["in/checkins.csv", "in/notes.csv"].map { check.check(tmp.url.appendingPathComponent($0)) }
        #expect(results[0].kind == "checkins")
        #expect(results[0].records == 4 && results[0].valid == 2 && results[0].rejected == 2)
        #expect(results[0].firstRejects.map(\.line) == [3])
        #expect(results[0].firstRejects.first?.reason == "empty member_id")
        #expect(results[1].wholeFileReason?.contains("cannot tell the file kind") == true)

        let r = try ReachProcess.run(["check", "in"], in: tmp.path)
        #expect(r.status == 3)
        #expect(r.stdout.contains("checkins.csv: checkins, 4 rows: 2 valid, 2 rejected\n"
            + "  header line 1: member_id ← member_id (1), time ← time (2)\n"
            + "  line 3: empty member_id\n  line 4: unparseable time '昨天'\n"))
        #expect(r.stdout.contains("notes.csv: would be rejected whole: cannot tell the file kind from its name"))
        #expect(r.stdout.hasSuffix("reach check: 2 files, 1 would be rejected whole; rows: 2 valid, 2 rejected\n"))

        // --quiet: only the file that would fail the nightly run.
        let quiet = try ReachProcess.run(["check", "--quiet", "in"], in: tmp.path)
        #expect(quiet.status == 3)
        #expect(quiet.stdout.hasPrefix("notes.csv: would be rejected whole: cannot tell the file kind"))
        #expect(quiet.stdout.components(separatedBy: "\n").filter { !$0.isEmpty }.count == 1)
    }
}
