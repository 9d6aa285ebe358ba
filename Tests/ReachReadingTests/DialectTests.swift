import Testing
import ReachModel
@testable import ReachReading

@Suite struct DialectTests {
    @Test func quotedLineBreaksKeepLineNumbers() throws {
        let text = """
        member_id,time,channel
        S1,2026-11-03 08:00:00,"a
        b"
        S2,bad,x
        "S3","2026-11-03 09:00:00","say ""hi"", then
        go"
        ,2026-11-03 10:00:00,y

        """
        let all = try read(text, name: "comments.csv")
        #expect(all.records == 4)
        #expect(all.events.map(\.channel) == ["a\nb", "say \"hi\", then\ngo"])
        #expect(all.events.map(\.member) == ["S1", "S3"])
        #expect(all.rejects.map(\.line) == [4, 7])
        #expect(all.rejects.map(\.reason) == ["unparseable time 'bad'", "empty member_id"])
        #expect(all.rejects.map(\.raw) == ["S2,bad,x", ",2026-11-03 10:00:00,y"])
    }

    @Test func titleLinesBlankLinesAndCRLF() throws {
        let text = "打卡统计 2026年11月\r\n\r\n导出人: 张老师\r\nuserid,打卡时间\r\nS1,2026-11-03 08:00\r\n\r\n  \r\nS2,2026-11-03 08:01\r\nS3,x\r\n"
        let all = try read(text, name: "checkins-nov.csv")
        #expect(all.records == 3)
        #expect(all.events.map(\.member) == ["S1", "S2"])
        #expect(all.events.map(\.instant) == [utc(2026, 11, 3, 0, 0), utc(2026, 11, 3, 0, 1)])
        #expect(all.rejects == [RowReject(file: "checkins-nov.csv", line: 9, reason: "unparseable time 'x'", raw: "S3,x")])
    }

    @Test func tabDelimiterAndNoFinalLineEnd() throws {
        let text = "学号\t时间\t渠道\nS1\t2026-11-03 08:00:00\tweb, app\nS2\t2026-11-03 08:00:01\t "
        let all = try read(text, name: "Checkin.txt")
        #expect(all.events.map(\.channel) == ["web, app", ""])
        #expect(all.events.map(\.member) == ["S1", "S2"])
    }

    @Test func fullWidthAndSpaceTrimmingButNotTabs() throws {
        let text = " 学号\u{3000}, 时间 ,渠道\n\u{3000}S1 ,\u{3000}2026-11-03 08:00:00\u{3000}, \" web \" \nS2,2026-11-03 08:00:00,\u{3000}\tx\n"
        let all = try read(text, name: "checkins.csv")
        #expect(all.events.map(\.member) == ["S1", "S2"])
        #expect(all.events.map(\.channel) == ["web", "\tx"])
    }

    @Test func headerAliasesChineseEnglishAnyCaseUnknownColumnsIgnored() throws {
        let text = "Extra,USERID,Timestamp,文章id,转发至,渠道\nq,S1,2026-11-03 08:00:00,P1,群聊,朋友圈\n"
        let all = try read(text, name: "SHARES_2026.csv")
        let e = try #require(all.events.first)
        #expect(all.kind == .shares)
        #expect(e.member == "S1")
        #expect(e.content == "P1")
        #expect(e.target == "群聊")
        #expect(e.channel == "朋友圈")
    }

    @Test func wrongFieldCounts() throws {
        let text = "member_id,time\nS1,2026-11-03 08:00:00,extra\nS2\nS3,2026-11-03 08:00:00\n"
        let all = try read(text, name: "checkins.csv")
        #expect(all.records == 3)
        #expect(all.events.map(\.member) == ["S3"])
        #expect(all.rejects.map(\.reason) == ["wrong field count: 3 fields, header has 2",
                                              "wrong field count: 1 fields, header has 2"])
        #expect(all.rejects.map(\.line) == [2, 3])
    }

    @Test func unclosedQuoteRejectsOnlyItsLine() throws {
        let text = "member_id,time\nS1,\"2026-11-03\r\nS2,2026-11-03 08:00:00\n\nS3,2026-11-03 09:00:00\n"
        let all = try read(text, name: "checkins.csv")
        #expect(all.records == 3)
        #expect(all.events.map(\.member) == ["S2", "S3"])
        #expect(all.rejects == [RowReject(file: "checkins.csv", line: 2, reason: "unclosed quote", raw: "S1,\"2026-11-03")])
    }

    @Test func unclosedQuoteOnTheLastLineWithoutLineEnd() throws {
        let all = try read("member_id,time\nS1,2026-11-03 08:00:00\n\"S2,2026-11-03", name: "checkins.csv")
        #expect(all.records == 2)
        #expect(all.events.map(\.member) == ["S1"])
        #expect(all.rejects == [RowReject(file: "checkins.csv", line: 3, reason: "unclosed quote", raw: "\"S2,2026-11-03")])
    }

    /// A stray quote in a large file read in small batches and chunks: one
    /// line lost, every other row read, line numbers exact after it.
    @Test func strayQuoteInALongFileCostsOneLine() throws {
        var text = "member_id,time\n"
        for i in 0 ..< 5000 {
            text += i == 9 ? "\"S\(i),2026-11-03 08:00:00\n" : "S\(i),2026-11-03 08:00:00\n"
        }
        text += "S5000,bad\n"
        for batchRecords in [7, 1000, 200_000] {
            let all = try read(text, name: "checkins.csv", batchRecords: batchRecords)
            #expect(all.records == 5001)
            #expect(all.events.count == 4999)
            #expect(all.rejects.map(\.line) == [11, 5002])
            #expect(all.rejects.map(\.reason) == ["unclosed quote", "unparseable time 'bad'"])
            #expect(all.rejects.first?.raw == "\"S9,2026-11-03 08:00:00")
        }
    }

    /// A control character in an id rejects the row at its line (the
    /// store must never see `S1\0` beside `S1`); in other text it is kept.
    @Test func controlCharactersInIdsRejectTheRow() throws {
        let text = "member_id,time,content_id,channel\nS1\u{0},2026-11-03 08:00:00,P1,a\nS1,2026-11-03 08:00:01,P1\u{0},b\nS1\t,2026-11-03 08:00:02,,c\nS1,2026-11-03 08:00:03,P\u{7F},\nS1,2026-11-03 08:00:04,P1,x\u{1}y\n"
        let all = try read(text, name: "shares.csv")
        #expect(all.records == 5)
        #expect(all.rejects.map(\.reason) == ["control character U+0000 in member_id", "control character U+0000 in content_id",
                                              "control character U+0009 in member_id", "control character U+007F in content_id"])
        #expect(all.rejects.map(\.line) == [2, 3, 4, 5])
        #expect(all.rejects.first?.raw == "S1\u{0},2026-11-03 08:00:00,P1,a")
        #expect(all.events.map(\.member) == ["S1"])
        #expect(all.events.map(\.channel) == ["x\u{1}y"])
        let roster = try read("学号,姓名,班级,支部\n2024010002\u{0},张三,一班,一支部\n2024010003,李\u{0}四,一班,一支部\n", name: "名单.csv")
        #expect(roster.rejects.map(\.reason) == ["control character U+0000 in member_id"])
        #expect(roster.members.map(\.name) == ["李\u{0}四"])
        let posts = try read("推文ID,标题\nP1\u{1F},标题\n", name: "posts.csv")
        #expect(posts.rejects.map(\.reason) == ["control character U+001F in content_id"])
    }

    @Test func noContentColumnGivesEmptyContentAndFeaturedValues() throws {
        let text = "member_id,time,featured\nS1,2026-11-03 08:00:00,1\nS1,2026-11-03 08:00:01,TRUE\nS1,2026-11-03 08:00:02,是\nS1,2026-11-03 08:00:03,0\nS1,2026-11-03 08:00:04,\nS1,2026-11-03 08:00:05,yes\n"
        let all = try read(text, name: "评论导出.csv")
        #expect(all.events.map(\.featured) == [true, true, true, false, false, false])
        #expect(all.events.allSatisfy { $0.content == "" })
        guard case .events(let batch) = all.batches[0].rows else { Issue.record("not events"); return }
        #expect(batch.contentIDs == [""])
        #expect(batch.attributes == [.none])
        #expect(batch.memberIDs == ["S1"])
        #expect(batch.kind == .comment)
    }
}
