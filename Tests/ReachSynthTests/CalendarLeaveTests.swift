import Foundation
import ReachModel
import ReachTestSupport
import Testing
@testable import ReachSynth

/// `--calendar-leave`: the school calendar (校历) and leave approval exports
/// (请假), their manifest counts, their effect on check-ins, and nothing at
/// all without the option.
@Suite struct CalendarLeaveTests {
    let tmp = TempFolder()

    static let end = Day(year: 2026, month: 11, day: 20)!
    static let clean = SynthConfig(members: 300, days: 45, end: end, seed: 7, calendarLeave: true)
    static var messy: SynthConfig {
        var config = messyConfig
        config.calendarLeave = true
        return config
    }

    @Test func sameSeedSameBytes() throws {
        let (a, first) = try generate(Self.messy, "cl-det-a", in: tmp)
        let (b, second) = try generate(Self.messy, "cl-det-b", in: tmp)
        var reseeded = Self.messy
        reseeded.seed = 4
        let (c, _) = try generate(reseeded, "cl-det-c", in: tmp)
        #expect(first.files == second.files)
        #expect(first.files.contains { $0.kind == .calendar } && first.files.contains { $0.kind == .leave })
        for name in first.files.map(\.name) + ["SYNTH.txt"] {
            #expect(try bytes(a, name) == bytes(b, name), "\(name) differs between runs")
        }
        let leave = try #require(first.files.first { $0.kind == .leave }).name
        #expect(try bytes(a, leave) != bytes(c, leave))
    }

    @Test func calendarHasAHolidayItsMakeUpDayAndClassRanges() throws {
        let (dir, summary) = try generate(Self.clean, "cl-calendar", in: tmp)
        let file = try #require(summary.files.first { $0.kind == .calendar })
        #expect(file.name == "校历-2026秋.csv")
        let table = try ExportTable(text(dir, file.name), marker: "开始日期")
        #expect(table.header == ["开始日期", "结束日期", "类型", "学院", "支部", "班级", "说明"])
        func scope(_ row: [String]) -> [String] { ["学院", "支部", "班级"].map { table.value(row, $0) } }
        // National Day: an all-level range off, and its make-up Saturday (10 October) worked.
        #expect(table.rows.contains { $0.prefix(3) == ["2026-10-01", "2026-10-07", "放假"] && scope($0) == ["", "", ""] })
        let makeUp = try #require(table.rows.first { $0[0] == "2026-10-10" })
        #expect(makeUp[1] == "" && makeUp[2] == "补班" && scope(makeUp) == ["", "", ""])
        #expect(SchoolCalendar.weekday(Day(iso: makeUp[0])!) == 5)
        // A class away for a week (the row names its college too), a college's day off, a class's weekend lesson.
        #expect(table.rows.contains { row in
            table.value(row, "班级") != "" && table.value(row, "学院") != "" && table.value(row, "类型") == "停课"
                && Day(iso: row[1])! - Day(iso: row[0])! == 6
        })
        #expect(table.rows.contains { scope($0)[0] != "" && scope($0)[2] == "" && $0[2] == "休息" })
        #expect(table.rows.contains { row in
            table.value(row, "班级") != "" && row[2] == "上课" && SchoolCalendar.weekday(Day(iso: row[0])!) >= 5
        })
        // Rows lie in or near the generated days.
        let first = Self.clean.firstDay
        #expect(table.rows.allSatisfy { Day(iso: $0[0])! <= Self.end + 14 && Day(iso: $0[1].isEmpty ? $0[0] : $0[1])! >= first - 21 })
    }

    /// Whatever the window, the calendar has an all-level day off and an
    /// all-level make-up weekend day inside it, and a class-level range.
    @Test func everyWindowExercisesTheRules() {
        let shapes: [(end: Day, days: Int)] = [
            (Self.end, 45), (Self.end, 20), (Day(year: 2026, month: 5, day: 31)!, 60),
            (Day(year: 2031, month: 3, day: 10)!, 30), (Day(year: 2026, month: 12, day: 31)!, 10),
        ]
        for shape in shapes {
            let config = SynthConfig(members: 400, days: shape.days, end: shape.end, seed: 2, calendarLeave: true)
            let calendar = TermCalendar(config: config, campus: Campus(config: config))
            let window = config.firstDay...config.end
            let all = calendar.rows.filter { $0.scope == .all }
            #expect(all.contains { $0.off && TermCalendar.days(window).contains(where: $0.covers) }, "\(shape)")
            #expect(all.contains { !$0.off && window.contains($0.first) && SchoolCalendar.weekday($0.first) >= 5 }, "\(shape)")
            #expect(calendar.rows.contains { $0.scope.level == 3 && $0.off && $0.overlaps(window) }, "\(shape)")
        }
    }

    /// About 20 rows in a mix of levels for the benchmark's month.
    @Test func calendarRowsGrowWithTheCampus() {
        let config = SynthConfig(members: 50_000, days: 31, end: Self.end, seed: 1, calendarLeave: true)
        let rows = TermCalendar(config: config, campus: Campus(config: config)).rows
        #expect((16...26).contains(rows.count))
        #expect(Set(rows.map(\.scope.level)) == [0, 1, 2, 3])
        #expect(LeaveBook.requestCount(members: 300) == 12 && LeaveBook.requestCount(members: 50_000) == 4_982)
    }

    @Test func leaveExportHasEveryStatusAHalfDayAndAStranger() throws {
        let (dir, summary) = try generate(Self.clean, "cl-leave", in: tmp)
        let files = summary.files.filter { $0.kind == .leave }
        #expect(files.map(\.name) == ["请假审批-2026-10.csv", "请假审批-2026-11.csv"])
        #expect(try text(dir, files[1].name).hasPrefix("请假审批导出 2026-11-01 至 2026-11-30\n\n审批编号,"))
        let tables = try files.map { try ExportTable(text(dir, $0.name), marker: "审批编号") }
        let rows = tables.flatMap { t in t.rows.map { (t, $0) } }
        #expect(rows.count == 12)
        let statuses = Set(rows.map { $0.0.value($0.1, "审批状态") })
        #expect(!statuses.isDisjoint(with: ["已同意", "已通过"]) && statuses.contains("已撤销") && statuses.contains("审批中"))
        #expect(!statuses.isDisjoint(with: ["已拒绝", "已驳回"]))
        // Half a day: 08:00–12:00 or 14:00–18:00 of one day.
        #expect(rows.contains { t, row in
            let (s, e) = (t.value(row, "开始时间"), t.value(row, "结束时间"))
            return s.prefix(10) == e.prefix(10) && [("08:00", "12:00"), ("14:00", "18:00")].contains { s.hasSuffix($0.0) && e.hasSuffix($0.1) }
        })
        // A leave that starts before the first day and ends after it.
        #expect(rows.contains { t, row in
            t.value(row, "开始时间").prefix(10) < "2026-10-07" && t.value(row, "结束时间").prefix(10) > "2026-10-07"
        })
        // An id on no roster, named in the manifest.
        let roster = Set(try ExportTable(text(dir, "members.csv"), marker: "学号").rows.map { $0[0] })
        let strangers = rows.map { $0.0.value($0.1, "学号") }.filter { !roster.contains($0) }
        #expect(strangers == summary.leaveUnknownMemberIDs && strangers.count == 1)
        #expect(try text(dir, "SYNTH.txt").contains("\ncalendar_leave = on\nleave_unknown_member_ids = \(strangers[0])\n"))
    }

    /// The manifest's counts are what an independent, simple reading of SPEC
    /// 1.3–1.6 finds, row by row, in the messy files too.
    @Test func manifestCountsMatchTheRows() throws {
        for (k, config) in [Self.clean, Self.messy].enumerated() {
            let (dir, summary) = try generate(config, "cl-counts-\(k)", in: tmp)
            var leaveSeen = Set<[String]>()
            for file in summary.files where file.kind == .calendar || file.kind == .leave {
                let text = try decoded(dir, file)
                let counted = file.kind == .calendar
                    ? CountedRows(calendar: try ExportTable(text, marker: "开始日期"))
                    : CountedRows(leave: try ExportTable(text, marker: "审批编号"), seen: &leaveSeen)
                let planted: [Int] = [file.rows, file.accepted, file.duplicates, file.rejected]
                let read: [Int] = [counted.rows, counted.accepted, counted.duplicates, counted.rejected]
                #expect(planted == read, "\(file.name)")
            }
            let manifest = try text(dir, "SYNTH.txt")
            for kind in [FileKind.calendar, .leave] {
                #expect(manifest.contains("\nbad_rows.\(kind.rawValue) = \(summary.badRows(kind))\n"))
                #expect(manifest.contains("\nduplicates.\(kind.rawValue) = \(summary.duplicates(kind))\n"))
            }
            if config.messy {
                // Planted: 调休 and an end before its start; a half-day notation, an empty id, an end before its start.
                let calendar = try #require(summary.files.first { $0.kind == .calendar })
                #expect(calendar.encoding == .gb18030 && calendar.titleLines == 1 && calendar.rejected == 2 && calendar.duplicates == 1)
                #expect(try decoded(dir, calendar).contains(",调休,"))
                let last = try #require(summary.files.last { $0.kind == .leave })
                let lastText = try decoded(dir, last)
                #expect(lastText.contains(" 上午,") && lastText.contains(",,") && last.duplicates >= 1)
            }
        }
    }

    /// Members on approved full-day leave mostly do not check in on its days;
    /// without the option the same member-days are mostly checked in.
    @Test func membersOnLeaveMostlyDoNotCheckIn() throws {
        var config = SynthConfig(members: 1_000, days: 30, end: Self.end, seed: 5, calendarLeave: true)
        let (dir, summary) = try generate(config, "cl-away", in: tmp)
        config.calendarLeave = false
        let (plain, plainSummary) = try generate(config, "cl-away-plain", in: tmp)

        let roster = Set(try ExportTable(text(dir, "members.csv"), marker: "学号").rows.map { $0[0] })
        var leaveDays = Set<String>()  // "id day"
        for file in summary.files where file.kind == .leave {
            let t = try ExportTable(decoded(dir, file), marker: "审批编号")
            for row in t.rows where ["已同意", "已通过"].contains(t.value(row, "审批状态")) && t.value(row, "时长") != "0.5天"
                && roster.contains(t.value(row, "学号")) {
                guard let first = Day(iso: t.value(row, "开始时间").prefix(10)), let last = Day(iso: t.value(row, "结束时间").prefix(10)) else { continue }
                let (from, to) = (max(first, config.firstDay), min(last, config.end))
                guard from <= to else { continue }
                for day in TermCalendar.days(from...to) { leaveDays.insert(t.value(row, "学号") + " " + day.description) }
            }
        }
        #expect(leaveDays.count >= 40)
        func checkedIn(_ dir: URL, _ summary: SynthSummary) throws -> Int {
            var found = Set<String>()
            for file in summary.files where file.kind == .checkins {
                for line in try text(dir, file.name).split(separator: "\n").dropFirst() {
                    let f = line.split(separator: ",")
                    let key = String(f[0]) + " " + String(f[1].prefix(10))
                    if leaveDays.contains(key) { found.insert(key) }
                }
            }
            return found.count
        }
        let onLeave = Double(try checkedIn(dir, summary)) / Double(leaveDays.count)
        let without = Double(try checkedIn(plain, plainSummary)) / Double(leaveDays.count)
        #expect(onLeave < 0.25, "\(onLeave)")
        #expect(without > 0.6, "\(without)")
    }

    /// Without the option the output is byte for byte the committed sample's
    /// (fingerprints taken before calendar and leave existed).
    @Test func withoutTheOptionNothingChanges() throws {
        #expect(sampleConfig.calendarLeave == false)
        let (dir, summary) = try generate(sampleConfig, "cl-off", in: tmp)
        let before: [String: UInt64] = [
            "SYNTH.txt": 0x1409_DFF8_EB71_DC7C, "checkins-2026-11.csv": 0xDCAD_D728_63B7_334E,
            "comments-2026-10.csv": 0x9782_C7D3_6F1B_8799, "comments-2026-11.csv": 0x45D3_D38B_1FED_6E68,
            "members.csv": 0x8A61_FFFD_099C_00E3, "posts.csv": 0x0FB6_8639_563C_DBCE,
            "shares-2026-10.csv": 0x2FCA_E87F_033C_3444, "shares-2026-11.csv": 0x449C_2C81_C4B8_1F40,
            "打卡统计-2026-10.csv": 0x88A5_5605_884B_0F3F,
        ]
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == before.keys.sorted())
        #expect(!summary.files.contains { $0.kind == .calendar || $0.kind == .leave })
        for (name, expected) in before {
            #expect(fingerprint(try bytes(dir, name)) == expected, "\(name) changed")
        }
    }
}

/// A file's text in its encoding (GB18030, or UTF-8 with or without BOM).
private func decoded(_ dir: URL, _ file: SynthSummary.File) throws -> String {
    let raw = try bytes(dir, file.name)
    if file.encoding == .gb18030 {
        return try #require(String(data: Data(raw), encoding: String.Encoding(rawValue: 0x8000_0632)))
    }
    return String(decoding: raw.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(raw.dropFirst(3)) : raw, as: UTF8.self)
}

/// The counts a reader reports for a calendar or leave table, by SPEC 1.3–1.6
/// read simply: bad rows rejected, unapproved leaves rejected, repeats duplicates.
private struct CountedRows {
    var rows = 0, accepted = 0, duplicates = 0, rejected = 0

    private mutating func count(_ identity: [String]?, seen: inout Set<[String]>) {
        rows += 1
        guard let identity else {
            rejected += 1
            return
        }
        if seen.insert(identity).inserted { accepted += 1 } else { duplicates += 1 }
    }

    init(calendar t: ExportTable) {
        var seen = Set<[String]>()
        for row in t.rows {
            let word = t.value(row, "类型").lowercased()
            let type = ["off", "休息", "放假", "假期", "停课", "holiday"].contains(word) ? "off"
                : (["on", "上课", "补班", "workday"].contains(word) ? "on" : nil)
            let start = date(t.value(row, "开始日期"))
            let end = t.value(row, "结束日期").isEmpty ? start : date(t.value(row, "结束日期"))
            guard let type, let start, let end, start <= end else { count(nil, seen: &seen); continue }
            count([start.description, end.description, type] + ["学院", "支部", "班级"].map { t.value(row, $0) }, seen: &seen)
        }
    }

    init(leave t: ExportTable, seen: inout Set<[String]>) {
        for row in t.rows {
            let member = t.value(row, "学号"), status = t.value(row, "审批状态")
            let start = minute(t.value(row, "开始时间"))
            let end = t.value(row, "结束时间").isEmpty ? start : minute(t.value(row, "结束时间"))
            let approved = status.isEmpty || ["approved", "通过", "已通过", "同意", "已同意"].contains(status)
            guard !member.isEmpty, let start, let end, start <= end, approved else { count(nil, seen: &seen); continue }
            count([member, start.description, end.description, t.value(row, "请假类型")], seen: &seen)
        }
    }
}

/// `2026-11-03` or `2026/11/3`.
private func date(_ text: String) -> Day? {
    if let day = Day(iso: text), text.count == 10 { return day }
    let parts = text.split(separator: "/").compactMap { Int($0) }
    return parts.count == 3 ? Day(year: parts[0], month: parts[1], day: parts[2]) : nil
}

/// The day of `2026-11-03 08:00`.
private func minute(_ text: String) -> Day? {
    let clock = text.dropFirst(11)
    guard text.count == 16, text.dropFirst(10).first == " ", clock.count == 5, clock.dropFirst(2).first == ":",
          clock.allSatisfy({ $0.isNumber || $0 == ":" }) else { return nil }
    return date(String(text.prefix(10)))
}
