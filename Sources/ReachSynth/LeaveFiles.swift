import Foundation
import ReachModel

/// Leave approval exports (`请假审批-2026-11.csv`, SPEC 1.3 leave), one per
/// month in which requests were submitted, as DingTalk writes them: a title
/// row (`请假审批导出 2026-11-01 至 2026-11-30`) above the header, the
/// approval's columns (审批编号, 标题, 审批状态, 发起时间), then the form's
/// (学号, 姓名, 部门, 请假类型, 开始时间, 结束时间, 时长, 事由), times to the
/// minute. Months alternate between DingTalk's status words (已同意, 已拒绝)
/// and WeCom's (已通过, 已驳回); 已撤销 and 审批中 are common to both.
///
/// Every request is a row: one whose status is not an approval is a row a
/// reader rejects (`not approved: <status>`, SPEC 1.6), an approved one
/// repeating an earlier leave (same member, days and type) is a duplicate.
/// A messy inbox writes the last month with a BOM and CRLF, repeats in it
/// the first approved request of all (submitted again: a duplicate), and
/// adds three rows a reader must reject: DingTalk's half-day notation as the
/// time (`2026-11-05 上午`), an empty 学号, and an end before its start.
struct LeaveFiles {
    let files: [ExportFile]
    private let book: LeaveBook
    /// The file of each request, by index into `book.requests`.
    private let fileOf: [Int]

    /// What an export calls each status.
    private static let dingTalk: [LeaveRequest.Status: String] = [
        .approved: "已同意", .withdrawn: "已撤销", .pending: "审批中", .refused: "已拒绝",
    ]
    private static let weCom: [LeaveRequest.Status: String] = [
        .approved: "已通过", .withdrawn: "已撤销", .pending: "审批中", .refused: "已驳回",
    ]

    /// A planted row a reader must reject.
    private enum Broken { case halfDayNotation, emptyMemberID, endBeforeStart }

    init(config: SynthConfig, book: LeaveBook, in dir: URL) {
        self.book = book
        var months: [(year: Int, month: Int)] = []
        var fileOf: [Int] = []
        for r in book.requests {
            let (y, m, _) = r.submitted.civil
            if months.last.map({ $0.year != y || $0.month != m }) ?? true { months.append((y, m)) }
            fileOf.append(months.count - 1)
        }
        self.fileOf = fileOf
        files = months.enumerated().map { i, month in
            var style = FileStyle(columns: FileStyle.eventColumns(.leave))
            style.chinese = true
            let tag = "\(month.year)-\(Campus.pad(month.month, 2))"
            style.titleLines = ["请假审批导出 \(tag)-01 至 \(tag)-\(Day.daysIn(month: month.month, year: month.year))"]
            if config.mess == .full && i == months.count - 1 {
                style.encoding = .utf8BOM
                style.crlf = true
                style.duplicates = 1
                style.badRows = 3
            }
            return ExportFile(name: "请假审批-\(tag).csv", kind: .leave, style: style, in: dir)
        }
    }

    /// Writes every file in name order, counting each row as a reader must.
    func write() throws {
        var seen = Set<LeaveRequest.Identity>()
        func role(_ r: LeaveRequest) -> ExportFile.Role {
            r.status != .approved ? .rejected : (seen.insert(r.identity).inserted ? .accepted : .duplicate)
        }
        var serial = book.requests.count
        // The request a messy export repeats: the first approved one, submitted again.
        let resubmitted = book.requests.first { $0.status == .approved }
        for (f, file) in files.enumerated() {
            let words = f % 2 == 0 ? LeaveFiles.dingTalk : LeaveFiles.weCom
            let mine = book.requests.indices.filter { fileOf[$0] == f }.map { book.requests[$0] }
            file.begin()
            for (i, request) in mine.enumerated() {
                write(request, to: file, words: words, role: role(request))
                if i == 0 && file.style.duplicates > 0, var again = resubmitted {
                    serial += 1
                    again.serial = serial
                    (again.submitted, again.submittedSecond) = (request.submitted, min(86_399, request.submittedSecond + 600))
                    write(again, to: file, words: words, role: role(again))
                }
                if i == mine.count / 2 {
                    // Broken copies of the requests from here on, each marked approved.
                    for (k, broken) in [Broken.halfDayNotation, .emptyMemberID, .endBeforeStart].prefix(file.style.badRows).enumerated() {
                        serial += 1
                        var wrong = mine[(i + k) % mine.count]
                        wrong.serial = serial
                        wrong.status = .approved
                        write(wrong, to: file, words: words, role: .rejected, broken: broken)
                    }
                }
            }
            try file.finish()
        }
    }

    private func write(_ r: LeaveRequest, to file: ExportFile, words: [LeaveRequest.Status: String],
                       role: ExportFile.Role, broken: Broken? = nil) {
        let d = file.style.delimiter
        for (i, column) in file.style.columns.enumerated() {
            if i > 0 { file.separator() }
            switch column {
            case .approvalID:
                // DingTalk's numbers: the submission's date and minute, then a serial.
                let (y, m, day) = r.submitted.civil
                file.out.appendDecimal(y, width: 4)
                for v in [m, day, r.submittedSecond / 3_600, r.submittedSecond / 60 % 60] { file.out.append2(v) }
                file.out.appendDecimal(r.serial, width: 6)
            case .title: file.out.appendField(r.name + "提交的请假", delimiter: d)
            case .status: file.out.append(words[r.status]!)
            case .submittedAt: TimestampWriter.minutes(r.submitted, second: r.submittedSecond, into: &file.out)
            case .memberID: if broken != .emptyMemberID { file.out.append(r.memberID) }
            case .name: file.out.appendField(r.name, delimiter: d)
            case .department: file.out.appendField(r.department, delimiter: d)
            case .category: file.out.append(r.type)
            case .start:
                if broken == .halfDayNotation {
                    file.out.append(r.first.description + " 上午")
                } else {
                    TimestampWriter.minutes(r.first, second: r.firstSecond, into: &file.out)
                }
            case .end:
                switch broken {
                case .halfDayNotation: file.out.append(r.first.description + " 下午")
                case .endBeforeStart: TimestampWriter.minutes(r.first - 1, second: r.lastSecond, into: &file.out)
                default: TimestampWriter.minutes(r.last, second: r.lastSecond, into: &file.out)
                }
            case .duration: file.out.append(r.isHalfDay ? "0.5天" : "\(r.last - r.first + 1)天")
            case .note: file.out.appendField(r.reason, delimiter: d)
            default: break
            }
        }
        file.endLine(role)
    }
}
