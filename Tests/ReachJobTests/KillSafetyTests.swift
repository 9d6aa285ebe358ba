import Foundation
import ReachTestSupport
import Testing
import ReachModel
@testable import ReachStore

/// A kill leaves each file wholly stored or not at all, the store sound,
/// and ingesting again afterwards gives exact counts.
///
/// Each test kills `reach ingest` at a known point rather than after a
/// timed sleep: right after the line that reports a file stored (between
/// files), and while the process stands blocked in its first progress-line
/// write (inside the first file's transaction, its first batch added).
@Suite struct KillSafetyTests {
    /// One check-ins file and what a correct ingest stores of it.
    struct Planted {
        var name: String
        var rows: Int
        /// Every `badEvery`-th row has an unparseable time.
        var badEvery = 500
        /// Its check-ins fall on the 60 days from this one, apart from other files'.
        var firstDay: Day

        var rejected: Int { rows / badEvery }
        var accepted: Int { rows - rejected }

        /// Distinct check-ins of 5,000 members, one per member and day.
        var csv: Data {
            var out = "member_id,time\n"
            out.reserveCapacity(rows * 32)
            for i in 0..<rows {
                let time = i % badEvery == badEvery - 1 ? "soon" : "\(firstDay + i / 5000) 08:\(10 + i % 50):00"
                out += "m\(i % 5000),\(time)\n"
            }
            return Data(out.utf8)
        }
    }

    /// `rows.count` files named checkins-1.csv … in ingest order, written into `tmp`.
    static func write(_ rows: [Int], in tmp: TempFolder) throws -> [Planted] {
        let start = Day(iso: "2026-09-01")!
        return try rows.enumerated().map { k, count in
            let file = Planted(name: "checkins-\(k + 1).csv", rows: count, firstDay: start + 60 * k)
            try file.csv.write(to: tmp.url.appendingPathComponent(file.name))
            return file
        }
    }

    @Test func killedBetweenFilesKeepsTheStoredFilesWhole() throws {
        let tmp = TempFolder()
        let files = try Self.write([8_000, 8_000, 60_000, 8_000], in: tmp)
        let (process, lines) = try ReachProcess.startStreaming(["ingest", "--verbose", "--store", "s.sqlite"] + files.map(\.name),
                                                               in: tmp.path)
        // checkins-2.csv is committed once its line is written; the kill
        // lands in checkins-3.csv (or later, on a slow machine).
        var seen: [String] = []
        for line in lines {
            seen.append(line)
            if line.hasPrefix("reach: \(files[1].name): ") { break }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(seen.last?.hasPrefix("reach: \(files[1].name): ") == true, "no line for \(files[1].name) in:\n\(seen.joined(separator: "\n"))")

        let stored = try Self.expectWhollyStoredOrAbsent(files, store: tmp.file("s.sqlite"))
        #expect(stored >= 2)
        try Self.expectIngestAgainGivesExactCounts(files, stored: stored, in: tmp)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/syscall"),
                   "sees where the process stands in /proc (Linux)"))
    func killedInsideAFileLeavesNothingOfIt() throws {
        let tmp = TempFolder()
        let files = try Self.write([30_000, 8_000], in: tmp)
        let blocked = try ReachProcess.startBlockedAtFirstStderrWrite(["ingest", "--store", "s.sqlite"] + files.map(\.name),
                                                                       in: tmp.path)
        blocked.killWhereItStands()

        let stored = try Self.expectWhollyStoredOrAbsent(files, store: tmp.file("s.sqlite"))
        #expect(stored == 0, "the kill came after checkins-1.csv was stored")
        try Self.expectIngestAgainGivesExactCounts(files, stored: stored, in: tmp)
    }

    /// Checks that the store passes `PRAGMA integrity_check`, that its
    /// ledger names the first files in ingest order with exactly their
    /// counts, and that it holds exactly their events and rejected rows:
    /// nothing of the files after them. Returns how many files it holds.
    static func expectWhollyStoredOrAbsent(_ files: [Planted], store path: String) throws -> Int {
        let store = try Store(path: path, zone: .shanghai)
        let check = try store.db.query("PRAGMA integrity_check") { row in
            var lines: [String] = []
            while try row.step() { lines.append(row.text(0)) }
            return lines
        }
        #expect(check == ["ok"])
        let ledger = try store.outcomes()
        let stored = Array(files.prefix(ledger.count))
        #expect(ledger.map(\.file) == stored.map(\.name), "the ledger is not the first files in order: \(ledger.map(\.file))")
        for (o, p) in zip(ledger, stored) {
            #expect(o.status == .ingested && o.rows == p.rows && o.accepted == p.accepted && o.rejected == p.rejected, "\(o)")
        }
        #expect(try store.status().events[.checkin] == stored.map(\.accepted).reduce(0, +))
        #expect(try store.rejects().count == stored.map(\.rejected).reduce(0, +))
        return ledger.count
    }

    /// Ingests every file again: the `stored` first ones are skipped, the
    /// others stored with exact counts, and the store holds all of them.
    static func expectIngestAgainGivesExactCounts(_ files: [Planted], stored: Int, in tmp: TempFolder) throws {
        let again = try ReachProcess.run(["ingest", "--store", "s.sqlite"] + files.map(\.name), in: tmp.path)
        #expect(again.status == 0, "\(again.stderr)")
        let store = try Store(path: tmp.file("s.sqlite"), zone: .shanghai)
        let ledger = try store.outcomes()
        #expect(ledger.count == stored + files.count)
        for (o, p) in zip(ledger.suffix(files.count), files) {
            #expect(o.file == p.name)
            if o.status == .skipped {
                #expect(files.prefix(stored).contains { $0.name == p.name }, "\(p.name) skipped but never stored")
            } else {
                #expect(o.status == .ingested && o.rows == p.rows && o.accepted == p.accepted && o.duplicates == 0
                        && o.rejected == p.rejected, "\(o)")
            }
        }
        #expect(ledger.filter { $0.status == .skipped }.count == stored)
        #expect(try store.status().events[.checkin] == files.map(\.accepted).reduce(0, +))
        #expect(try store.rejects().count == files.map(\.rejected).reduce(0, +))
    }
}
