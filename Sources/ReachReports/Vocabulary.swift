import ReachMetrics

/// The words a table uses for fixed tokens: the SPEC 3 tokens in CSV files,
/// plain words in a workbook meant for people.
enum Vocabulary: Sendable {
    case csv, zh, en

    init(_ language: ReportLanguage) { self = language == .zh ? .zh : .en }

    func scope(_ scope: Scope) -> String {
        switch (self, scope) {
        case (.csv, _): return scope.description
        case (.zh, .all): return "全校"
        case (.zh, .college): return "学院"
        case (.zh, .branch): return "支部"
        case (.zh, .class): return "班级"
        case (.en, .all): return "school"
        case (.en, .college): return "college"
        case (.en, .branch): return "branch"
        case (.en, .class): return "class"
        }
    }

    /// A group's name; the one group of scope `all` is called `all` in CSV.
    func group(_ name: String, scope: Scope) -> String {
        scope == .all ? self.scope(.all) : name
    }

    func reasons(_ reasons: [GapReason]) -> String {
        switch self {
        case .csv: return reasons.map(\.description).joined(separator: ";")
        case .zh:
            return reasons.map { reason -> String in
                switch reason {
                case .never: return "从未打卡"
                case .gap: return "连续未打卡"
                case .lowRate: return "打卡率低"
                }
            }.joined(separator: "；")
        case .en:
            return reasons.map { reason -> String in
                switch reason {
                case .never: return "never checked in"
                case .gap: return "no recent check-in"
                case .lowRate: return "low rate"
                }
            }.joined(separator: "; ")
        }
    }

    /// What is wrong with a registry row (contract v4): the SPEC tokens in
    /// CSV, words a committee member acts on in a workbook, where
    /// `window` is W (近 W 天无转发).
    func problems(_ row: RegistryRow, window: Int) -> String {
        let missing = row.missing ?? 0
        switch self {
        case .csv: return row.problemText
        case .zh:
            return row.problems.map { problem -> String in
                switch problem {
                case .unregistered: return "未备案"
                case .noGroup: return "班级无群组"
                case .noOwner: return "无负责人"
                case .ownerNotOnRoster: return "负责人不在名单"
                case .ownerLeft: return "负责人已离校"
                case .missingMembers: return "群内少 \(missing) 人"
                case .unused: return "近 \(window) 天无转发"
                }
            }.joined(separator: "；")
        case .en:
            return row.problems.map { problem -> String in
                switch problem {
                case .unregistered: return "unregistered"
                case .noGroup: return "no group"
                case .noOwner: return "no responsible person"
                case .ownerNotOnRoster: return "owner not on roster"
                case .ownerLeft: return "owner has left"
                case .missingMembers: return missing == 1 ? "1 member missing" : "\(missing) members missing"
                case .unused: return window == 1 ? "no shares in 1 day" : "no shares in \(window) days"
                }
            }.joined(separator: "; ")
        }
    }

    /// days.csv `data`: `1`/`0` in CSV (SPEC 3), 有数据/无数据 for people.
    func dataDay(_ data: Bool) -> Cell {
        flag(data, zh: ("有数据", "无数据"), en: ("data", "no data"))
    }

    /// days.csv `checkin_day`: `1`/`0` in CSV, 打卡日/休息日 for people.
    func checkinDay(_ on: Bool) -> Cell {
        flag(on, zh: ("打卡日", "休息日"), en: ("check-in day", "off"))
    }

    /// A yes/no fact: a `1`/`0` count in CSV, a word in a workbook.
    private func flag(_ value: Bool, zh: (yes: String, no: String), en: (yes: String, no: String)) -> Cell {
        switch self {
        case .csv: return .count(value ? 1 : 0)
        case .zh: return .text(value ? zh.yes : zh.no)
        case .en: return .text(value ? en.yes : en.no)
        }
    }

    func status(_ status: String) -> String {
        switch (self, status) {
        case (.zh, "ingested"): return "已导入"
        case (.zh, "rejected"): return "整份拒绝"
        case (.zh, "skipped"): return "重复文件，已跳过"
        default: return status
        }
    }

    func kind(_ kind: String) -> String {
        guard self == .zh else { return kind }
        switch kind {
        case "members": return "名单"
        case "checkins": return "打卡"
        case "shares": return "转发"
        case "comments": return "评论"
        case "posts": return "推文"
        case "calendar": return "校历"
        case "leave": return "请假"
        default: return kind
        }
    }
}
