import ReachModel

/// Text encodings of generated files (SPEC 1.2).
public enum SynthEncoding: String, Sendable {
    case utf8 = "utf-8"
    case utf8BOM = "utf-8-bom"
    /// What Excel on Chinese Windows writes.
    case gb18030
    /// Excel's "Unicode text": UTF-16 LE with a BOM, tab-delimited.
    case utf16LE = "utf-16le-bom"
    /// Not text: an Excel workbook (`--xlsx`), the DingTalk attendance report.
    case xlsx
}

/// A column of a generated file; its header name depends on the language.
enum Column {
    case memberID, name, time, contentID, featured, channel, target, text
    // roster
    case college, branch, className, status, counsellor, joined, left
    // posts
    case title, publishedAt
    // calendar and leave
    case start, end, category, note
    // leave approvals
    case approvalID, submittedAt, department, duration
    // the group registry and the analytics export
    case groupName, org, ownerID, owner, registered, memberCount, reads, readsTotal

    /// The header of this column in a file of `kind`.
    func header(chinese: Bool, kind: FileKind) -> String {
        switch self {
        case .memberID: return chinese ? "学号" : "member_id"
        case .name: return chinese ? "姓名" : "name"
        case .time:
            guard chinese else { return "time" }
            switch kind {
            case .shares: return "转发时间"
            case .comments: return "评论时间"
            default: return "打卡时间"
            }
        case .contentID: return chinese ? "推文ID" : "content_id"
        case .featured: return chinese ? "精选" : "featured"
        case .channel: return chinese ? "渠道" : "channel"
        case .target: return chinese ? "转发至" : "target"
        case .text: return chinese ? "评论内容" : "text"
        case .college: return chinese ? "学院" : "college"
        case .branch: return chinese ? (kind == .calendar || kind == .groups ? "支部" : "党支部") : "branch"
        case .className: return chinese ? "班级" : "class"
        case .status: return chinese ? (kind == .leave ? "审批状态" : kind == .groups ? "状态" : "政治面貌") : "status"
        case .counsellor: return chinese ? "辅导员" : "counsellor"
        case .joined: return chinese ? "加入日期" : "joined"
        case .left: return chinese ? "退出日期" : "left"
        case .title: return chinese ? "标题" : "title"
        case .publishedAt: return chinese ? "发布时间" : "published_at"
        case .start: return chinese ? (kind == .leave ? "开始时间" : "开始日期") : "start"
        case .end: return chinese ? (kind == .leave ? "结束时间" : "结束日期") : "end"
        case .category: return chinese ? (kind == .leave ? "请假类型" : "类型") : "type"
        case .note: return chinese ? (kind == .leave ? "事由" : "说明") : "note"
        case .approvalID: return chinese ? "审批编号" : "approval_id"
        case .submittedAt: return chinese ? "发起时间" : "submitted_at"
        case .department: return chinese ? "部门" : "department"
        case .duration: return chinese ? "时长" : "duration"
        case .groupName: return chinese ? "群名称" : "group_name"
        case .org: return chinese ? "所属组织" : "org"
        case .ownerID: return chinese ? "负责人学号" : "owner_id"
        case .owner: return chinese ? "负责人" : "owner"
        case .registered: return chinese ? "备案日期" : "registered"
        case .memberCount: return chinese ? "群人数" : "member_count"
        case .reads: return chinese ? "阅读人数" : "reads"
        case .readsTotal: return chinese ? "阅读次数" : "reads_total"
        }
    }
}

/// How one file is written: its dialect and the quirks planted in it.
struct FileStyle {
    var encoding: SynthEncoding = .utf8
    var tab = false
    var crlf = false
    var chinese = false
    var titleLines: [String] = []
    var columns: [Column]
    /// Notations drawn per row (one entry: every row alike).
    var timestamps: [TimestampStyle] = [.standard]
    /// Surround member ids and times with U+3000 / U+0020 padding.
    var padded = false
    /// Blank lines scattered between rows.
    var blankLines = false
    /// Rows repeated later in the file (exact copies or other notations).
    var duplicates = 0
    /// Rows a reader must reject (wrong field count, empty id, impossible time…).
    var badRows = 0

    init(columns: [Column]) { self.columns = columns }

    var delimiter: UInt8 { tab ? 0x09 : 0x2C }

    /// The plain columns of a file of `kind` (its event columns for event files).
    static func eventColumns(_ kind: FileKind) -> [Column] {
        switch kind {
        case .checkins: return [.memberID, .time]
        case .shares: return [.memberID, .time, .contentID]
        case .comments: return [.memberID, .time, .contentID, .featured]
        case .members: return [.memberID, .name, .college, .branch, .className, .status, .counsellor, .joined, .left]
        case .posts: return [.contentID, .title, .publishedAt, .branch]
        case .calendar: return [.start, .end, .category, .college, .branch, .className, .note]
        case .leave:
            // A DingTalk approval export: the approval's own columns, then the form's.
            return [.approvalID, .title, .status, .submittedAt, .memberID, .name, .department, .category, .start, .end,
                    .duration, .note]
        case .groups: return []
        }
    }
}
