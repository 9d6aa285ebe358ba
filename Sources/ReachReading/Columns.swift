import ReachModel

/// A column reach reads, by canonical name (SPEC 1.3).
enum Column: String, CaseIterable {
    case memberID = "member_id"
    case name, `class`, branch, college, status, counsellor, joined, left
    case time, contentID = "content_id", channel, target, featured
    case title, publishedAt = "published_at"
    case start, end, type, note
    /// Events (contract v3): the day of a time-of-day `time` (DingTalk's
    /// 日期 `2026-11-03 星期二`), and of an absent row.
    case date
    /// Check-ins (contract v3): the attendance result (打卡结果); `未打卡`,
    /// `缺卡` or `旷工` makes the row absent (SPEC 1.6).
    case result
    /// Posts (contract v4): 阅读人数 and 阅读次数 from the official account's analytics.
    case reads, readsTotal = "reads_total"
    /// Comments (contract v4): the comment's words (评论内容).
    case text
    /// Groups (contract v4, SPEC 1.3 groups): the registry's columns.
    case groupName = "group_name", org, ownerID = "owner_id", owner, registered, memberCount = "member_count"

    /// Header names SPEC 1.3 accepts for this column in a file of `kind`,
    /// canonical name first; matched case-insensitively after trimming and
    /// ``HeaderLayout/normalizedName(_:)``. A missing column's reject reason
    /// lists these. See also ``addedAliases(in:)``.
    func aliases(in kind: FileKind) -> [String] {
        switch self {
        case .memberID: return ["member_id", "学号", "工号", "账号", "用户ID", "userid"]
        case .name: return ["name", "姓名"]
        case .class: return ["class", "班级"]
        case .branch:
            return kind == .posts || kind == .calendar || kind == .groups ? ["branch", "支部", "党支部"]
                : ["branch", "支部", "党支部", "所在支部"]
        case .college: return ["college", "学院"]
        case .status:
            switch kind {
            case .leave: return ["status", "状态", "审批状态", "审批结果"]
            case .groups: return ["status", "状态"]
            default: return ["status", "政治面貌"]
            }
        case .counsellor: return ["counsellor", "counselor", "辅导员"]
        case .joined: return ["joined", "active_from", "入学日期", "加入日期"]
        case .left: return ["left", "active_to", "离校日期", "退出日期"]
        case .time: return ["time", "timestamp", "时间", "打卡时间", "转发时间", "评论时间"]
        case .contentID: return ["content_id", "推文ID", "文章ID", "内容ID"]
        case .channel: return ["channel", "渠道", "打卡渠道"]
        case .target: return ["target", "转发至", "转发目标"]
        case .featured: return ["featured", "精选"]
        case .title: return ["title", "标题"]
        case .publishedAt: return ["published_at", "发布时间"]
        case .start: return kind == .leave ? ["start", "from", "开始日期", "开始时间", "日期"] : ["start", "date", "from", "日期", "开始日期"]
        case .end: return kind == .leave ? ["end", "to", "结束日期", "结束时间"] : ["end", "to", "结束日期"]
        case .type:
            switch kind {
            case .leave: return ["type", "类型", "请假类型", "假别"]
            case .groups: return ["type", "类型", "账号类型"]
            default: return ["type", "类型"]
            }
        case .note: return kind == .leave ? ["note", "事由", "备注", "reason"] : ["note", "说明", "备注", "名称", "name"]
        case .date: return ["date", "日期"]
        case .result: return ["result", "打卡结果", "考勤结果"]
        case .reads: return ["reads", "阅读人数"]
        case .readsTotal: return ["reads_total", "阅读次数"]
        case .text: return ["text", "评论内容"]
        case .groupName: return ["group_name", "群名称", "账号名称", "名称"]
        case .org: return ["org", "所属组织", "主办单位"]
        case .ownerID: return ["owner_id", "负责人学号", "负责人工号", "负责人账号"]
        case .owner: return ["owner", "负责人", "管理员"]
        case .registered: return ["registered", "备案日期"]
        case .memberCount: return ["member_count", "群人数", "成员数", "关注人数"]
        }
    }

    /// Names of the exports reach meets (contract v3: DingTalk, WeCom,
    /// 问卷星) beyond SPEC 1.3. A header uses one only when it holds no
    /// SPEC 1.3 name of the column, so a file that read before reads the
    /// same: a roster with 班级 and 部门 keeps 班级 as its class.
    func addedAliases(in kind: FileKind) -> [String] {
        switch self {
        case .class: return kind == .members ? ["考勤组", "部门"] : []
        case .time: return ["上班1打卡时间", "提交答卷时间"]
        case .channel: return ["打卡类型"]
        case .result: return ["上班1打卡结果"]
        default: return []
        }
    }

    /// The columns a file of `kind` reads, required ones first.
    static func columns(of kind: FileKind) -> (required: [Column], optional: [Column]) {
        switch kind {
        case .members: return ([.memberID, .name, .class, .branch], [.college, .status, .counsellor, .joined, .left])
        case .checkins, .comments, .shares:
            var optional: [Column] = [.contentID, .channel, .date]
            if kind == .checkins { optional.append(.result) }
            if kind == .shares { optional.append(.target) }
            if kind == .comments { optional += [.featured, .text] }
            return ([.memberID, .time], optional)
        // content_id is required unless a reads column stands in for it
        // (``alternatives(in:)``): the analytics export has no id.
        case .posts: return ([.contentID, .title], [.publishedAt, .branch, .reads, .readsTotal])
        case .calendar: return ([.start, .type], [.end, .college, .branch, .class, .note])
        case .leave: return ([.memberID, .start], [.end, .type, .status, .note])
        case .groups:
            return ([.groupName], [.type, .college, .branch, .class, .org, .ownerID, .owner, .registered, .memberCount, .status])
        }
    }

    /// Columns that stand in for this required column of `kind` when it is
    /// missing (contract v4): a posts header needs `title` and either
    /// `content_id` or a reads column — the official account's analytics
    /// export (图文分析: 标题, 阅读人数, 阅读次数) has no id.
    func alternatives(in kind: FileKind) -> [Column] {
        kind == .posts && self == .contentID ? [.reads, .readsTotal] : []
    }
}

/// Where the columns of a file sit, as told by its header line.
struct HeaderLayout: Sendable {
    /// Comma or tab.
    var delimiter: UInt8
    /// Fields in the header line; every data record must have as many.
    var fieldCount: Int
    /// Field index of each column present (first matching header wins).
    var index: [Column: Int]

    /// Matches header names against the columns of `kind`; `nil` names the
    /// required columns that are missing. Names are compared after
    /// ``normalizedName(_:)`` and lower-casing.
    static func match(names: [String], kind: FileKind, delimiter: UInt8) -> (layout: HeaderLayout?, missing: [Column]) {
        let (required, optional) = Column.columns(of: kind)
        let lowered = names.map(comparable)
        var index: [Column: Int] = [:]
        for column in required + optional {
            // SPEC 1.3 names first, then the added ones; within each, the
            // first matching header wins.
            for aliases in [column.aliases(in: kind), column.addedAliases(in: kind)] where index[column] == nil {
                let lowerAliases = aliases.map { $0.lowercased() }
                if let i = lowered.firstIndex(where: { lowerAliases.contains($0) }) { index[column] = i }
            }
        }
        let missing = required.filter { column in
            index[column] == nil && !column.alternatives(in: kind).contains { index[$0] != nil }
        }
        guard missing.isEmpty else { return (nil, missing) }
        return (HeaderLayout(delimiter: delimiter, fieldCount: names.count, index: index), [])
    }

    /// `name` as header names are compared: normalised, lower-cased.
    static func comparable(_ name: String) -> String { normalizedName(name).lowercased() }

    /// `name` is a header name of some column of `kind` (SPEC's or an added one).
    static func isColumnName(_ name: String, kind: FileKind) -> Bool {
        guard !name.isEmpty else { return false }
        let wanted = comparable(name)
        let (required, optional) = Column.columns(of: kind)
        return (required + optional).contains { column in
            (column.aliases(in: kind) + column.addedAliases(in: kind)).contains { $0.lowercased() == wanted }
        }
    }
}

extension HeaderLayout {
    /// A header name as its column is known: without the question number a
    /// questionnaire export (问卷星) puts in front — ASCII digits followed by
    /// `、`, `.`, `．`, `)` or `）`, then spaces — and without trailing
    /// colons (`:`, `：`): `1、学号` and `3．班级：` read as `学号` and `班级`.
    /// Spaces are U+0020 and U+3000, as SPEC 1.2 trims. Any other name is
    /// returned as it is.
    static func normalizedName(_ name: String) -> String {
        let scalars = name.unicodeScalars
        var start = scalars.startIndex
        var i = start
        while i < scalars.endIndex, scalars[i].value >= 0x30 && scalars[i].value <= 0x39 { i = scalars.index(after: i) }
        if i > start, i < scalars.endIndex, Self.questionNumberEnds.contains(scalars[i].value) {
            i = scalars.index(after: i)
            while i < scalars.endIndex, Self.isSpace(scalars[i]) { i = scalars.index(after: i) }
            start = i
        }
        var end = scalars.endIndex
        while end > start {
            let last = scalars[scalars.index(before: end)]
            guard last == ":" || last == "\u{FF1A}" || Self.isSpace(last) else { break }
            end = scalars.index(before: end)
        }
        if start == scalars.startIndex && end == scalars.endIndex { return name }
        return String(scalars[start ..< end])
    }

    /// `、` `.` `．` `)` `）`
    private static let questionNumberEnds: Set<UInt32> = [0x3001, 0x2E, 0xFF0E, 0x29, 0xFF09]

    private static func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\u{3000}" }
}
