import Foundation
import Testing
import ReachModel
import ReachStore
@testable import ReachJob

/// A kill at any moment leaves each file wholly stored or not at all, and
/// ingesting again afterwards gives exact counts.
@Suite(.serialized) struct KillSafetyTests {
    /// `rows` distinct check-ins over 60 days for 5,000 members, as CSV.
    static func checkins(rows: Int) -> Data {
        var out = [UInt8]()
        out.reserveCapacity(rows * 32)
        out.append(contentsOf: "member_id,time\n".utf8)
        let start = Day(iso: "2026-09-01")!
        for i in 0..<rows {
            let member = i % 5000
            let day = start + (i / 5000) % 60
            let second = (i / 300_000) * 61 + 8 * 3600
            out.append(contentsOf: "m\(member),\(day) \(second / 3600 < 10 ? "0" : "")\(second / 3600):\(second / 60 % 60 < 10 ? "0" : "")\(second / 60 % 60):\(second % 60 < 10 ? "0" : "")\(second % 60)\n".utf8)
        }
        return Data(out)
    }

    @Test func killedIngestLeavesNothingOfTheFile() throws {
        let rows = 900_000
        let tmp = TempFolder()
        try Self.checkins(rows: rows).write(to: URL(fileURLWithPath: tmp.file("checkins-big.csv")))

        // How long a whole ingest takes here.
        let clock = ContinuousClock()
        let started = clock.now
        let full = try ReachProcess.run(["ingest", "--store", "timing.sqlite", "checkins-big.csv"], in: tmp.path)
        #expect(full.status == 0, "\(full.stderr)")
        let elapsed = clock.now - started
        let total = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18

        var killedMidFile = 0
        for (attempt, fraction) in [0.35, 0.7].enumerated() {
            let store = "killed-\(attempt).sqlite"
            let p = try ReachProcess.start(["ingest", "--store", store, "checkins-big.csv"], in: tmp.path)
            Thread.sleep(forTimeInterval: total * fraction)
            if p.isRunning {
                kill(p.processIdentifier, SIGKILL)
                killedMidFile += 1
            }
            p.waitUntilExit()

            // Either none of the file or all of it: never a part.
            let reopened = try Store(path: tmp.file(store), zone: .shanghai)
            let stored = try reopened.status().events[.checkin] ?? 0
            let ledger = try reopened.outcomes()
            if ledger.isEmpty {
                #expect(stored == 0, "a killed ingest left \(stored) events of an unrecorded file")
            } else {
                #expect(stored == rows)
                #expect(ledger.map(\.accepted) == [rows])
            }

            // Ingesting again gives exact counts.
            let again = try ReachProcess.run(["ingest", "--store", store, "checkins-big.csv"], in: tmp.path)
            #expect(again.status == 0, "\(again.stderr)")
            let after = try Store(path: tmp.file(store), zone: .shanghai)
            #expect(try after.status().events[.checkin] == rows)
            let last = try #require(try after.outcomes().last)
            if ledger.isEmpty {
                #expect(last.status == .ingested)
                #expect(last.rows == rows && last.accepted == rows && last.duplicates == 0 && last.rejected == 0)
            } else {
                #expect(last.status == .skipped)
            }
        }
        #expect(killedMidFile > 0, "the ingest finished before it could be killed (\(total) s); make the file bigger")
    }
}
