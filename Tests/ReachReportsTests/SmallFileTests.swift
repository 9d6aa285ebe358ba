import Foundation
import ReachModel
import ReachTestSupport
import Testing
@testable import ReachReports

@Suite struct SmallFileTests {
    let tmp = TempFolder()

    @Test func writesTheTextAsUTF8ReplacingAnEarlierFile() throws {
        let url = tmp.fileURL("计科1班.txt")
        try writeFile("an earlier, longer text\n", to: url)
        try writeFile("【打卡提醒】计科1班\n", to: url)
        #expect(try Data(contentsOf: url) == Data("【打卡提醒】计科1班\n".utf8))
        try writeFile("", to: url)
        #expect(try Data(contentsOf: url).isEmpty)
    }

    @Test func aMissingFolderIsCannotRunNamingTheFile() throws {
        let url = tmp.fileURL("missing/计科1班.txt")
        #expect {
            try writeFile("x", to: url)
        } throws: { error in
            guard case ReachError.cannotRun(let message) = error else { return false }
            return message.contains(url.path) && message.contains("No such file or directory")
        }
    }
}
