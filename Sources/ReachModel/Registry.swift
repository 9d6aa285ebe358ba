/// One group or account of the registry (备案, SPEC 1.3 groups, contract v4):
/// a WeChat group, WeCom group or official account opened in the name of a
/// class, branch, college or student organisation, with the person who
/// answers for it.
///
/// A later row for a group_name replaces the earlier one, as roster rows do
/// (SPEC 1.3); its empty optional fields clear earlier values.
public struct RegisteredGroup: Sendable, Equatable {
    /// The group's name as members see it; never empty, and what share
    /// targets are matched against.
    public var groupName: String
    /// 微信群, 企业微信群, 公众号, 视频号 or free text; empty when not given.
    public var type: String
    /// Empty when the row names no college (likewise branch and class).
    public var college: String
    public var branch: String
    public var className: String
    /// The student organisation that runs it (所属组织), if any.
    public var org: String
    /// The responsible person's member id, empty when not given.
    public var ownerID: String
    /// The responsible person's name, empty when not given.
    public var owner: String
    /// 备案日期, when given.
    public var registered: Day?
    /// Members (or followers) of the group as the registry states them.
    public var memberCount: Int?
    /// The registry's status column as written (`注销`/`closed` closes it).
    public var status: String

    public init(groupName: String, type: String = "", college: String = "", branch: String = "",
                className: String = "", org: String = "", ownerID: String = "", owner: String = "",
                registered: Day? = nil, memberCount: Int? = nil, status: String = "") {
        self.groupName = groupName
        self.type = type
        self.college = college
        self.branch = branch
        self.className = className
        self.org = org
        self.ownerID = ownerID
        self.owner = owner
        self.registered = registered
        self.memberCount = memberCount
        self.status = status
    }

    /// Whether the registry marks the group closed (注销, closed — any
    /// case): a closed group is not registered, gets no registry row and
    /// covers no class (SPEC 3, registry.csv).
    public var isClosed: Bool {
        status == "注销" || status.lowercased() == "closed"
    }
}

/// Reads of one post from the official account's analytics export (图文分析)
/// that has no content_id column: matched to a post by its exact title when
/// the report is made (SPEC 1.3, contract v4).
public struct TitleReads: Sendable, Equatable {
    /// The post's title, trimmed; never empty.
    public var title: String
    /// 阅读人数: distinct readers.
    public var reads: Int?
    /// 阅读次数: reads in all.
    public var readsTotal: Int?

    public init(title: String, reads: Int? = nil, readsTotal: Int? = nil) {
        self.title = title
        self.reads = reads
        self.readsTotal = readsTotal
    }
}

/// A featured (精选) comment of the window, as the store found it: the
/// metrics core keeps those by members expected on its day (featured.csv).
public struct FeaturedComment: Sendable, Equatable {
    /// Roster index of the member who wrote it.
    public var member: Int32
    /// Its local day in the reporting zone.
    public var day: Day
    /// Epoch seconds.
    public var instant: Int64
    /// Index into ``Activity/contentIDs``; -1 for an empty content_id.
    public var content: Int32
    /// 评论内容, empty when the export had no text column.
    public var text: String

    public init(member: Int32, day: Day, instant: Int64, content: Int32 = -1, text: String = "") {
        self.member = member
        self.day = day
        self.instant = instant
        self.content = content
        self.text = text
    }
}
