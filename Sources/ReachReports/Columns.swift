import ReachMetrics
import ReachModel

/// The columns of every report table, in SPEC 3 order, with the workbook's
/// Chinese and English headers. CSV files and workbook sheets are both
/// written from these lists.
enum Columns {
    static func daily(_ words: Vocabulary) -> [Column<DailyRow>] {
        [
            Column("date", "日期", "Date", .date) { .day($0.day) },
            Column("scope", "范围", "Scope", .text) { .text(words.scope($0.scope)) },
            Column("group", "组别", "Group", .text) { .text(words.group($0.group, scope: $0.scope)) },
            Column("expected", "应打卡人数", "Expected", .count) { .count($0.expected) },
            Column("checked_in", "已打卡人数", "Checked in", .count) { .count($0.checkedIn) },
            Column("coverage", "覆盖率", "Coverage", .percent(coloured: true)) { .ratio($0.coverage) },
            Column("reached", "触达人数", "Reached", .count) { .count($0.reached) },
            Column("sharers", "转发人数", "Sharers", .count) { .count($0.sharers) },
            Column("shares", "转发次数", "Shares", .count) { .count($0.shares) },
            Column("commenters", "评论人数", "Commenters", .count) { .count($0.commenters) },
            Column("comments", "评论条数", "Comments", .count) { .count($0.comments) },
            Column("excused", onLeave.zh, onLeave.en, .count) { .count($0.excused) },
        ]
    }

    static func groups(_ words: Vocabulary) -> [Column<GroupRow>] {
        [
            Column("scope", "范围", "Scope", .text) { .text(words.scope($0.scope)) },
            Column("group", "组别", "Group", .text) { .text(words.group($0.group, scope: $0.scope)) },
            Column("members", "成员数", "Members", .count) { .count($0.members) },
            Column("member_days", "应打卡人天", "Member-days", .count) { .count($0.memberDays) },
            Column("checkin_days", "打卡人天", "Check-in days", .count) { .count($0.checkinDays) },
            Column("coverage", "覆盖率", "Coverage", .percent(coloured: true)) { .ratio($0.coverage) },
            Column("reached_days", "触达人天", "Reached days", .count) { .count($0.reachedDays) },
            Column("reach_rate", "触达率", "Reach rate", .percent(coloured: true)) { .ratio($0.reachRate) },
            Column("full_days", "全员打卡天数", "Full days", .count) { .count($0.fullDays) },
            Column("worst_day", "最低日", "Worst day", .date) { .day($0.worstDay) },
            Column("worst_coverage", "最低日覆盖率", "Worst-day coverage", .percent(coloured: true)) { .ratio($0.worstCoverage) },
            Column("shares", "转发次数", "Shares", .count) { .count($0.shares) },
            Column("comments", "评论条数", "Comments", .count) { .count($0.comments) },
            Column("at_risk", "缺卡人数", "At risk", .count) { .count($0.atRisk) },
            Column("prev_coverage", "上期覆盖率", "Previous coverage", .percent(coloured: true)) { .ratio($0.previousCoverage) },
            Column("delta", "变化", "Change", .change) { .ratio($0.delta) },
            Column("rank", "排名", "Rank", .count) { .count($0.rank) },
            Column("days", "计入天数", "Days counted", .count) { .count($0.days) },
            Column("excused_days", "请假人天", "Leave member-days", .count) { .count($0.excusedDays) },
        ]
    }

    static let members: [Column<MemberRow>] = [
        Column("member_id", "学号", "Member ID", .text) { .text($0.member.memberID) },
        Column("name", "姓名", "Name", .text) { .text($0.member.name) },
        Column("college", "学院", "College", .text) { .text($0.member.college) },
        Column("branch", "支部", "Branch", .text) { .text($0.member.branch) },
        Column("class", "班级", "Class", .text) { .text($0.member.className) },
        Column("counsellor", "辅导员", "Counsellor", .text) { .text($0.member.counsellor) },
        Column("expected_days", "应打卡天数", "Expected days", .count) { .count($0.expectedDays) },
        Column("checkin_days", "打卡天数", "Check-in days", .count) { .count($0.checkinDays) },
        Column("checkin_rate", "打卡率", "Check-in rate", .percent(coloured: true)) { .ratio($0.checkinRate) },
        Column("shares", "转发次数", "Shares", .count) { .count($0.shares) },
        Column("comments", "评论条数", "Comments", .count) { .count($0.comments) },
        Column("last_checkin", "最近打卡日", "Last check-in", .date) { .day($0.lastCheckin) },
        Column("days_since", daysSince.zh, daysSince.en, .count) { .count($0.daysSince) },
        Column("current_streak", "当前连续打卡天数", "Current streak", .count) { .count($0.currentStreak) },
        Column("longest_streak", "最长连续打卡天数", "Longest streak", .count) { .count($0.longestStreak) },
        Column("excused_days", excusedDays.zh, excusedDays.en, .count) { .count($0.excusedDays) },
        Column("missed_run", missedRun.zh, missedRun.en, .count) { .count($0.missedRun) },
    ]

    // Headers shared by the member and gap tables. days_since counts calendar
    // days, missed_run only missed check-in days (contract v2): the words
    // keep the two apart.
    static let daysSince = (zh: "距上次打卡天数", en: "Days since last check-in")
    static let missedRun = (zh: "连续缺卡天数", en: "Missed in a row")
    static let excusedDays = (zh: "请假天数", en: "Days on leave")
    /// Members on leave on a day (daily.csv, days.csv `excused`).
    static let onLeave = (zh: "请假人数", en: "On leave")

    static func gaps(_ words: Vocabulary) -> [Column<GapRow>] {
        [
            Column("college", "学院", "College", .text) { .text($0.member.college) },
            Column("branch", "支部", "Branch", .text) { .text($0.member.branch) },
            Column("class", "班级", "Class", .text) { .text($0.member.className) },
            Column("counsellor", "辅导员", "Counsellor", .text) { .text($0.member.counsellor) },
            Column("member_id", "学号", "Member ID", .text) { .text($0.member.memberID) },
            Column("name", "姓名", "Name", .text) { .text($0.member.name) },
            Column("last_checkin", "最近打卡日", "Last check-in", .date) { .day($0.lastCheckin) },
            Column("days_since", daysSince.zh, daysSince.en, .count) { .count($0.daysSince) },
            Column("checkin_rate", "打卡率", "Check-in rate", .percent(coloured: true)) { .ratio($0.checkinRate) },
            Column("reasons", "原因", "Reasons", .text) { .text(words.reasons($0.reasons)) },
            Column("missed_run", missedRun.zh, missedRun.en, .count) { .count($0.missedRun) },
        ]
    }

    /// The gap list for people (the 缺卡名单 sheets): the missed run and the
    /// member's days on leave beside the
    /// last check-in, the reasons last.
    static func gapSheet(_ words: Vocabulary) -> [Column<GapRow>] {
        let excused = Column<GapRow>("excused_days", Self.excusedDays.zh, Self.excusedDays.en, .count) {
            .count($0.excusedDays)
        }
        return (gaps(words) + [excused]).picking([
            "college", "branch", "class", "counsellor", "member_id", "name", "last_checkin", "days_since",
            "missed_run", "excused_days", "checkin_rate", "reasons",
        ])
    }

    /// days.csv: what each day of the two windows counted as.
    static func days(_ words: Vocabulary) -> [Column<DayRow>] {
        [
            Column("date", "日期", "Date", .date) { .day($0.day) },
            Column("data", "数据", "Data", .text) { words.dataDay($0.data) },
            Column("checkin_day", "是否打卡日", "Check-in day", .text) { words.checkinDay($0.checkinDay) },
            Column("expected", "应打卡人数", "Expected", .count) { .count($0.expected) },
            Column("excused", onLeave.zh, onLeave.en, .count) { .count($0.excused) },
            Column("note", "说明", "Note", .text) { .text($0.note) },
        ]
    }

    /// silent.csv: classes with members expected and no event at all on a day.
    static let silent: [Column<SilentRow>] = [
        Column("date", "日期", "Date", .date) { .day($0.day) },
        Column("college", "学院", "College", .text) { .text($0.college) },
        Column("branch", "支部", "Branch", .text) { .text($0.branch) },
        Column("class", "班级", "Class", .text) { .text($0.className) },
        Column("expected", "应打卡人数", "Expected", .count) { .count($0.expected) },
    ]

    /// posts.csv: title and published_at come from the posts files when known.
    static func posts(known: [String: Post], zone: ReportingZone) -> [Column<PostRow>] {
        [
            Column("content_id", "推文ID", "Content ID", .text) { .text($0.contentID) },
            Column("title", "标题", "Title", .text) { .text(known[$0.contentID]?.title ?? "") },
            Column("published_at", "发布时间", "Published at", .timestamp) { row in
                known[row.contentID]?.publishedAt.map { localTime($0, zone) } ?? .empty
            },
            Column("shares", "转发次数", "Shares", .count) { .count($0.shares) },
            Column("sharers", "转发人数", "Sharers", .count) { .count($0.sharers) },
            Column("comments", "评论条数", "Comments", .count) { .count($0.comments) },
            Column("commenters", "评论人数", "Commenters", .count) { .count($0.commenters) },
            Column("featured_comments", "精选评论数", "Featured comments", .count) { .count($0.featuredComments) },
            Column("reads", "阅读人数", "Readers", .count) { .count(known[$0.contentID]?.reads) },
            Column("reads_total", "阅读次数", "Reads", .count) { .count(known[$0.contentID]?.readsTotal) },
        ]
    }

    /// An instant as local `YYYY-MM-DD HH:MM:SS` in CSV, a date-time cell in a workbook.
    static func localTime(_ instant: Int64, _ zone: ReportingZone) -> Cell {
        .timestamp(localSeconds: instant + Int64(zone.offset(at: instant)), text: zone.localTimestamp(instant))
    }

    /// registry.csv (contract v4): the registry's groups, the share targets
    /// naming none and the classes without one, with what is wrong with
    /// each (tokens in CSV, words in a workbook, where `window` is the W of
    /// 近 W 天无转发).
    static func registry(_ words: Vocabulary, window: Int) -> [Column<RegistryRow>] {
        [
            Column("group_name", "群名称", "Group name", .text) { .text($0.groupName) },
            Column("type", "类型", "Type", .text) { .text($0.type) },
            Column("college", "学院", "College", .text) { .text($0.college) },
            Column("branch", "支部", "Branch", .text) { .text($0.branch) },
            Column("class", "班级", "Class", .text) { .text($0.className) },
            Column("org", "所属组织", "Organisation", .text) { .text($0.org) },
            Column("owner_id", "负责人学号", "Owner ID", .text) { .text($0.ownerID) },
            Column("owner", "负责人", "Owner", .text) { .text($0.owner) },
            Column("registered", "备案日期", "Registered", .date) { .day($0.registered) },
            Column("member_count", "群人数", "Group members", .count) { .count($0.memberCount) },
            Column("roster", "名单人数", "On roster", .count) { .count($0.roster) },
            Column("missing", "缺少人数", "Missing", .count) { .count($0.missing) },
            Column("shares_to", "转发次数", "Shares to it", .count) { .count($0.sharesTo) },
            Column("problems", "问题", "Problems", .text) { .text(words.problems($0, window: window)) },
        ]
    }

    /// featured.csv (contract v4): featured comments for publication; the
    /// title comes from the posts files when known.
    static func featured(known: [String: Post], zone: ReportingZone) -> [Column<FeaturedRow>] {
        [
            Column("content_id", "推文ID", "Content ID", .text) { .text($0.contentID) },
            Column("title", "标题", "Title", .text) { .text(known[$0.contentID]?.title ?? "") },
            Column("member_id", "学号", "Member ID", .text) { .text($0.member.memberID) },
            Column("name", "姓名", "Name", .text) { .text($0.member.name) },
            Column("class", "班级", "Class", .text) { .text($0.member.className) },
            Column("time", "时间", "Time", .timestamp) { localTime($0.instant, zone) },
            Column("text", "评论内容", "Comment", .paragraph) { .text($0.text) },
        ]
    }

    /// quality.csv. `reason` says why a file was rejected or skipped, and
    /// holds an ingested file's notes (the sheet read, restored ids);
    /// `absent` (contract v3) comes last, after the columns of contract v1.
    static func quality(_ words: Vocabulary) -> [Column<FileOutcome>] {
        [
            Column("file", "文件", "File", .text) { .text($0.file) },
            Column("kind", "类型", "Kind", .text) { .text(words.kind($0.kind)) },
            Column("status", "状态", "Status", .text) { .text(words.status($0.status.rawValue)) },
            Column("rows", "数据行", "Rows", .count) { .count($0.rows) },
            Column("accepted", "已接收", "Accepted", .count) { .count($0.accepted) },
            Column("duplicates", "重复", "Duplicates", .count) { .count($0.duplicates) },
            Column("rejected", "被拒行", "Rejected", .count) { .count($0.rejected) },
            Column("reason", "原因/说明", "Reason or note", .text) { .text($0.reason) },
            Column("absent", absent.zh, absent.en, .count) { .count($0.absent) },
        ]
    }

    /// Absent check-in rows (SPEC 1.6): rows saying the member did not check in.
    static let absent = (zh: "缺卡/未打卡", en: "Absent")

    /// The files block of the 数据质量 sheet: the counts side by side, the
    /// reason or notes last.
    static func qualitySheet(_ words: Vocabulary) -> [Column<FileOutcome>] {
        quality(words).picking(["file", "kind", "status", "rows", "accepted", "duplicates", "rejected", "absent", "reason"])
    }

    /// rejects.csv. `line` is where the row is (``ReachModel/RowReject/location``):
    /// a line number for a delimited file, a number like any count; `Sheet1!17`
    /// for a spreadsheet row, text, so that it is guarded like any text (a
    /// sheet may be named `=x`).
    static let rejects: [Column<RowReject>] = [
        Column("file", "文件", "File", .text) { .text($0.file) },
        Column("line", "行号", "Line", .count) { $0.sheet == nil ? .count($0.line) : .text($0.location) },
        Column("reason", "原因", "Reason", .text) { .text($0.reason) },
        Column("raw", "原始内容", "Raw text", .text) { .text($0.raw) },
    ]

    static let unknownMembers: [Column<UnknownMember>] = [
        Column("member_id", "学号", "Member ID", .text) { .text($0.memberID) },
        Column("events", "记录数", "Events", .count) { .count($0.events) },
        Column("first_day", "首次出现", "First day", .date) { .day($0.firstDay) },
        Column("last_day", "最近出现", "Last day", .date) { .day($0.lastDay) },
    ]
}
