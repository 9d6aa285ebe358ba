import Foundation
import ReachTestSupport
import Testing
@testable import ReachReports
#if canImport(Glibc)
import Glibc
#endif

/// What a killed `reach report` leaves in the reports root, and how the next
/// report cleans it up without touching anything that is not its own.
@Suite struct LeftoverTests {
    let tmp = TempFolder()

    /// A process id no process has: `kill(pid, 0)` says there is none.
    static func unusedPID() -> pid_t {
        var pid: pid_t = 3_999_999
        while !(kill(pid, 0) == -1 && errno == ESRCH) { pid -= 1 }
        return pid
    }

    @Test func onlyExactlyTheNamesAReportWritesAreLeftovers() {
        #expect(Leftover(fileName: ".2026-11-20.tmp-123") == Leftover(kind: .temporary, day: "2026-11-20", pid: 123))
        #expect(Leftover(fileName: ".2026-11-20.old-9") == Leftover(kind: .retired, day: "2026-11-20", pid: 9))
        #expect(Leftover(fileName: ".latest.tmp-77") == Leftover(kind: .link, day: "", pid: 77))
        for name in ["2026-11-20.tmp-123", ".2026-11-20.tmp-", ".2026-11-20.tmp-0123", ".2026-11-20.tmp-12a",
                     ".2026-11-20.tmp--5", ".2026-11-20.tmp-+5", ".2026-11-20.tmp-99999999999", ".2026-11-20.tmp-0",
                     ".2026-13-20.tmp-5", ".+123-01-01.tmp-5", ".2026-11-20.temp-5", ".2026-11-20.tmp-5.bak",
                     ".2026-11-20x.tmp-5", ".latest.old-5", ".notes.tmp-5", ".tmp-5", ".2026-11-20.tmp-５"] {
            #expect(Leftover(fileName: name) == nil, "\(name)")
        }
    }

    @Test func aReportRemovesTheLeftoversOfEndedProcessesOnly() throws {
        let root = tmp.url
        let fm = FileManager.default
        // This process, and another that runs (the one that started it), as
        // another report writing its folder would.
        let dead = Self.unusedPID(), me = getpid(), alive = getppid()

        func folder(_ name: String, holding file: String = "daily.csv") throws {
            let url = root.appendingPathComponent(name, isDirectory: true)
            try fm.createDirectory(at: url, withIntermediateDirectories: true)
            try Data(name.utf8).write(to: url.appendingPathComponent(file))
        }
        // Gone: an unfinished report, a previous report moved aside while its
        // folder is back (killed while deleting it), a link never renamed.
        try folder(".2026-11-18.tmp-\(dead)")
        try folder("2026-11-17")
        try folder(".2026-11-17.old-\(dead)")
        try fm.createSymbolicLink(atPath: root.appendingPathComponent(".latest.tmp-\(dead)").path, withDestinationPath: "2026-11-18")
        // Moved back: the previous report, moved aside, its folder missing
        // (killed between the two renames).
        try folder(".2026-11-19.old-\(dead)", holding: "previous.csv")
        // Kept: folders of running processes, and names that only look alike.
        let kept = [".2026-11-18.tmp-\(me)", ".2026-11-18.tmp-\(alive)", ".2026-11-19.old-\(alive)",
                    ".2026-11-18.tmp-0\(dead)", ".2026-11-18.tmp-\(dead)x", ".2026-11-18.temp-\(dead)", "notes.tmp-\(dead)"]
        for name in kept { try folder(name) }
        // …and a file with a leftover's name: a report writes folders there.
        try Data().write(to: root.appendingPathComponent(".2026-11-16.tmp-\(dead)"))

        _ = try ReportWriter.write(Fixture.input, options: ReportOptions(), to: root)

        let entries = try fm.contentsOfDirectory(atPath: root.path).sorted()
        #expect(entries == (kept + [".2026-11-16.tmp-\(dead)", "2026-11-17", "2026-11-19", "2026-11-20", "latest"]).sorted())
        #expect(try Fixture.text(root.appendingPathComponent("2026-11-19/previous.csv")) == ".2026-11-19.old-\(dead)")
        #expect(try Fixture.text(root.appendingPathComponent("2026-11-17/daily.csv")) == "2026-11-17")
    }
}
