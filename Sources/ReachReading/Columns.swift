import ReachModel

/// A column reach reads, by canonical name (SPEC 1.3).
enum Column: String, CaseIterable {
    case memberID = "member_id"
    case name, `class`, branch, college, status, counsellor, joined, left
    case time, contentID = "content_id", channel, target, featured
    case title, publishedAt = "published_at"
    case start, end, type, note

    /// Header names accepted for this column in a file of `kind`, canonical
    /// name first; matched case-insensitively after trimming.
    func aliases(in kind: FileKind) -> [String] {
        switch self {
        case .memberID: return ["member_id", "学号", "工号", "账号", "用户ID", "userid"]
        case .name: return ["name", "姓名"]
        case .class: return ["class", "班级"]
        case .branch:
            return kind == .posts || kind == .calendar ? ["branch", "支部", "党支部"] : ["branch", "支部", "党支部", "所在支部"]
        case .college: return ["college", "学院"]
        case .status: return kind == .leave ? ["status", "状态", "审批状态", "审批结果"] : ["status", "政治面貌"]
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
        case .type: return kind == .leave ? ["type", "类型", "请假类型", "假别"] : ["type", "类型"]
        case .note: return kind == .leave ? ["note", "事由", "备注", "reason"] : ["note", "说明", "备注", "名称", "name"]
        }
    }

    /// The columns a file of `kind` reads, required ones first.
    static func columns(of kind: FileKind) -> (required: [Column], optional: [Column]) {
        switch kind {
        case .members: return ([.memberID, .name, .class, .branch], [.college, .status, .counsellor, .joined, .left])
        case .checkins, .comments, .shares:
            var optional: [Column] = [.contentID, .channel]
            if kind == .shares { optional.append(.target) }
            if kind == .comments { optional.append(.featured) }
            return ([.memberID, .time], optional)
        case .posts: return ([.contentID, .title], [.publishedAt, .branch])
        case .calendar: return ([.start, .type], [.end, .college, .branch, .class, .note])
        case .leave: return ([.memberID, .start], [.end, .type, .status, .note])
        }
    }
}

/// Where the columns of a file sit, as told by its header line.
struct HeaderLayout {
    /// Comma or tab.
    var delimiter: UInt8
    /// Fields in the header line; every data record must have as many.
    var fieldCount: Int
    /// Field index of each column present (first matching header wins).
    var index: [Column: Int]

    /// Matches header names against the columns of `kind`; `nil` names the
    /// required columns that are missing.
    static func match(names: [String], kind: FileKind, delimiter: UInt8) -> (layout: HeaderLayout?, missing: [Column]) {
        let (required, optional) = Column.columns(of: kind)
        let lowered = names.map { $0.lowercased() }
        var index: [Column: Int] = [:]
        for column in required + optional {
            let aliases = column.aliases(in: kind).map { $0.lowercased() }
            if let i = lowered.firstIndex(where: { aliases.contains($0) }) { index[column] = i }
        }
        let missing = required.filter { index[$0] == nil }
        guard missing.isEmpty else { return (nil, missing) }
        return (HeaderLayout(delimiter: delimiter, fieldCount: names.count, index: index), [])
    }
}
