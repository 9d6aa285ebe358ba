import ReachModel

/// How one member behaves: check-in propensity, sharing and commenting rates,
/// lapses of a few days, and possibly a day after which the member stops.
///
/// Propensities are skewed as in real check-in programmes: most members check
/// in almost daily, a tail checks in rarely, a few never do.
struct Habit {
    var checkin: Double
    var share: Double
    var comment: Double
    /// Day offsets (from the first day) on which the member is expected.
    var active: ClosedRange<Int>?
    /// First day offset on which the member has stopped checking in, if any.
    var stop: Int
    /// Day offsets of short absences (illness, travel), each inclusive.
    var lapses: [ClosedRange<Int>]

    static func all(for campus: Campus, config: SynthConfig) -> [Habit] {
        var rng = Random(seed: config.seed, purpose: .habits)
        let first = config.firstDay
        return campus.people.indices.map { i in
            let person = campus.people[i]
            let lo = person.joined.map { max(0, $0 - first) } ?? 0
            let hi = person.left.map { min(config.days - 1, $0 - first) } ?? (config.days - 1)
            var habit = Habit(checkin: 0, share: 0, comment: 0, active: lo <= hi ? lo...hi : nil,
                              stop: Int.max, lapses: [])
            let kind = rng.unit()
            let tier: Double
            switch kind {
            case ..<0.76: habit.checkin = 0.93 + 0.07 * rng.unit(); tier = 1
            case ..<0.89: habit.checkin = 0.60 + 0.32 * rng.unit(); tier = 0.7
            case ..<0.97: habit.checkin = 0.10 + 0.45 * rng.unit(); tier = 0.4
            default: habit.checkin = 0; tier = 0.15
            }
            habit.share = tier * Habit.rate(&rng, rare: 0.03, moderate: 0.23, active: 0.60)
            habit.comment = tier * Habit.rate(&rng, rare: 0.02, moderate: 0.19, active: 0.50)
            if config.days > 10 && rng.chance(0.04) {
                habit.stop = rng.within((config.days / 10)...(config.days - 1))
            }
            // About one absence per 60 days for the less regular, fewer for the regular.
            let absences = Double(config.days) / 60 * (habit.checkin > 0.9 ? 0.25 : 1)
            var expected = absences
            while expected > 0 {
                if rng.chance(min(1, expected)) {
                    let start = rng.below(config.days)
                    habit.lapses.append(start...min(config.days - 1, start + rng.within(2...9)))
                }
                expected -= 1
            }
            if campus.unknownIDs.contains(i) { habit.checkin = 0.3; habit.share = 0.1; habit.comment = 0.05 }
            return habit
        }
    }

    /// A per-day rate from three tiers: rare (45%), moderate (35%), active (20%).
    private static func rate(_ rng: inout Random, rare: Double, moderate: Double, active: Double) -> Double {
        let u = rng.unit()
        if u < 0.45 { return rare }
        if u < 0.80 { return moderate * (0.8 + 0.4 * rng.unit()) }
        return active * (0.8 + 0.4 * rng.unit())
    }

    /// The check-in probability on day offset `offset`, before the calendar factor.
    @inline(__always) func checkinChance(at offset: Int) -> Double {
        if offset >= stop { return checkin * 0.03 }
        for lapse in lapses where lapse.contains(offset) { return checkin * 0.05 }
        return checkin
    }
}

/// The academic calendar's effect on activity: weekends, exam weeks, holidays.
enum SchoolCalendar {
    /// A multiplier around 1 for activity on `day`.
    static func factor(_ day: Day) -> Double {
        let (_, month, dom) = day.civil
        var f = 1.0
        switch weekday(day) {
        case 5: f = 0.93  // Saturday
        case 6: f = 0.90  // Sunday
        default: f = 1.02
        }
        if isExamWeek(day) { f *= 0.85 }
        if isVacation(day) { f *= 0.88 }
        if month == 10 && dom <= 7 { f *= 0.90 }  // National Day golden week
        return f
    }

    /// A vacation of the school year: its name and first and last (month, day).
    struct Vacation {
        var name: String
        var first: (month: Int, day: Int)
        var last: (month: Int, day: Int)
    }

    /// Winter vacation (寒假, 20 January – 25 February) and summer vacation
    /// (暑假, 10 July – 31 August): lower activity, and days off in the calendar export.
    static let vacations = [
        Vacation(name: "寒假", first: (1, 20), last: (2, 25)),
        Vacation(name: "暑假", first: (7, 10), last: (8, 31)),
    ]

    static func isVacation(_ day: Day) -> Bool {
        let (_, month, dom) = day.civil
        return vacations.contains { v in (month, dom) >= v.first && (month, dom) <= v.last }
    }

    /// 0 = Monday … 6 = Sunday.
    static func weekday(_ day: Day) -> Int { Int((Int64(day.index) + 3) % 7 + 7) % 7 }

    /// Final exams (the two weeks from 5 January and from 22 June) and mid-terms
    /// (the week of 10 November and of 20 April).
    static func isExamWeek(_ day: Day) -> Bool {
        let (_, month, dom) = day.civil
        switch month {
        case 1: return (5...18).contains(dom)
        case 6: return dom >= 22
        case 7: return dom <= 5
        case 11: return (10...16).contains(dom)
        case 4: return (20...26).contains(dom)
        default: return false
        }
    }
}
