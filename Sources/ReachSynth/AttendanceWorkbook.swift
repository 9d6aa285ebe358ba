import CXLSXWriter
import Foundation
import ReachModel

/// The check-in export of `--xlsx`: DingTalk's daily attendance report
/// (钉钉考勤报表, sheet 每日统计) for one month, written with libxlsxwriter
/// (SPEC 1.2a, 1.6, contract v3).
///
/// Row 1 is a title merged over the header's width
/// (`钉钉考勤报表 2026-11-01 至 2026-11-20`: the days the export covers).
/// Rows 2–3 are a two-row header: 姓名, 工号, 部门 and 日期 each merged down
/// over both rows, then `上班1` and `下班1` each merged over their two
/// sub-headers `打卡时间`, `打卡结果` — joined, `上班1打卡时间`,
/// `上班1打卡结果`, `下班1打卡时间`, `下班1打卡结果`. (A month of more than
/// ``streamingRows`` rows is streamed, and there the first four names stand
/// above empty cells instead of being merged down.)
///
/// Below, one row per member active on a day, day by day, members in roster
/// order: 日期 is text (`2026-11-03 星期二`); 工号 is a number cell (a
/// reader turns it back into its digits) — except an id with a leading
/// zero, which DingTalk keeps as the text it was typed as, so no reader has
/// to guess a lost zero back; 上班1打卡时间 is the member's first check-in
/// of the day to the minute, as a time cell formatted `hh:mm` in some rows
/// and as the text `08:52` in others, with 打卡结果 `正常` (until 09:00) or
/// `迟到`. A member who did not check in gets an empty time and `未打卡` or
/// `缺卡`: an absent row. A second check-in of the day goes to 下班1, which
/// no reader takes an event from (SPEC 1.3 knows no such column), so the
/// month's events are each member's first check-in of a day
/// (``firstPerDay(_:)``), and only those are counted.
///
/// Planted rows follow the file's style: a duplicate repeats a member's
/// row with its time in the other cell type; a bad row has an empty 工号,
/// a time no reader can read (`昨天 08:52`) or an impossible 日期. A messy
/// inbox also writes one absent row (`旷工`) with a time beside it: the
/// result wins (SPEC 1.6).
final class AttendanceWorkbook {
    let file: ExportFile
    private let campus: Campus
    private let habits: [Habit]
    private let messy: Bool
    private var book: UnsafeMutablePointer<lxw_workbook>?
    private let sheet: UnsafeMutablePointer<lxw_worksheet>
    private let timeFormat: UnsafeMutablePointer<lxw_format>
    private let idFormat: UnsafeMutablePointer<lxw_format>
    private var row = lxw_row_t(AttendanceWorkbook.headerRows)
    private var resultWinsPlanted = false
    private var path: String { file.url.path }

    /// Columns of the report, 0-based.
    private enum Col {
        static let name: lxw_col_t = 0, id: lxw_col_t = 1, department: lxw_col_t = 2, date: lxw_col_t = 3
        static let onTime: lxw_col_t = 4, onResult: lxw_col_t = 5, offTime: lxw_col_t = 6, offResult: lxw_col_t = 7
    }

    static let sheetName = "每日统计"
    /// Columns of the header (the title row is merged over them).
    static let width = 8
    /// Rows above the data: the title and the two header rows.
    static let headerRows = 3
    /// 上班1 starts at 09:00: later check-ins are 迟到.
    static let onDutyMinute = 9 * 60
    /// Above this many rows the sheet is streamed (libxlsxwriter's constant-memory mode).
    static let streamingRows = 200_000

    /// `钉钉考勤报表 2026-11-01 至 2026-11-20`: the first and last day of `month` the export covers.
    static func title(_ month: FilePlan.Month, firstDay: Day) -> String {
        "钉钉考勤报表 \(firstDay + month.offsets.lowerBound) 至 \(firstDay + month.offsets.upperBound)"
    }

    /// 日期 as DingTalk writes it: `2026-11-03 星期二`.
    static func dateText(_ day: Day) -> String {
        let names = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]
        return "\(day) \(names[SchoolCalendar.weekday(day)])"
    }

    /// A day's check-ins as the report holds them: each member's first one,
    /// to the minute (in time order); `later` maps a member to the minute of
    /// a further check-in that day (the 下班1 time), in seconds of the day.
    static func firstPerDay(_ checkins: [Happening]) -> (first: [Happening], later: [Int: Int]) {
        var first: [Happening] = []
        first.reserveCapacity(checkins.count)
        var seen = Set<Int>()
        var later: [Int: Int] = [:]
        for c in checkins {
            let minute = c.second - c.second % 60
            if seen.insert(c.member).inserted {
                first.append(Happening(second: minute, member: c.member, article: nil))
            } else if later[c.member] == nil {
                later[c.member] = minute
            }
        }
        first.sort()
        return (first, later)
    }

    /// Starts the workbook of `file` and writes its title and header rows.
    init(file: ExportFile, month: FilePlan.Month, config: SynthConfig, campus: Campus, habits: [Habit]) throws {
        self.file = file
        self.campus = campus
        self.habits = habits
        messy = config.mess == .full
        var options = lxw_workbook_options()
        options.constant_memory = campus.people.count * month.offsets.count > Self.streamingRows ? 1 : 0
        guard let book = workbook_new_opt(file.url.path, &options) else {
            throw ReachError.cannotRun("synth: cannot start the workbook \(file.url.path): out of memory")
        }
        self.book = book
        // A fixed creation time (the morning after --end, 08:00 in Shanghai), so
        // the same options give the same bytes.
        var properties = lxw_doc_properties()
        properties.created = time_t(Int64(config.end.index + 1) * 86_400)
        guard let sheet = workbook_add_worksheet(book, Self.sheetName) else {
            lxw_workbook_free(book)
            throw ReachError.cannotRun("synth: cannot add the sheet \(Self.sheetName) to \(file.url.path)")
        }
        self.sheet = sheet
        timeFormat = workbook_add_format(book)
        format_set_num_format(timeFormat, "hh:mm")
        idFormat = workbook_add_format(book)
        format_set_num_format_index(idFormat, 1)  // Excel's builtin `0`: digits, never 2.02601E+09
        let titleFormat = workbook_add_format(book)
        format_set_bold(titleFormat)
        format_set_font_size(titleFormat, 14)
        format_set_align(titleFormat, UInt8(LXW_ALIGN_CENTER.rawValue))
        let headerFormat = workbook_add_format(book)
        format_set_bold(headerFormat)
        format_set_align(headerFormat, UInt8(LXW_ALIGN_CENTER.rawValue))
        format_set_align(headerFormat, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue))
        format_set_bg_color(headerFormat, 0xDDEBF7)
        format_set_border(headerFormat, UInt8(LXW_BORDER_THIN.rawValue))

        try check(workbook_set_properties(book, &properties), "set the properties of")
        let last = lxw_col_t(Self.width - 1)
        try check(worksheet_merge_range(sheet, 0, 0, 0, last, file.style.titleLines.first ?? "", titleFormat), "write")
        let groups = [(Col.onTime, "上班1"), (Col.offTime, "下班1")]
        let names = ["姓名", "工号", "部门", "日期"]
        if options.constant_memory == 0 {
            // As DingTalk does: the first four names merged down over both header rows.
            for (col, name) in names.enumerated() {
                try check(worksheet_merge_range(sheet, 1, lxw_col_t(col), 2, lxw_col_t(col), name, headerFormat), "write")
            }
        } else {
            // A streamed sheet is written row by row, so a range over two rows cannot be
            // merged: the names stand in row 2 above empty cells (read the same way).
            for (col, name) in names.enumerated() {
                try check(worksheet_write_string(sheet, 1, lxw_col_t(col), name, headerFormat), "write")
            }
        }
        for (col, group) in groups {
            try check(worksheet_merge_range(sheet, 1, col, 1, col + 1, group, headerFormat), "write")
        }
        for (col, _) in groups {
            try check(worksheet_write_string(sheet, 2, col, "打卡时间", headerFormat), "write")
            try check(worksheet_write_string(sheet, 2, col + 1, "打卡结果", headerFormat), "write")
        }
        if options.constant_memory != 0 {
            for col in 0 ..< lxw_col_t(names.count) { try check(worksheet_write_blank(sheet, 2, col, headerFormat), "write") }
        }
        for (col, width) in [(Col.name, 10.0), (Col.id, 13.0), (Col.department, 14.0), (Col.date, 18.0),
                             (Col.onTime, 10.0), (Col.onResult, 10.0), (Col.offTime, 10.0), (Col.offResult, 10.0)] {
            try check(worksheet_set_column(sheet, col, col, width, nil), "set the columns of")
        }
        worksheet_freeze_panes(sheet, 3, 0)
    }

    deinit {
        // Only reached without finish(): an error was thrown. Free without writing.
        if let book { lxw_workbook_free(book) }
    }

    /// A planted row a reader must reject.
    enum Broken { case emptyID, unreadableTime, impossibleDate }

    /// Writes the rows of `day`: one per member active on it (offset
    /// `offset`), in roster order. `checkins` are the day's first check-ins
    /// (``firstPerDay(_:)``), counted as `role`; `copies` repeats a member's
    /// row as a duplicate; `broken` adds rows a reader rejects, each from
    /// `template`'s row.
    func writeDay(_ day: Day, offset: Int, checkins: [Happening], later: [Int: Int], role: ExportFile.Role,
                  copies: [Int: Int], broken: [BadRow], template: Int, rng: inout Random) throws {
        var minuteOf: [Int: Int] = [:]
        minuteOf.reserveCapacity(checkins.count)
        for c in checkins { minuteOf[c.member] = c.second / 60 }
        let date = Self.dateText(day)
        for member in campus.people.indices {
            guard let active = habits[member].active, active.contains(offset) else { continue }
            let asNumber = rng.chance(0.5)
            if let minute = minuteOf[member] {
                try writeRow(member, date: date, minute: minute, later: later[member].map { $0 / 60 }, asNumber: asNumber)
                file.count(role)
                for _ in 0 ..< (copies[member] ?? 0) {
                    try writeRow(member, date: date, minute: minute, later: later[member].map { $0 / 60 }, asNumber: !asNumber)
                    file.count(.duplicate)
                }
            } else {
                let plantResultWins = messy && !resultWinsPlanted
                resultWinsPlanted = resultWinsPlanted || plantResultWins
                try writeRow(member, date: date, minute: plantResultWins ? 8 * 60 : nil, later: nil, asNumber: false,
                             result: plantResultWins ? "旷工" : (rng.chance(0.7) ? "未打卡" : "缺卡"))
                file.count(.absent)
            }
        }
        for (i, how) in broken.enumerated() {
            let minute = minuteOf[template] ?? (8 * 60 + 52)
            switch how {
            case .emptyMemberID, .extraField:
                try writeRow(template, date: date, minute: minute, later: nil, asNumber: i % 2 == 0, broken: .emptyID)
            case .unreadableTime, .missingFields:
                try writeRow(template, date: date, minute: minute, later: nil, asNumber: false, broken: .unreadableTime)
            case .impossibleDate:
                try writeRow(template, date: date, minute: minute, later: nil, asNumber: true, broken: .impossibleDate)
            }
            file.count(.rejected)
        }
    }

    /// One row. `minute`: the 上班1 time (nil: none); `result`: nil for a
    /// check-in's own (正常 or 迟到).
    private func writeRow(_ member: Int, date: String, minute: Int?, later: Int?, asNumber: Bool,
                          result: String? = nil, broken: Broken? = nil) throws {
        let person = campus.people[member]
        if !person.name.isEmpty { try check(worksheet_write_string(sheet, row, Col.name, person.name, nil), "write") }
        if broken != .emptyID {
            let id = person.id
            if let number = Self.numericID(id) {
                try check(worksheet_write_number(sheet, row, Col.id, number, idFormat), "write")
            } else {
                try check(worksheet_write_string(sheet, row, Col.id, id, nil), "write")
            }
        }
        if person.onRoster || member == campus.lateJoiner {
            let cls = campus.classes[person.classIndex].name
            try check(worksheet_write_string(sheet, row, Col.department, cls, nil), "write")
        }
        var dateText = date
        if broken == .impossibleDate {
            dateText = "\(date.prefix(4))-02-30 星期一"
        }
        try check(worksheet_write_string(sheet, row, Col.date, dateText, nil), "write")
        if let minute {
            if broken == .unreadableTime {
                try check(worksheet_write_string(sheet, row, Col.onTime, "昨天 " + Self.clock(minute), nil), "write")
            } else {
                try writeTime(minute, at: Col.onTime, asNumber: asNumber)
            }
        }
        let onResult = result ?? (minute.map { $0 <= Self.onDutyMinute ? "正常" : "迟到" } ?? "未打卡")
        try check(worksheet_write_string(sheet, row, Col.onResult, onResult, nil), "write")
        if let later {
            try writeTime(later, at: Col.offTime, asNumber: asNumber)
            try check(worksheet_write_string(sheet, row, Col.offResult, "正常", nil), "write")
        }
        row += 1
    }

    private func writeTime(_ minute: Int, at col: lxw_col_t, asNumber: Bool) throws {
        if asNumber {
            try check(worksheet_write_number(sheet, row, col, Double(minute) / 1_440, timeFormat), "write")
        } else {
            try check(worksheet_write_string(sheet, row, col, Self.clock(minute), nil), "write")
        }
    }

    /// `08:52`.
    static func clock(_ minute: Int) -> String {
        let h = minute / 60, m = minute % 60
        return (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
    }

    /// The id as a number when a number cell gives its digits back: all
    /// digits, no leading zero, at most 15 of them (exact in a double).
    static func numericID(_ id: String) -> Double? {
        guard (1 ... 15).contains(id.utf8.count), id.utf8.allSatisfy({ (0x30 ... 0x39).contains($0) }),
              id.utf8.first != 0x30 || id.utf8.count == 1 else { return nil }
        return Double(id)
    }

    /// Writes the file and notes its size.
    func finish() throws {
        guard let book else { return }
        self.book = nil
        try check(workbook_close(book), "write")
        try file.finish()
    }

    private func check(_ error: lxw_error, _ what: String) throws {
        guard error != LXW_NO_ERROR else { return }
        throw ReachError.cannotRun("synth: cannot \(what) the workbook \(path): \(String(cString: lxw_strerror(error))); check that the output folder is writable and its disk has space")
    }
}
