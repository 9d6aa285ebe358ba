import Foundation
import ReachModel

/// Which files an inbox gets and how each is written: the event files split
/// by month and kind, with header languages alternating, and — in a messy
/// or sample inbox — the quirks of SPEC section 1 dealt out over them. With
/// `--xlsx` the last month's check-ins are a DingTalk attendance workbook.
struct FilePlan {
    /// A calendar month of the generated range, as day offsets.
    struct Month {
        var year: Int, month: Int
        var offsets: ClosedRange<Int>
        var tag: String { "\(year)-\(Campus.pad(month, 2))" }
    }

    let months: [Month]
    /// Event files by month index, then kind (checkins, shares, comments).
    private(set) var eventFiles: [[ExportFile]] = []
    /// The overlapping check-in export of a messy inbox and the days it covers.
    private(set) var overlap: (file: ExportFile, offsets: ClosedRange<Int>)?

    init(config: SynthConfig, in dir: URL) {
        var months: [Month] = []
        for offset in 0..<config.days {
            let (y, m, _) = (config.firstDay + offset).civil
            if let last = months.last, last.year == y, last.month == m {
                months[months.count - 1].offsets = last.offsets.lowerBound...offset
            } else {
                months.append(Month(year: y, month: m, offsets: offset...offset))
            }
        }
        self.months = months
        for (i, month) in months.enumerated() {
            eventFiles.append(EventKind.allCases.map { kind in
                let (name, style) = FilePlan.eventStyle(kind.fileKind, month: month, index: i, of: months.count,
                                                        config: config)
                guard style.encoding == .xlsx else { return ExportFile(name: name, kind: kind.fileKind, style: style, in: dir) }
                // The workbook draws its random choices where the CSV it replaces would have,
                // so --xlsx leaves every other file as it was.
                var plain = config
                plain.xlsx = false
                let csvName = FilePlan.eventStyle(kind.fileKind, month: month, index: i, of: months.count, config: plain).0
                return ExportFile(name: name, kind: kind.fileKind, style: style, in: dir, rankName: csvName)
            })
        }
        if config.mess == .full {
            // The last 3 days of the second-to-last month and the first 3 of the last
            // (or the last 4 days when the range is one month), exported again.
            let offsets: ClosedRange<Int>
            if months.count >= 2 {
                let boundary = months[months.count - 1].offsets.lowerBound
                offsets = max(0, boundary - 3)...min(config.days - 1, boundary + 2)
            } else {
                offsets = max(0, config.days - 4)...(config.days - 1)
            }
            var style = FileStyle(columns: [.memberID, .time])
            style.timestamps = [.isoOffset, .isoUTC]
            let from = FilePlan.compact(config.firstDay + offsets.lowerBound)
            let to = FilePlan.compact(config.firstDay + offsets.upperBound)
            overlap = (ExportFile(name: "打卡补充导出-\(from)-\(to).csv", kind: .checkins, style: style, in: dir), offsets)
        }
    }

    static func compact(_ day: Day) -> String { day.description.replacingOccurrences(of: "-", with: "") }

    /// The name and style of the event file of `kind` for one month.
    static func eventStyle(_ kind: FileKind, month: Month, index: Int, of count: Int,
                           config: SynthConfig) -> (String, FileStyle) {
        // Header languages alternate by month; check-ins start in Chinese, comments in English.
        var style = FileStyle(columns: FileStyle.eventColumns(kind))
        style.chinese = (index + (kind == .comments ? 0 : 1)) % 2 == 1
        var name = "\(kind.rawValue)-\(month.tag).csv"
        let first = index == 0, last = index == count - 1
        let title = "打卡统计 \(month.year)年\(month.month)月"
        switch config.mess {
        case .clean:
            break
        case .light:
            if kind == .checkins && first {
                style.encoding = .gb18030
                style.chinese = true
                style.crlf = true
                style.titleLines = [title]
                style.duplicates = 2
                style.badRows = 2
                name = "打卡统计-\(month.tag).csv"
            }
            if kind == .comments && last { style.duplicates += 2; style.badRows += 1 }
            if kind == .shares && last { style.badRows += 1 }
        case .full:
            switch kind {
            case .checkins:
                if first {
                    style.encoding = .gb18030
                    style.chinese = true
                    style.crlf = true
                    style.titleLines = [title]
                    style.columns = [.memberID, .name, .time, .channel]
                    style.duplicates = 3
                    style.badRows = 3
                    name = "打卡统计-\(month.tag).csv"
                }
                if last {
                    style.timestamps = TimestampStyle.allCases
                    style.duplicates += 5
                    style.badRows += 5
                    style.blankLines = true
                }
            case .shares:
                if first {
                    style.encoding = .utf8BOM
                    style.crlf = true
                    style.padded = true
                    style.columns.append(.target)
                    style.badRows = 2
                }
                if last {
                    style.titleLines = ["转发统计", "导出时间：\(config.end + 1) 08:00"]
                    style.timestamps = [.standard, .epochSeconds, .epochMillis, .isoUTC]
                    style.duplicates += 2
                    style.badRows += 2
                }
            case .comments:
                if first {
                    style.columns.append(.text)
                    style.duplicates = 2
                }
                if last {
                    style.encoding = .utf16LE
                    style.tab = true
                    style.chinese = true
                    style.columns = [.memberID, .name, .time, .contentID, .featured, .text]
                    style.badRows += 2
                    name = "comments-\(month.tag).txt"
                }
            default:
                break
            }
        }
        if config.writesGroups {
            // Contract v4: every comment has its text, every share its target.
            if kind == .comments && !style.columns.contains(.text) { style.columns.append(.text) }
            if kind == .shares && !style.columns.contains(.target) { style.columns.append(.target) }
        }
        if config.xlsx && kind == .checkins && last {
            // The last month's check-ins come as DingTalk's daily attendance report
            // (AttendanceWorkbook), keeping the planted duplicates and bad rows of the month.
            style.encoding = .xlsx
            style.chinese = true
            style.crlf = false
            style.tab = false
            style.padded = false
            style.blankLines = false
            style.timestamps = [.standard]
            style.titleLines = [AttendanceWorkbook.title(month, firstDay: config.firstDay)]
            name = "打卡-钉钉考勤报表-\(month.tag).xlsx"
        }
        return (name, style)
    }
}
