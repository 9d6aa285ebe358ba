import ReachMetrics
import ReachModel

/// Fixed words of the workbooks in the chosen language: sheet names, section
/// titles and overview labels. Input text never goes through here, but for
/// a calendar note put beside a day's word (``dayNote(_:hasFigure:)``).
struct Labels {
    let language: ReportLanguage

    private func pick(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }

    // Sheet names, in workbook order.
    var overview: String { pick("总览", "Overview") }
    var colleges: String { pick("学院", "Colleges") }
    var branches: String { pick("支部", "Branches") }
    var classes: String { pick("班级", "Classes") }
    var daily: String { pick("每日", "Daily") }
    var gaps: String { pick("缺卡名单", "Gap list") }
    var silent: String { pick("沉默班级", "Silent classes") }
    var members: String { pick("成员", "Members") }
    var posts: String { pick("推文", "Posts") }
    var featured: String { pick("优秀评论", "Featured comments") }
    var registry: String { pick("群组备案", "Groups registry") }
    var calendar: String { pick("校历", "Calendar") }
    var quality: String { pick("数据质量", "Data quality") }

    // Overview.
    var reportTitle: String { pick("打卡覆盖率报告", "Check-in coverage report") }
    var asOf: String { pick("截至日期", "As of") }
    var window: String { pick("统计窗口", "Window") }
    func windowText(from: String, to: String, days: Int) -> String {
        pick("\(from) 至 \(to)（\(days)天）", "\(from) to \(to) (\(days) days)")
    }
    var gapDays: String { pick("缺卡天数阈值", "Gap threshold (days)") }
    var minRate: String { pick("最低打卡率", "Minimum check-in rate") }
    var generatedAt: String { pick("生成时间", "Generated at") }
    var schoolCoverage: String { pick("全校覆盖率", "School-wide coverage") }
    var daysCounted: String { pick("计入天数", "Days counted") }
    /// The headline's denominator in days: check-in days with data of W.
    func daysCountedText(_ days: Int, of window: Int) -> String {
        pick("\(days) 个有数据的打卡日（窗口共 \(window) 天）",
             "\(days) check-in day\(days == 1 ? "" : "s") with data, of \(window)")
    }
    var previousCoverage: String { pick("上期覆盖率", "Previous window") }
    /// In place of the previous coverage when the previous window has none.
    func noPrevious(hasData: Bool) -> String {
        hasData ? pick("上期无人应打卡，无法比较", "nobody was expected in the previous window to compare")
                : pick("上期无数据，无法比较", "no data in the previous window to compare")
    }
    var change: String { pick("较上期变化", "Change") }
    var memberCount: String { pick("成员数", "Members") }
    var atRiskCount: String { pick("缺卡名单人数", "On the gap list") }
    var groups: String { pick("群组", "Groups") }
    /// The overview's registry line (contract v4): registered groups, how
    /// many of them have a problem, share targets naming no registered
    /// group, classes without one.
    func groupsText(_ rows: [RegistryRow]) -> String {
        let registered = rows.filter { !$0.problems.contains(.unregistered) && !$0.problems.contains(.noGroup) }
        let withProblems = registered.count { !$0.problems.isEmpty }
        let unregistered = rows.count { $0.problems.contains(.unregistered) }
        let noGroup = rows.count { $0.problems.contains(.noGroup) }
        let (r, p, u, n) = (grouped(registered.count), grouped(withProblems), grouped(unregistered), grouped(noGroup))
        return pick("已备案 \(r) 个，有问题 \(p) 个，未备案转发目标 \(u) 个，无群组班级 \(n) 个",
                    "\(r) registered, \(p) with problems, \(u) unregistered target\(unregistered == 1 ? "" : "s"), "
                        + "\(n) \(noGroup == 1 ? "class" : "classes") without a group")
    }
    var memberLists: String { pick("成员名单和缺卡名单", "Member and gap lists") }
    var groupFiles: String { pick("分组文件", "Per-group files") }

    /// The file name, group name and reminder title of the by-college
    /// workbook of the members without a college (their college is empty,
    /// so they have no college group, SPEC 2). In brackets, as no college is
    /// called that; its file name is reserved all the same
    /// (``GroupSplit/groups(_:scope:unassigned:)``).
    var withoutCollege: String { pick("（未填学院）", "(no college)") }

    /// Where the member sheets are, when not in this workbook's own sheets
    /// as always: in by-college workbooks, or cut at Excel's row limit.
    func memberSheets(_ plan: ReportPlan) -> String? {
        let threshold = grouped(plan.options.mainWorkbookMembers)
        switch plan.memberSheets {
        case .mainWorkbook:
            return nil
        case .byCollege(let workbooks, let withoutCollege):
            let extra = withoutCollege ? pick("，未填学院的成员见“\(self.withoutCollege).xlsx”",
                                              " (members without a college: \(self.withoutCollege).xlsx)") : ""
            return pick("不在本工作簿：见 by-college 文件夹，每个学院一个工作簿，共 \(grouped(workbooks)) 个\(extra)。成员超过 \(threshold) 人，一张表放不下。",
                        "not in this workbook: in the by-college folder, one workbook per college, \(grouped(workbooks)) in all\(extra), as the roster has more than \(threshold) members")
        case .mainWorkbookCut:
            let split = plan.leftOut.first { $0.largeRoster != nil }
            let colleges = grouped(split?.groups ?? 0), limit = grouped(split?.limit ?? 0)
            return pick("在本工作簿「\(members)」「\(gaps)」表中，超出 Excel 行数上限的部分只在 members.csv 和 gaps.csv 中。成员超过 \(threshold) 人，本应每个学院一个工作簿，但 \(colleges) 个学院超过分组文件上限 \(limit)（split_limit，--split-limit）。",
                        "on this workbook's \(members) and \(gaps) sheets, cut at Excel's row limit: members.csv and gaps.csv have every row. The roster has more than \(threshold) members, but its \(colleges) colleges are more than the split limit of \(limit) (split_limit, --split-limit) for one workbook per college")
        }
    }

    /// A split left out for the split limit.
    func splitLeftOut(_ split: SplitLeftOut) -> String {
        let groups = grouped(split.groups), limit = grouped(split.limit)
        return pick("未写出 \(split.folderName)：\(groups) 个\(Labels.groupHeader(split.scope).zh)，超过分组文件上限 \(limit)（split_limit，--split-limit）。",
                    "\(split.folderName) not written: \(groups) \(Labels.groupNoun(split.scope, split.groups)), more than the split limit of \(limit) (split_limit, --split-limit)")
    }

    /// `100,000`: a count with thousands separators, as the sheets show counts.
    func grouped(_ n: Int) -> String {
        var digits = String(n.magnitude), parts: [Substring] = []
        while digits.count > 3 {
            parts.insert(Substring(digits.suffix(3)), at: 0)
            digits.removeLast(3)
        }
        parts.insert(Substring(digits), at: 0)
        return (n < 0 ? "-" : "") + parts.joined(separator: ",")
    }

    var dataQuality: String { pick("数据质量", "Data quality") }
    var files: String { pick("输入文件", "Input files") }
    var filesIngested: String { pick("已导入的文件", "Files ingested") }
    var filesRejected: String { pick("整份拒绝的文件", "Files rejected") }
    var filesSkipped: String { pick("重复文件（已跳过）", "Files skipped (seen before)") }
    var rowsAccepted: String { pick("已接收行", "Rows accepted") }
    var rowsDuplicate: String { pick("重复行", "Duplicate rows") }
    var rowsRejected: String { pick("被拒行", "Rows rejected") }
    var rowsAbsent: String { pick("缺卡/未打卡行", "Absent rows (not checked in)") }
    var unknownMembers: String { pick("不在名单中的学号", "Member ids not on the roster") }
    func worstClasses(_ n: Int) -> String { pick("覆盖率最低的\(n)个班级", "The \(n) classes with the lowest coverage") }
    var trend: String { pick("每日覆盖率", "Daily coverage") }
    var date: String { pick("日期", "Date") }
    var school: String { pick("全校", "School") }
    var coverage: String { pick("覆盖率", "Coverage") }
    var note: String { pick("说明", "Note") }

    /// The overview's red line when A is not a data day (SPEC 2.4): which
    /// day has data last, or that none of the two windows has.
    func asOfWithoutData(_ asOf: Day, lastDataDay: Day?, spannedDays: Int) -> String {
        let last = lastDataDay.map { pick("最近有数据的一天是 \($0)", "the last day with data is \($0)") }
            ?? pick("前 \(spannedDays) 天都没有数据", "none of the \(spannedDays) days to it has data")
        return pick("注意：截至日 \(asOf) 没有数据（打卡导出尚未到达，或截至日超出了数据范围），\(last)。以下数字只计有数据的日子。",
                    "Warning: \(asOf), the as-of day, has no data (its check-in export has not arrived, or it lies outside the data); \(last). Every figure counts only the days with data.")
    }

    /// Why a day of a trend table has no figure, or the calendar's note for
    /// it: no data, an off day (with its calendar note), or nobody of the
    /// group expected. Empty when nothing is known about the day.
    func dayNote(_ row: DayRow?, hasFigure: Bool) -> String {
        guard let row else { return "" }
        if !row.data { return pick("无数据", "no data") }
        if !row.checkinDay {
            let off = pick("休息日", "off")
            return row.note.isEmpty ? off : off + pick("：", ": ") + row.note
        }
        if !hasFigure { return pick("无人应打卡", "nobody expected") }
        return row.note
    }

    // The footer of every printed page (``PageFooter``).
    func footerAsOf(_ day: Day) -> String { pick("截至 \(day)", "As of \(day)") }
    /// `page` and `pages`: the footer codes for the page and the pages printed.
    func footerPage(page: String, of pages: String) -> String {
        pick("第 \(page) 页，共 \(pages) 页", "Page \(page) of \(pages)")
    }

    // Data quality sheet.
    var fileSection: String { pick("导入的文件", "Files") }
    var rejectSection: String { pick("被拒绝的行", "Rejected rows") }
    var unknownSection: String { pick("不在名单中的学号（记录已保存，待名单补齐后计入）", "Member ids not on the roster (kept, counted once on the roster)") }

    /// The note closing a table cut short (see ``TableLayout/maxRows``),
    /// naming the CSV file with every row when it is given.
    func moreRows(_ n: Int, csvFile: String? = nil) -> String {
        guard let csvFile else {
            return pick("…… 另有 \(n) 行未在此列出，对应的 CSV 文件中有全部行", "… \(n) more rows not listed here; the CSV file has every row")
        }
        return pick("…… 另有 \(n) 行未在此列出，\(csvFile) 中有全部行", "… \(n) more rows not listed here; \(csvFile) has every row")
    }

    /// The note under the main workbook's 优秀评论 sheet when it shows only
    /// the latest featured comments.
    func earlierComments(_ n: Int, csvFile: String) -> String {
        pick("…… 较早的 \(n) 条精选评论未在此列出，\(csvFile) 中有全部评论",
             "… \(n) earlier featured comments not listed here; \(csvFile) has every one")
    }

    /// `class`/`classes` …: an English noun for `n` groups of `scope`.
    static func groupNoun(_ scope: Scope, _ n: Int) -> String {
        let one: String, many: String
        switch scope {
        case .all: (one, many) = ("school", "schools")
        case .college: (one, many) = ("college", "colleges")
        case .branch: (one, many) = ("branch", "branches")
        case .class: (one, many) = ("class", "classes")
        }
        return n == 1 ? one : many
    }

    /// Header of the group column on a scope's sheet.
    static func groupHeader(_ scope: Scope) -> (zh: String, en: String) {
        switch scope {
        case .all: return ("全校", "School")
        case .college: return ("学院", "College")
        case .branch: return ("支部", "Branch")
        case .class: return ("班级", "Class")
        }
    }
}
