import Foundation
import ReachTestSupport
import Testing

/// The test harness itself: a `reach` that writes more to stderr than a
/// pipe holds must not hang the test that runs it.
@Suite struct ReachProcessTests {
    @Test func aLongStderrDoesNotHangTheRun() throws {
        let tmp = TempFolder()
        let inbox = tmp.path + "/in"
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        // 400 files of no known kind: one error line each on stderr, about
        // 120 KB in all, twice a pipe's 64 KB buffer.
        for i in 0 ..< 400 {
            try Data("a,b\n1,2\n".utf8).write(to: URL(fileURLWithPath: inbox + "/unknown-\(i).csv"))
        }
        let r = try ReachProcess.run(["ingest", "--store", tmp.path + "/reach.sqlite", inbox], in: tmp.path)
        #expect(r.status == 3)
        #expect(r.stderr.utf8.count > 64 << 10)
        #expect(r.stderr.components(separatedBy: "cannot tell the file kind").count - 1 == 400)
    }
}
