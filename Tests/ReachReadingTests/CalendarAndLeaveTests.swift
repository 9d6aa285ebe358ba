import Testing
import ReachModel
@testable import ReachReading

/// The two kinds of contract v2: the school calendar and leave approvals
/// (SPEC 1.3, 1.4, 1.6), read as they come.
@Suite struct CalendarAndLeaveTests {
    @Test func calendarRowsLevelsTypesAndRejects() throws {
        let text = """
        2026秋季校历
        开始日期,结束日期,类型,学院,支部,班级,说明
        2026-10-01,2026-10-07,放假,,,,国庆节
        2026/10/10,,补班,,,,国庆补班
        2026-11-09,2026-11-13,停课,计算机学院,,计科2601班,实习周
        2026-11-14,2026-11-14,ON,,,计科2601班,周末补课
        2026-11-20,2026-11-19,休息,,,,反了
        2026-11-21,,请假,,,,未知
        ,2026-11-22,off,,,,
        2026-11-31,,off,,,,

        """
        let all = try read(text, name: "校历-2026.csv")
        #expect(all.kind == .calendar)
        let entries = all.batches.flatMap { batch -> [CalendarEntry] in
            if case .calendar(let e) = batch.rows { return e } else { return [] }
        }
        #expect(entries == [
            CalendarEntry(start: Day(iso: "2026-10-01")!, end: Day(iso: "2026-10-07")!, type: .off, note: "国庆节"),
            CalendarEntry(start: Day(iso: "2026-10-10")!, end: Day(iso: "2026-10-10")!, type: .on, note: "国庆补班"),
            CalendarEntry(start: Day(iso: "2026-11-09")!, end: Day(iso: "2026-11-13")!, type: .off, college: "计算机学院",
                          className: "计科2601班", note: "实习周"),
            CalendarEntry(start: Day(iso: "2026-11-14")!, end: Day(iso: "2026-11-14")!, type: .on, className: "计科2601班",
                          note: "周末补课"),
        ])
        #expect(all.records == 8)
        #expect(all.rejects.map(\.line) == [7, 8, 9, 10])
        #expect(all.rejects.map(\.reason) == [
            "end 2026-11-19 before start 2026-11-20",
            "unknown calendar type '请假' (use off, 休息, 放假, 假期, 停课, holiday, or on, 上课, 补班, workday)",
            "empty start", "unparseable start '2026-11-31'",
        ])
    }

    /// A DingTalk approval export as it comes: a title row, 开始时间 with
    /// minutes, 审批状态 words, a member id with a leading zero.
    @Test func leaveFromAnApprovalExport() throws {
        let text = """
        请假审批导出 2026-11-01 至 2026-11-30
        审批编号,学号,姓名,请假类型,开始时间,结束时间,审批状态,事由
        2026110301,001,张三,病假,2026-11-03 08:00,2026-11-04 18:00,已通过,发烧
        2026110302,002,李四,事假,2026-11-05 08:00,2026-11-05 12:00,同意,半天
        2026110303,003,王五,事假,2026-11-06 08:00,2026-11-07 18:00,已撤销,
        2026110304,004,赵六,事假,2026-11-06,,审批中,
        2026110305,005,钱七,病假,2026-11-09,2026-11-08,已通过,
        2026110306,,孙八,病假,2026-11-09,,已通过,
        2026110307,006,周九,事假,下周一,,已通过,
        2026110308,007,吴十,公假,2026-11-02T23:30:00Z,2026-11-03T01:00:00Z,APPROVED,

        """
        let all = try read(text, name: "请假审批-2026-11.csv")
        #expect(all.kind == .leave)
        let entries = all.batches.flatMap { batch -> [LeaveEntry] in
            if case .leave(let e) = batch.rows { return e } else { return [] }
        }
        let d = { (s: String) in Day(iso: s)! }
        #expect(entries == [
            LeaveEntry(memberID: "001", start: d("2026-11-03"), end: d("2026-11-04"), type: "病假", status: "已通过", note: "发烧"),
            LeaveEntry(memberID: "002", start: d("2026-11-05"), end: d("2026-11-05"), type: "事假", status: "同意", note: "半天"),
            // 23:30Z is 07:30 the next morning in Shanghai.
            LeaveEntry(memberID: "007", start: d("2026-11-03"), end: d("2026-11-03"), type: "公假", status: "APPROVED"),
        ])
        #expect(all.records == 8)
        #expect(all.rejects.map(\.reason) == [
            "not approved: 已撤销", "not approved: 审批中", "end 2026-11-08 before start 2026-11-09",
            "empty member_id", "unparseable start '下周一'",
        ])
        #expect(all.rejects.map(\.line) == [5, 6, 7, 8, 9])
    }

    @Test func aLeaveFileWithoutMemberIdsIsRejectedWhole() throws {
        let reason = try #require(fileRejection(Array("姓名,开始时间\n张三,2026-11-03\n".utf8), name: "请假.csv"))
        #expect(reason.contains("missing member_id (accepted names: member_id, 学号, 工号, 账号, 用户ID, userid)"))
    }

    @Test func kindsByName() {
        #expect(FileKind.detect(fileName: "Calendar-2026.csv") == .calendar)
        #expect(FileKind.detect(fileName: "日历.csv") == .calendar)
        #expect(FileKind.detect(fileName: "假条-11月.csv") == .leave)
        #expect(FileKind.detect(fileName: "leave.csv") == .leave)
    }
}
