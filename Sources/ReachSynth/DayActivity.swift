import ReachModel

/// One generated event, packed into 64 bits so a day's events sort fast by
/// (second of day, member, post): second (17 bits) · member (22) · post + 1 (20) · flags (5).
struct Happening: Comparable {
    var bits: UInt64

    init(second: Int, member: Int, article: Int?, featured: Bool = false) {
        bits = UInt64(second) << 47 | UInt64(member) << 25 | UInt64(article.map { $0 + 1 } ?? 0) << 5
            | (featured ? 1 : 0)
    }

    var second: Int { Int(bits >> 47) }
    var member: Int { Int(bits >> 25 & 0x3F_FFFF) }
    var article: Int? { let a = Int(bits >> 5 & 0xF_FFFF); return a == 0 ? nil : a - 1 }
    var featured: Bool { bits & 1 == 1 }

    static func < (a: Happening, b: Happening) -> Bool { a.bits < b.bits }
}

/// The events of one day, each kind in time order.
struct DayEvents {
    var checkins: [Happening] = []
    var shares: [Happening] = []
    var comments: [Happening] = []

    subscript(kind: EventKind) -> [Happening] {
        switch kind {
        case .checkin: return checkins
        case .share: return shares
        case .comment: return comments
        }
    }
}

/// Draws every member's events of a day from their habits and the calendar.
///
/// Each day has its own random stream, so a day's events do not depend on
/// the days before it. Events of one member, kind and day never share a
/// second and post, so the data holds no accidental duplicates.
struct ActivityModel {
    let campus: Campus
    let habits: [Habit]
    let posts: PostSchedule
    let config: SynthConfig
    /// Days off and leave (`--calendar-leave`): members away check in less. Nil: nobody is away.
    var absences: Absences? = nil

    private static let reactions: [EventKind] = [.share, .comment]
    static let maxMembers = 1 << 22
    static let maxArticles = (1 << 20) - 1

    func events(at offset: Int) -> DayEvents {
        let day = config.firstDay + offset
        let factor = SchoolCalendar.factor(day)
        var rng = Random(seed: config.seed, purpose: .day, index: UInt64(offset))
        let recent = posts.recent(at: offset, branchCount: campus.branches.count)
        let away = absences?.day(offset)
        var out = DayEvents()
        out.checkins.reserveCapacity(campus.people.count)
        for i in campus.people.indices {
            let habit = habits[i]
            guard let active = habit.active, active.contains(offset) else { continue }
            var chance = habit.checkinChance(at: offset) * factor
            if let away { chance *= away.checkinFactor(member: i, classIndex: campus.people[i].classIndex) }
            if rng.unit() < min(0.995, chance) {
                let s = ActivityModel.checkinTimes.draw(&rng)
                out.checkins.append(Happening(second: s, member: i, article: nil))
                if rng.chance(0.03) {
                    let again = s + 3_600 + rng.below(6 * 3_600)
                    if again < 86_400 { out.checkins.append(Happening(second: again, member: i, article: nil)) }
                }
            }
            let damp = offset >= habit.stop ? 0.3 : 1.0
            let branch = campus.classes[campus.people[i].classIndex].branch
            for kind in ActivityModel.reactions {
                let rate = (kind == .share ? habit.share : habit.comment) * factor * damp
                guard rng.unit() < rate else { continue }
                let count = rng.chance(0.2) ? 2 : 1
                var previous: (Int, Int?)? = nil
                for _ in 0..<count {
                    var s = ActivityModel.reactionTimes.draw(&rng)
                    let article = ActivityModel.pickArticle(&rng, recent: recent, branch: branch)
                    if let p = previous, p.0 == s, p.1 == article { s = (s + 1) % 86_400 }
                    previous = (s, article)
                    if kind == .share {
                        out.shares.append(Happening(second: s, member: i, article: article))
                    } else {
                        out.comments.append(Happening(second: s, member: i, article: article, featured: rng.chance(0.06)))
                    }
                }
            }
        }
        out.checkins.sort()
        out.shares.sort()
        out.comments.sort()
        return out
    }

    private static func pickArticle(_ rng: inout Random, recent: PostSchedule.Recent, branch: Int) -> Int? {
        let own = recent.byBranch[branch]
        if !own.isEmpty && rng.chance(0.4) { return rng.pick(own) }
        return recent.school.isEmpty ? nil : rng.pick(recent.school)
    }

    /// When members check in: mornings and evenings, with a tail right before and after midnight.
    static let checkinTimes = TimeOfDay([
        (0.30, 6 * 3600 + 1800, 9 * 3600), (0.12, 11 * 3600 + 1800, 13 * 3600 + 1800),
        (0.10, 13 * 3600 + 1800, 18 * 3600), (0.36, 18 * 3600, 23 * 3600 + 1800),
        (0.08, 23 * 3600 + 1800, 86_400), (0.04, 0, 2400),
    ])

    /// When members share and comment: mostly after posts go out in the evening.
    static let reactionTimes = TimeOfDay([
        (0.10, 7 * 3600, 9 * 3600), (0.20, 11 * 3600 + 1800, 14 * 3600), (0.15, 14 * 3600, 18 * 3600),
        (0.45, 18 * 3600, 23 * 3600 + 1800), (0.07, 23 * 3600 + 1800, 86_400), (0.03, 0, 3600),
    ])
}

/// A distribution of seconds of the day: weighted segments, uniform inside each.
struct TimeOfDay {
    private let segments: [(cumulative: Double, start: Int, length: Int)]

    init(_ parts: [(weight: Double, start: Int, end: Int)]) {
        var sum = 0.0
        var segments: [(Double, Int, Int)] = []
        let total = parts.reduce(0) { $0 + $1.weight }
        for p in parts {
            sum += p.weight / total
            segments.append((sum, p.start, p.end - p.start))
        }
        self.segments = segments
    }

    func draw(_ rng: inout Random) -> Int {
        let u = rng.unit()
        for s in segments where u < s.cumulative { return s.start + rng.below(s.length) }
        let last = segments[segments.count - 1]
        return last.start + rng.below(last.length)
    }
}
