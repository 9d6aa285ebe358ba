import Foundation
import ReachModel
import ReachTestSupport
import Testing
@testable import ReachReports

@Suite struct ReportFolderTests {
    let tmp = TempFolder()

    struct Injected: Error {}

    func entries(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    @Test func folderHoldsEveryFileAndLatestPointsAtIt() throws {
        let root = tmp.url
        let dir = try ReportWriter.write(Fixture.input, options: ReportOptions(), to: root)
        #expect(dir.lastPathComponent == "2026-11-20")
        #expect(try entries(root) == ["2026-11-20", "latest"])
        #expect(try entries(dir) == (ReportWriter.csvFileNames + ["reach-2026-11-20.xlsx"]).sorted())
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root.appendingPathComponent("latest").path) == "2026-11-20")
    }

    @Test func rewritingReplacesTheWholeFolder() throws {
        let root = tmp.url
        let dir = try ReportWriter.write(Fixture.input, options: ReportOptions(), to: root)
        try Data("stale".utf8).write(to: dir.appendingPathComponent("stale.txt"))
        _ = try ReportWriter.write(Fixture.input, options: ReportOptions(bom: false), to: root)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("stale.txt").path))
        #expect(try Fixture.text(dir.appendingPathComponent("rejects.csv")).hasPrefix("file,line"))
        #expect(try entries(root) == ["2026-11-20", "latest"])
    }

    @Test func latestMovesToTheReportWrittenLast() throws {
        let root = tmp.url
        _ = try ReportWriter.write(Fixture.input, options: ReportOptions(), to: root)
        var other = Fixture.input
        other.tables.options.asOf = Fixture.asOf + 1
        _ = try ReportWriter.write(other, options: ReportOptions(), to: root)
        #expect(try entries(root) == ["2026-11-20", "2026-11-21", "latest"])
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root.appendingPathComponent("latest").path) == "2026-11-21")
    }

    @Test func aFailedWriteKeepsThePreviousReportAndLeavesNoTemporaryFolder() throws {
        let root = tmp.url
        let dir = try ReportWriter.write(Fixture.input, options: ReportOptions(), to: root)
        let before = try Data(contentsOf: dir.appendingPathComponent("daily.csv"))
        #expect(throws: Injected.self) {
            _ = try ReportWriter.write(Fixture.input, options: ReportOptions(bom: false), to: root,
                                       beforeCommit: { staging in
                                           #expect(staging.lastPathComponent.hasPrefix(".2026-11-20.tmp-"))
                                           throw Injected()
                                       })
        }
        #expect(try Data(contentsOf: dir.appendingPathComponent("daily.csv")) == before)
        #expect(try entries(root) == ["2026-11-20", "latest"])
    }

    @Test func aWorkbookFailureIsCannotRunAndLeavesNothingBehind() throws {
        let root = tmp.url
        // A folder where the workbook file should go makes libxlsxwriter fail to create it.
        let folder = ReportFolder(root: root, name: "2026-11-20")
        #expect {
            _ = try folder.replace { staging in
                try FileManager.default.createDirectory(at: staging.appendingPathComponent("reach-2026-11-20.xlsx"),
                                                        withIntermediateDirectories: true)
                try MainWorkbook.write(Fixture.input, plan: ReportPlan(Fixture.input, options: ReportOptions()),
                                       to: staging.appendingPathComponent("reach-2026-11-20.xlsx").path)
            }
        } throws: { error in
            guard case ReachError.cannotRun(let message) = error else { return false }
            return message.contains("reach-2026-11-20.xlsx")
        }
        #expect(try entries(root).isEmpty)
    }

    @Test func anUnwritableOutputRootIsCannotRun() throws {
        let root = tmp.url
        let file = root.appendingPathComponent("not-a-folder")
        try Data().write(to: file)
        #expect {
            _ = try ReportWriter.write(Fixture.input, options: ReportOptions(), to: file)
        } throws: { error in
            guard case ReachError.cannotRun(let message) = error else { return false }
            return message.contains(file.path)
        }
    }
}
