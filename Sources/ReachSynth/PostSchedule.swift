import ReachModel

/// The articles members share and comment on: one or two school-wide posts a
/// day and about one post a week from every branch, starting a week before
/// the first day so that the first days have something to share.
struct PostSchedule {
    struct Article {
        var id: String
        var title: String
        /// Day offset from the first day (negative: before it).
        var offset: Int
        var secondOfDay: Int
        /// The posting branch; nil for school-wide posts.
        var branch: Int?
    }

    static let lead = 7
    private(set) var articles: [Article] = []
    /// Article indices by day offset + lead, school-wide and per branch.
    private var school: [[Int]]
    private var byBranch: [[(branch: Int, article: Int)]]

    init(campus: Campus, config: SynthConfig) {
        var rng = Random(seed: config.seed, purpose: .posts)
        let dayCount = config.days + PostSchedule.lead
        school = Array(repeating: [], count: dayCount)
        byBranch = Array(repeating: [], count: dayCount)
        var drafts: [Article] = []
        var issue = 0
        for slot in 0..<dayCount {
            let offset = slot - PostSchedule.lead
            for _ in 0..<(rng.chance(0.5) ? 2 : 1) {
                issue += 1
                drafts.append(Article(id: "", title: PostSchedule.schoolTitle(&rng, issue: issue, mess: config.mess),
                                      offset: offset, secondOfDay: rng.within(8 * 3600...(21 * 3600 + 1800)), branch: nil))
            }
            for b in campus.branches.indices where rng.chance(1.0 / 7) {
                drafts.append(Article(id: "", title: PostSchedule.branchTitle(&rng, branch: campus.branches[b].name),
                                      offset: offset, secondOfDay: rng.within(9 * 3600...(22 * 3600)), branch: b))
            }
        }
        drafts.sort { ($0.offset, $0.secondOfDay) < ($1.offset, $1.secondOfDay) }
        let width = max(5, String(drafts.count).count)
        for (i, var article) in drafts.enumerated() {
            article.id = "P" + Campus.pad(i + 1, width)
            let slot = article.offset + PostSchedule.lead
            if let b = article.branch { byBranch[slot].append((b, i)) } else { school[slot].append(i) }
            articles.append(article)
        }
    }

    /// Makes titles unique as an editor would, a repeated title gaining
    /// `（二）`, `（三）`…, except the first title to repeat, which its first two
    /// posts keep sharing (`--groups`: reads by title cannot tell them apart).
    /// Returns that title, nil when no title repeats.
    mutating func keepOneSharedTitle() -> String? {
        var seen: [String: Int] = [:]
        var shared: String?
        for i in articles.indices {
            let title = articles[i].title
            let n = seen[title, default: 0] + 1
            seen[title] = n
            guard n > 1 else { continue }
            if shared == nil { shared = title }
            if title == shared && n == 2 { continue }
            articles[i].title = title + "（" + Vocabulary.numeral(n) + "）"
        }
        return shared
    }

    /// Posts a member can react to on day `offset`: published in the 7 days before.
    struct Recent {
        var school: [Int] = []
        var byBranch: [[Int]]
    }

    func recent(at offset: Int, branchCount: Int) -> Recent {
        var recent = Recent(byBranch: Array(repeating: [], count: branchCount))
        for slot in (offset + PostSchedule.lead - 7)..<(offset + PostSchedule.lead) where slot >= 0 {
            recent.school += school[slot]
            for (b, a) in byBranch[slot] { recent.byBranch[b].append(a) }
        }
        return recent
    }

    private static func schoolTitle(_ rng: inout Random, issue: Int, mess: Mess) -> String {
        let topic = rng.pick(Vocabulary.topics)
        if mess == .full && rng.chance(0.08) {
            return rng.chance(0.5) ? "\(topic), 我们在行动" : "\"\(topic)\"专题\n（第\(issue)期）"
        }
        switch rng.below(5) {
        case 0: return "【青年大学习】第\(issue)期：\(topic)"
        case 1: return "学习贯彻\(topic)（第\(issue)讲）"
        case 2: return "\(topic)｜校团委"
        case 3: return "每日一学：\(topic)"
        default: return "微党课 | \(topic)"
        }
    }

    private static func branchTitle(_ rng: inout Random, branch: String) -> String {
        switch rng.below(4) {
        case 0: return "\(branch)主题党日活动回顾"
        case 1: return "\(branch)组织生活会通知"
        case 2: return "\(branch)：\(rng.pick(Vocabulary.topics))学习心得"
        default: return "\(branch)志愿服务纪实"
        }
    }
}
