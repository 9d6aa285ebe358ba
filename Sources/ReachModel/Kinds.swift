/// What an input file holds (SPEC 1.1).
public enum FileKind: String, CaseIterable, Sendable, Codable {
    case members, checkins, shares, comments, posts
    /// The school calendar (contract v2): days off and make-up days.
    case calendar
    /// Leave approvals (contract v2): days a member is excused.
    case leave
    /// The registry of official groups and accounts (备案, contract v4).
    case groups

    /// The event kind of an event file, `nil` for the other kinds.
    public var eventKind: EventKind? {
        switch self {
        case .checkins: return .checkin
        case .shares: return .share
        case .comments: return .comment
        case .members, .posts, .calendar, .leave, .groups: return nil
        }
    }

    /// Name prefixes that identify the kind, lower-case (SPEC 1.1).
    public var namePrefixes: [String] {
        switch self {
        case .members: return ["members", "roster", "名单", "成员"]
        case .checkins: return ["checkins", "checkin", "打卡"]
        case .shares: return ["shares", "share", "转发"]
        case .comments: return ["comments", "comment", "评论"]
        case .posts: return ["posts", "推文", "文章"]
        case .calendar: return ["calendar", "校历", "日历"]
        case .leave: return ["leave", "请假", "假条"]
        case .groups: return ["groups", "registry", "备案", "群备案", "群组"]
        }
    }

    /// The kind named by a file's base name (case-insensitive prefix), if any.
    public static func detect(fileName: String) -> FileKind? {
        let lower = fileName.lowercased()
        for kind in FileKind.allCases where kind.namePrefixes.contains(where: { lower.hasPrefix($0) }) {
            return kind
        }
        return nil
    }
}

/// The three kinds of activity a member can show (SPEC 1.3).
public enum EventKind: UInt8, CaseIterable, Sendable, Codable, CustomStringConvertible {
    case checkin = 0, share = 1, comment = 2

    /// The file kind these events arrive in.
    public var fileKind: FileKind {
        switch self {
        case .checkin: return .checkins
        case .share: return .shares
        case .comment: return .comments
        }
    }

    public var description: String { fileKind.rawValue }
}
