import Testing
import ReachModel
@testable import ReachReading

/// Contract v3 meaning of rows (SPEC 1.2a, 1.3, 1.4, 1.6): the header names
/// of DingTalk, WeCom and 问卷星 exports, a time of day on the record's
/// date, absent check-in rows, and ids that a spreadsheet made numbers.
@Suite struct ContractV3RowTests {
    /// The absent rows, absent days and restored ids of all batches.
    static func notes(_ all: ReadAll) -> ReadNotes {
        var notes = ReadNotes()
        for batch in all.batches {
            notes.merge(ReadNotes(absent: batch.absent, absentDays: batch.absentDays, restoredIDs: batch.restoredIDs,
                                  restoredExample: batch.restoredExample))
        }
        return notes
    }

    static func day(_ iso: String) -> Day { Day(iso: iso)! }

    // MARK: DingTalk

    /// A DingTalk daily export saved as CSV: a title row, 日期 with its
    /// weekday, 上班1打卡时间 as a time of day, 上班1打卡结果.
    @Test func dingTalkDailyExport() throws {
        let text = """
        每日统计 统计日期：2026-11-02 至 2026-11-06
        姓名,考勤组,部门,工号,UserId,日期,上班1打卡时间,上班1打卡结果
        张三,计科2601班,计算机学院,202501001,u1,2026-11-03 星期二,08:52,正常
        李四,计科2601班,计算机学院,202501002,u2,2026-11-03 星期二,08:52,缺卡
        王五,计科2601班,计算机学院,202501003,u3,2026-11-04 星期三,,未打卡
        赵六,计科2601班,计算机学院,202501004,u4,2026-11-03 星期二,,请假
        钱七,计科2601班,计算机学院,202501005,u5,2026/11/2 周一,8:05:09,迟到
        孙八,计科2601班,计算机学院,202501006,u6,2026-11-05 Thu,08:52:30.000,正常
        周九,计科2601班,计算机学院,202501007,u7,,08:52,正常
        吴十,计科2601班,计算机学院,202501008,u8,11月3日,08:52,正常
        郑一,计科2601班,计算机学院,202501009,u9,2026-11-03 星期三,08:52,正常
        冯二,计科2601班,计算机学院,,u10,2026-11-03 星期二,,缺卡
        陈三,计科2601班,计算机学院,202501011,u11,,,旷工
        卫四,计科2601班,计算机学院,202501012,u12,2026-11-06 星期五,2026-11-06 07:00:00,正常
        蒋五,计科2601班,计算机学院,202501013,u13,2026-11-02 星期一,,
        沈六,计科2601班,计算机学院,202501014,u14,2026-11-06 星期五,25:00,正常
        韩七,计科2601班,计算机学院,202501015,u15,2026-11-02 星期一,未打卡,正常

        """
        let all = try read(text, name: "打卡-钉钉-2026-11.csv")
        #expect(all.kind == .checkins)
        #expect(all.records == 15)
        let events = all.events
        #expect(events.map(\.member) == ["202501001", "202501005", "202501006", "202501012"])
        #expect(events.map(\.instant) == [
            utc(2026, 11, 3, 0, 52),      // 08:52 in Shanghai
            utc(2026, 11, 2, 0, 5, 9),    // 8:05:09 on 2026/11/2 周一
            utc(2026, 11, 5, 0, 52, 30),  // fraction truncated
            utc(2026, 11, 5, 23, 0, 0),   // 2026-11-06 07:00 local: the full timestamp wins over the date column
        ])
        #expect(all.rejects.map(\.reason) == [
            "empty time (result '请假')",
            "time of day '08:52' without a date",
            "unparseable date '11月3日'",
            "date '2026-11-03 星期三' names the wrong weekday (2026-11-03 is a 星期二)",
            "empty member_id",
            "absent row without a date",
            "empty time",
            "unparseable time '25:00'",
        ])
        #expect(all.rejects.map(\.line) == [6, 9, 10, 11, 12, 13, 15, 16])
        // 李四 (缺卡 beside a time: the result wins), 王五 (未打卡), 韩七
        // (未打卡 in the time field).
        let notes = Self.notes(all)
        #expect(notes.absent == 3)
        #expect(notes.absentDays == Self.day("2026-11-02") ... Self.day("2026-11-04"))
        #expect(all.records == events.count + all.rejects.count + notes.absent)
    }

    /// Absent rows in any batch size: the counts and the day range add up.
    @Test func absentRowsAcrossBatches() throws {
        var text = "日期,学号,打卡时间,打卡结果\n"
        var expected: [(String, Int64)] = []
        var absentCount = 0
        for i in 0 ..< 200 {
            let d = 1 + i % 28
            let date = "2026-02-\(d < 10 ? "0" : "")\(d)"
            let member = "M\(i % 17)"
            if i % 3 == 0 {
                text += "\(date),\(member),,缺卡\n"
                absentCount += 1
            } else {
                text += "\(date),\(member),7:\(10 + i % 50),正常\n"
                expected.append((member, utc(2026, 2, d, 7, 10 + i % 50) - 8 * 3600))
            }
        }
        for size in [1, 7, 50, 1000] {
            let all = try read(text, name: "checkins.csv", batchRecords: size)
            #expect(all.rejects.isEmpty)
            #expect(all.events.map(\.member) == expected.map(\.0))
            #expect(all.events.map(\.instant) == expected.map(\.1))
            let notes = Self.notes(all)
            #expect(notes.absent == absentCount)
            #expect(notes.absentDays == Self.day("2026-02-01") ... Self.day("2026-02-28"))
            for batch in all.batches {
                guard case .events(let e) = batch.rows else { Issue.record("not events"); continue }
                #expect(batch.records == e.rows.count + batch.rejects.count + batch.absent)
            }
        }
    }

    /// A file large enough to be read in parallel parts: absent rows between
    /// deferred member id lookups leave every event with its own member.
    @Test func absentRowsInParallelPartsKeepEveryRowsMember() throws {
        var text = "学号,日期,打卡时间,打卡结果,渠道\n"
        var members: [String] = []
        var instants: [Int64] = []
        var absentCount = 0
        for i in 0 ..< 40_000 {
            let member = "2025\(String(format: "%05d", (i * 7919) % 3001))"
            switch i % 5 {
            case 1:
                text += "\(member),2026-03-\(String(format: "%02d", 1 + i % 31)) 星期\(["日", "一", "二", "三", "四", "五", "六"][(i % 31 + 0) % 7]),,未打卡,\n"
            case 3:
                text += "\(member),2026-03-10,09:00,缺卡,app\n"
                absentCount += 1
            default:
                text += "\(member),2026-03-10,08:\(String(format: "%02d", i % 60)),正常,app\n"
                members.append(member)
                instants.append(utc(2026, 3, 10, 0, i % 60))
            }
        }
        let all = try read(text, name: "checkins.csv")
        #expect(all.records == 40_000)
        // 2026-03-01 is a Sunday, so day 1 + k is weekday k % 7: case 1 rows
        // name the right weekday and are absent.
        #expect(all.rejects.isEmpty)
        #expect(all.events.map(\.member) == members)
        #expect(all.events.map(\.instant) == instants)
        let notes = Self.notes(all)
        #expect(notes.absent == absentCount + 8000)
        #expect(notes.absentDays == Self.day("2026-03-01") ... Self.day("2026-03-31"))
    }

    // MARK: WeCom and 问卷星

    @Test func weComExport() throws {
        let text = """
        姓名,账号,部门,打卡类型,打卡时间,打卡地点
        张三,zhangsan,计算机学院,上班打卡,2026-11-03 08:52:00,图书馆
        李四,lisi,计算机学院,外出打卡,2026/11/3 9:01,教学楼

        """
        let all = try read(text, name: "打卡记录-企业微信.csv")
        #expect(all.rejects.isEmpty)
        #expect(all.events.map(\.member) == ["zhangsan", "lisi"])
        #expect(all.events.map(\.channel) == ["上班打卡", "外出打卡"])
        #expect(all.events.map(\.instant) == [utc(2026, 11, 3, 0, 52), utc(2026, 11, 3, 1, 1)])
    }

    /// 问卷星 numbers its questions: `1、学号`, `2. 姓名`, `3．班级：`.
    @Test func wenjuanxingNumberedQuestions() throws {
        let checkins = """
        序号,提交答卷时间,所用时间,来源,来自IP,1、学号,2. 姓名,3．班级：
        1,2026/11/3 8:52:30,35秒,手机提交,10.0.0.1,202501001,张三,计科2601班
        2,2026/11/3 21:05:00,41秒,微信,10.0.0.2,202501002,李四,计科2601班

        """
        let all = try read(checkins, name: "打卡问卷.csv")
        #expect(all.rejects.isEmpty)
        #expect(all.events.map(\.member) == ["202501001", "202501002"])
        #expect(all.events.map(\.instant) == [utc(2026, 11, 3, 0, 52, 30), utc(2026, 11, 3, 13, 5)])

        let roster = "1、学号,2、姓名,3、班级：,4) 支部:\n202501001,张三,计科2601班,第一支部\n"
        #expect(try read(roster, name: "名单-问卷.csv").members ==
                [Member(memberID: "202501001", name: "张三", className: "计科2601班", branch: "第一支部")])
    }

    @Test func headerNamesLoseQuestionNumbersAndColons() {
        let cases: [(String, String)] = [
            ("1、学号", "学号"), ("2. 姓名", "姓名"), ("3．班级：", "班级"), ("12) 支部:", "支部"), ("4）学院", "学院"),
            ("5、\u{3000}姓名", "姓名"), ("学号：", "学号"), ("学号", "学号"), ("Member_ID", "Member_ID"),
            ("2026年", "2026年"), ("上班1打卡时间", "上班1打卡时间"), ("1学号", "1学号"), ("、学号", "、学号"),
        ]
        for (name, normalized) in cases {
            #expect(HeaderLayout.normalizedName(name) == normalized, "\(name)")
        }
    }

    // MARK: Aliases by kind

    @Test func dingTalkRosterClassFromAttendanceGroupOrDepartment() throws {
        let text = "姓名,考勤组,部门,工号,支部\n张三,计科2601班,计算机学院,202501001,第一支部\n"
        #expect(try read(text, name: "名单.csv").members ==
                [Member(memberID: "202501001", name: "张三", className: "计科2601班", branch: "第一支部")])
        let department = "UserId,姓名,部门,支部\nu1,张三,计科2601班,第一支部\n"
        #expect(try read(department, name: "名单.csv").members ==
                [Member(memberID: "u1", name: "张三", className: "计科2601班", branch: "第一支部")])
        // A SPEC 1.3 name wins over an added one, wherever it stands.
        let both = "学号,姓名,部门,班级,支部\nS1,张三,计算机学院,计科2601班,第一支部\n"
        #expect(try read(both, name: "名单.csv").members.map(\.className) == ["计科2601班"])
    }

    @Test func dateStaysTheStartOfCalendarAndLeaveRows() throws {
        let calendar = try read("日期,类型,说明\n2026-10-01,放假,国庆节\n", name: "校历.csv")
        guard case .calendar(let entries)? = calendar.batches.first?.rows else { Issue.record("no calendar"); return }
        #expect(entries == [CalendarEntry(start: Self.day("2026-10-01"), end: Self.day("2026-10-01"), type: .off, note: "国庆节")])
        let leave = try read("工号,日期,类型\n202501001.0,2026-11-03,病假\n", name: "请假.csv")
        guard case .leave(let leaves)? = leave.batches.first?.rows else { Issue.record("no leave"); return }
        #expect(leaves == [LeaveEntry(memberID: "202501001", start: Self.day("2026-11-03"), end: Self.day("2026-11-03"),
                                      type: "病假")])
        // In an event file 日期 is the date column, and a members file has none.
        let layout = try #require(HeaderLayout.match(names: ["学号", "日期", "时间"], kind: .shares, delimiter: 0x2C).layout)
        #expect(layout.index[.date] == 1 && layout.index[.time] == 2 && layout.index[.result] == nil)
        let checkins = try #require(HeaderLayout.match(names: ["学号", "打卡时间", "考勤结果"], kind: .checkins, delimiter: 0x2C).layout)
        #expect(checkins.index[.result] == 2)
    }

    // MARK: Times of day and absent rows without a date

    @Test func timeOfDayWithoutADateColumn() throws {
        let all = try read("学号,打卡时间\nS1,08:52\nS2,2026-11-03 08:52\n", name: "checkins.csv")
        #expect(all.rejects.map(\.reason) == ["time of day '08:52' without a date"])
        #expect(all.events.map(\.instant) == [utc(2026, 11, 3, 0, 52)])
        let shares = try read("学号,转发时间,日期\nS1,8:52,2026/11/3\nS2,8:52,\n", name: "shares.csv")
        #expect(shares.events.map(\.instant) == [utc(2026, 11, 3, 0, 52)])
        #expect(shares.rejects.map(\.reason) == ["time of day '8:52' without a date"])
    }

    @Test func absentRowsWithoutADate() throws {
        let text = "学号,打卡时间,打卡结果\nS1,未打卡,\nS2,,缺卡\nS3,2026-11-03 08:52:00,旷工\nS4,2026-11-04 08:52:00,正常\n"
        let all = try read(text, name: "checkins.csv")
        #expect(all.rejects.map(\.reason) == ["absent row without a date", "absent row without a date"])
        // Without a date column, a full timestamp beside the result gives the day.
        let notes = Self.notes(all)
        #expect(notes.absent == 1)
        #expect(notes.absentDays == Self.day("2026-11-03") ... Self.day("2026-11-03"))
        #expect(all.events.map(\.member) == ["S4"])
        // Only check-ins have absent rows: in a shares file the word is no time.
        let shares = try read("学号,转发时间\nS1,未打卡\n", name: "shares.csv")
        #expect(shares.rejects.map(\.reason) == ["unparseable time '未打卡'"])
        #expect(Self.notes(shares).absent == 0)
    }

    @Test func timeOfDayAndLabelledDates() {
        func second(_ text: String) -> Int? { Array(text.utf8).withUnsafeBufferPointer { TimestampParser.timeOfDay($0) } }
        #expect(second("8:52") == 8 * 3600 + 52 * 60)
        #expect(second("08:52") == 8 * 3600 + 52 * 60)
        #expect(second("08:52:30") == 8 * 3600 + 52 * 60 + 30)
        #expect(second("8:52:30") == 8 * 3600 + 52 * 60 + 30)
        #expect(second("08:52:30.000") == 8 * 3600 + 52 * 60 + 30)
        #expect(second("23:59:59.999") == 86_399)
        for bad in ["24:00", "08:60", "08:52:60", "8:5", "08:52:3", "08:52:30.", "08:52.5", "0852", "08-52", "", "::", "108:52"] {
            #expect(second(bad) == nil, "\(bad)")
        }
        func date(_ text: String) -> (Day, Bool)? {
            Array(text.utf8).withUnsafeBufferPointer { TimestampParser.labelledDate($0) }.map { ($0.day, $0.weekdayMatches) }
        }
        let tuesday = Self.day("2026-11-03")
        for good in ["2026-11-03", "2026/11/3", "2026/11/03", "2026-11-03 星期二", "2026-11-03 周二", "2026-11-03 Tue",
                     "2026-11-03  tuesday", "2026-11-03\u{3000}礼拜二", "2026/11/3\t星期二", "2026-11-03 00:00:00", "2026-11-03 0:00"] {
            let parsed = date(good)
            #expect(parsed?.0 == tuesday && parsed?.1 == true, "\(good)")
        }
        #expect(date("2026-11-03 星期三")?.1 == false)
        #expect(date("2026-11-08 星期天")?.1 == true)
        #expect(date("2026-11-08 周日")?.1 == true)
        for bad in ["2026-11-03 ", "2026-11-03星期二", "2026-11-03 星期八", "2026-11-03 08:52", "2026-11-31", "11/3/2026",
                    "2026-11-03 Tues", "26-11-03 星期二", ""] {
            #expect(date(bad) == nil, "\(bad)")
        }
    }

    // MARK: Numbers that were ids

    @Test func wholeNumbersWrittenAsFloats() {
        func digits(_ text: String) -> String? {
            let out = UnsafeMutablePointer<UInt8>.allocate(capacity: IDRepair.room)
            defer { out.deallocate() }
            return Array(text.utf8).withUnsafeBufferPointer { IDRepair.wholeNumber($0, into: out).map(fieldText) }
        }
        let cases: [(String, String?)] = [
            ("202501001.0", "202501001"), ("202501001.00", "202501001"), ("2.0250101E+9", "2025010100"),
            ("2.0250101e9", "2025010100"), ("2.0250101E+09", "2025010100"), ("2E+3", "2000"), ("120e-1", "12"),
            ("0.5e1", "5"), ("0123.0", "0123"), ("0.0e0", "0"), ("1.000e-3", nil), ("12.5", nil), ("1e-3", nil),
            ("1.", nil), (".5", nil), ("1e", nil), ("1e+", nil), ("1.0.0", nil), ("1.0a", nil), ("S1.0", nil),
            ("123456789012345678.0", "123456789012345678"), ("1.23456789012345678E+17", "123456789012345678"),
            ("9.99999999999999999E+17", "999999999999999999"), ("1E+400", nil), ("1E+4000", nil),
            ("2.02501E+09", "2025010000"),
        ]
        for (text, expected) in cases {
            #expect(digits(text) == expected, "\(text)")
        }
    }

    @Test func floatIdsInEveryKind() throws {
        let events = """
        学号,打卡时间,推文ID
        202501001.0,2026-11-03 08:52:00,1001.0
        2.0250101E+9,2026-11-03 08:53:00,P1
        202501001.00,2026-11-03 08:54:00,
        12.5,2026-11-03 08:55:00,1.5
        123456789012345678.0,2026-11-03 08:56:00,
        S1.0,2026-11-03 08:57:00,

        """
        let all = try read(events, name: "checkins.csv")
        #expect(all.rejects.isEmpty)
        #expect(all.events.map(\.member) == ["202501001", "2025010100", "202501001", "12.5", "123456789012345678", "S1.0"])
        #expect(all.events.map(\.content) == ["1001", "P1", "", "1.5", "", ""])
        let roster = try read("学号,姓名,班级,支部\n202501001.0,张三,计科1班,一支部\n2.0250101e9,李四,计科1班,一支部\n", name: "名单.csv")
        #expect(roster.members.map(\.memberID) == ["202501001", "2025010100"])
        let leave = try read("学号,开始日期\n2.0250101E+9,2026-11-03\n", name: "请假.csv")
        guard case .leave(let leaves)? = leave.batches.first?.rows else { Issue.record("no leave"); return }
        #expect(leaves.map(\.memberID) == ["2025010100"])
        let posts = try read("推文ID,标题\n1001.0,开学第一课\n", name: "推文.csv")
        #expect(posts.posts.map(\.contentID) == ["1001"])
        // A CSV field is never a number cell: no zero comes back, whatever the width.
        let reader = try FileReader(bytes: Array("学号,打卡时间\n202501001,2026-11-03 08:52:00\n".utf8), name: "checkins.csv",
                                    zone: shanghai, memberIDWidth: 10)
        let batch = try #require(try reader.nextBatch())
        guard case .events(let e) = batch.rows else { Issue.record("not events"); return }
        #expect(e.memberIDs == ["202501001"])
        #expect(batch.restoredIDs == 0)
    }

    /// The word-at-a-time id checks of the event hot path agree with a byte scan.
    @Test func probeChecksAgreeWithAByteScan() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = Array("0123456789.eEsx ".utf8) + [0x00, 0x01, 0x09, 0x1F, 0x20, 0x7E, 0x7F, 0x80, 0xE5, 0x2D]
        for _ in 0 ..< 20_000 {
            let n = Int.random(in: 0 ... 20, using: &generator)
            let bytes = (0 ..< n).map { _ in Bool.random(using: &generator) ? UInt8(ascii: "7") : alphabet.randomElement(using: &generator)! }
            bytes.withUnsafeBufferPointer { f in
                let probe = ByteInterner.probe(f)
                let control = IDText.controlCharacter(in: f) != nil
                let float = f.contains { $0 == 0x2E || $0 == 0x65 || $0 == 0x45 }
                #expect(IDText.mayHoldControl(probe) == (control || n > 16), "\(bytes)")
                #expect(IDRepair.mayBeFloat(probe) == (float || n > 16), "\(bytes)")
            }
        }
    }

    @Test func leadingZeroOfANumberCell() {
        var repair = IDRepair(memberIDWidth: 4)
        func run(_ text: String, number: Bool) -> String {
            Array(text.utf8).withUnsafeBufferPointer { fieldText(repair.memberID($0, isNumber: number)) }
        }
        #expect(run("123", number: true) == "0123")
        #expect(run("123", number: false) == "123")
        #expect(run("12", number: true) == "12")
        #expect(run("1234", number: true) == "1234")
        #expect(run("12345", number: true) == "12345")
        #expect(run("123.0", number: true) == "0123")
        #expect(run("1.23E+2", number: true) == "0123")
        #expect(run("A12", number: true) == "A12")
        #expect(run("456", number: true) == "0456")
        #expect(repair.restored == 4)
        #expect(repair.restoredExample == "123 → 0123")
        var noWidth = IDRepair(memberIDWidth: nil)
        let kept = Array("123".utf8).withUnsafeBufferPointer { fieldText(noWidth.memberID($0, isNumber: true)) }
        #expect(kept == "123" && noWidth.restored == 0)
    }

    /// Sheet rows through the sinks: a number cell one digit short gets its
    /// zero back in events, roster and leave, and is counted.
    @Test func leadingZeroThroughTheSinks() throws {
        let records = FakeRecords()
        defer { records.deallocate() }
        // Events: member, time, content; the first two member cells are numbers.
        let eventLayout = try #require(HeaderLayout.match(names: ["学号", "打卡时间", "推文ID"], kind: .checkins, delimiter: 0x2C).layout)
        let dictionaries = EventDictionaries()
        var sink = EventSink(layout: eventLayout, zone: shanghai, absentRows: true, memberIDWidth: 10,
                             shared: dictionaries.snapshot, expectedRows: 8)
        #expect(sink.accept(records.make(["202501001", "2026-11-03 08:52:00", "7"], numbers: [true, false, true])) == nil)
        #expect(sink.accept(records.make(["202501002.0", "2026-11-03 08:53:00", ""], numbers: [true, false, false])) == nil)
        #expect(sink.accept(records.make(["202501003", "2026-11-03 08:54:00", ""], numbers: [false, false, false])) == nil)
        #expect(sink.accept(records.make(["0202501004", "08:55", ""], numbers: [false, false, false])) == "time of day '08:55' without a date")
        let piece = sink.finish()
        #expect(piece.notes.restoredIDs == 2)
        #expect(piece.notes.restoredExample == "202501001 → 0202501001")
        var results = [RangeResult(start: 0, end: 0, records: 4, lineBreaks: 0, incomplete: false, piece: piece, rejects: [])]
        let batch = try dictionaries.batches(of: &results, kind: .checkin)[0]
        #expect(batch.rows.map { batch.memberIDs[Int($0.member)] } == ["0202501001", "0202501002", "202501003"])
        #expect(batch.rows.map { batch.contentIDs[Int($0.content)] } == ["7", "", ""])

        let rosterLayout = try #require(HeaderLayout.match(names: ["学号", "姓名", "班级", "支部"], kind: .members, delimiter: 0x2C).layout)
        var roster = RosterSink(layout: rosterLayout, memberIDWidth: 10)
        #expect(roster.accept(records.make(["202501001", "张三", "计科1班", "一支部"], numbers: [true, false, false, false])) == nil)
        #expect(roster.accept(records.make(["2025010010", "李四", "计科1班", "一支部"], numbers: [true, false, false, false])) == nil)
        let members = roster.finish()
        #expect(members.rows.map(\.memberID) == ["0202501001", "2025010010"])
        #expect(members.notes.restoredIDs == 1)

        let leaveLayout = try #require(HeaderLayout.match(names: ["学号", "开始日期", "状态"], kind: .leave, delimiter: 0x2C).layout)
        var leave = LeaveSink(layout: leaveLayout, zone: shanghai, memberIDWidth: 10)
        #expect(leave.accept(records.make(["202501001", "2026-11-03", "审批中"], numbers: [true, false, false])) == "not approved: 审批中")
        #expect(leave.accept(records.make(["202501001", "2026-11-03", "同意"], numbers: [true, false, false])) == nil)
        let leaves = leave.finish()
        #expect(leaves.rows.map(\.memberID) == ["0202501001"])
        #expect(leaves.notes.restoredIDs == 1)
        #expect(leaves.notes.restoredExample == "202501001 → 0202501001")
    }

    @Test func notesMergeInFileOrder() {
        var a = ReadNotes()
        a.addAbsent(on: Self.day("2026-11-05"))
        a.addAbsent(on: Self.day("2026-11-03"))
        var b = ReadNotes(restoredIDs: 2, restoredExample: "1 → 01")
        b.addAbsent(on: Self.day("2026-11-09"))
        var c = ReadNotes(restoredIDs: 1, restoredExample: "2 → 02")
        var total = ReadNotes()
        for part in [a, b, c, ReadNotes()] { total.merge(part) }
        #expect(total.absent == 3)
        #expect(total.absentDays == Self.day("2026-11-03") ... Self.day("2026-11-09"))
        #expect(total.restoredIDs == 3)
        #expect(total.restoredExample == "1 → 01")
        c.merge(a)
        #expect(c.restoredExample == "2 → 02" && c.absentDays == Self.day("2026-11-03") ... Self.day("2026-11-05"))
    }
}

/// Records as a sheet reader lays them out: field bytes and number-cell
/// flags, kept until ``deallocate()``.
final class FakeRecords {
    private var buffers: [UnsafeMutableBufferPointer<UInt8>] = []

    struct Record: FieldRecord {
        let fields: [UnsafeBufferPointer<UInt8>]
        let numbers: [Bool]
        func field(_ i: Int) -> UnsafeBufferPointer<UInt8> { fields[i] }
        func isNumber(_ i: Int) -> Bool { numbers[i] }
    }

    func make(_ cells: [String], numbers: [Bool]) -> Record {
        let fields = cells.map { cell -> UnsafeBufferPointer<UInt8> in
            let bytes = Array(cell.utf8)
            let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, bytes.count))
            _ = buffer.initialize(from: bytes)
            buffers.append(buffer)
            return UnsafeBufferPointer(start: buffer.baseAddress, count: bytes.count)
        }
        return Record(fields: fields, numbers: numbers)
    }

    func deallocate() { buffers.forEach { $0.deallocate() } }
}
