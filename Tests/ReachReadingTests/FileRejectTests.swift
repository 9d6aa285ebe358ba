import Testing
import ReachModel
@testable import ReachReading

@Suite struct FileRejectTests {
    @Test func unknownKindNamesThePrefixes() throws {
        let reason = try #require(fileRejection(Array("member_id,time\n".utf8), name: "export.csv"))
        #expect(reason.contains("checkins/checkin/打卡"))
        #expect(reason.contains("--kind"))
        // The same bytes are read with an explicit kind.
        #expect(fileRejection(Array("member_id,time\n".utf8), name: "export.csv", kind: .checkins) == nil)
    }

    @Test func missingColumnsNameTheAliases() throws {
        let reason = try #require(fileRejection(Array("学号,渠道\nS1,app\n".utf8), name: "checkins.csv"))
        #expect(reason.contains("missing time (accepted names: time, timestamp, 时间, 打卡时间, 转发时间, 评论时间)"))
        #expect(!reason.contains("member_id ("))
    }

    @Test func headerMustBeInFirstTenNonBlankLines() throws {
        let titles = (1 ... 10).map { "title \($0)\n\n" }.joined()
        #expect(fileRejection(Array((titles + "member_id,time\n").utf8), name: "checkins.csv") != nil)
        let nine = (1 ... 9).map { "title \($0)\n\n" }.joined()
        let all = try read(nine + "member_id,time\nS1,x\n", name: "checkins.csv")
        #expect(all.rejects.map(\.line) == [20])
    }

    @Test func emptyFiles() throws {
        for bytes in [[], Array("\n\r\n  \n".utf8), [0xEF, 0xBB, 0xBF]] as [[UInt8]] {
            let reason = try #require(fileRejection(bytes, name: "checkins.csv"))
            #expect(reason.contains("empty"))
        }
        // A header and no data is not a reject: no records.
        let all = try read("member_id,time\n\n", name: "checkins.csv")
        #expect(all.records == 0)
        #expect(all.batches.isEmpty)
    }
}
