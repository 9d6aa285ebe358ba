import Testing
import ReachModel
@testable import ReachReading

@Suite struct DialectTests {
    @Test func quotedLineBreaksKeepLineNumbers() throws {
        let text = """
        member_id,time,content_id
        S1,2026-11-03 08:00:00,"a
        b"
        S2,bad,x
        "S3","2026-11-03 09:00:00","say ""hi"", then
        go"
        ,2026-11-03 10:00:00,y

        """
        let all = try read(text, name: "comments.csv")
        #expect(all.records == 4)
        #expect(all.events.map(\.content) == ["a\nb", "say \"hi\", then\ngo"])
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

    @Test func unclosedQuoteRejectsTheRestAsOneRecord() throws {
        let text = "member_id,time\nS1,\"2026-11-03\nS2,2026-11-03 08:00:00\n"
        let all = try read(text, name: "checkins.csv")
        #expect(all.records == 1)
        #expect(all.rejects.map(\.line) == [2])
        #expect(all.rejects.first?.reason.hasPrefix("unclosed quote") == true)
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
