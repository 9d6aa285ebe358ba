import ReachModel

/// A grouping level of the reports, in the order every report lists them.
public enum Scope: Int, CaseIterable, Sendable, Comparable, CustomStringConvertible {
    case all = 0, college, branch, `class`

    /// The name written in the `scope` column.
    public var description: String {
        switch self {
        case .all: return "all"
        case .college: return "college"
        case .branch: return "branch"
        case .class: return "class"
        }
    }

    public static func < (a: Scope, b: Scope) -> Bool { a.rawValue < b.rawValue }
}

/// The knobs of one report (SPEC 2, SPEC 5).
public struct MetricsOptions: Sendable {
    /// The as-of day A.
    public var asOf: Day
    /// Window length W in days.
    public var window: Int
    /// G: missed check-in days in a row (missed_run) that put a member on the gap list.
    public var gapDays: Int
    /// R: a check-in rate below this puts a member on the gap list.
    public var minRate: Ratio
    /// Worker threads for the parallel core; results do not depend on it.
    public var threads: Int
    /// Weekdays without check-in where no calendar row says otherwise
    /// (SPEC 2, `--off-weekdays`): ISO numbers, 1 = Monday … 7 = Sunday.
    public var offWeekdays: Set<Int>

    public init(asOf: Day, window: Int = 30, gapDays: Int = 3, minRate: Ratio = Ratio(6, 10), threads: Int = 2,
                offWeekdays: Set<Int> = []) {
        self.asOf = asOf
        self.window = window
        self.gapDays = gapDays
        self.minRate = minRate
        self.threads = threads
        self.offWeekdays = offWeekdays
    }

    /// First day of the window D = [A−W+1, A].
    public var windowStart: Day { asOf - (window - 1) }
    /// First day of the previous window [A−2W+1, A−W].
    public var previousStart: Day { asOf - (2 * window - 1) }
}

/// One row of daily.csv (SPEC 2.1).
public struct DailyRow: Sendable, Equatable {
    public var day: Day
    public var scope: Scope
    public var group: String
    public var expected: Int
    public var checkedIn: Int
    public var reached: Int
    public var sharers: Int
    public var shares: Int
    public var commenters: Int
    public var comments: Int
    /// Members of the group excused (on leave) on the day (contract v2).
    public var excused: Int
    public var coverage: Ratio { Ratio(checkedIn, expected) }

    public init(day: Day, scope: Scope, group: String, expected: Int, checkedIn: Int, reached: Int,
                sharers: Int, shares: Int, commenters: Int, comments: Int, excused: Int = 0) {
        self.excused = excused
        self.day = day
        self.scope = scope
        self.group = group
        self.expected = expected
        self.checkedIn = checkedIn
        self.reached = reached
        self.sharers = sharers
        self.shares = shares
        self.commenters = commenters
        self.comments = comments
    }
}

/// One row of groups.csv (SPEC 2.2).
public struct GroupRow: Sendable, Equatable {
    public var scope: Scope
    public var group: String
    public var members: Int
    public var memberDays: Int
    public var checkinDays: Int
    public var reachedDays: Int
    public var fullDays: Int
    public var worstDay: Day?
    public var worstCoverage: Ratio?
    public var shares: Int
    public var comments: Int
    public var atRisk: Int
    public var previousCoverage: Ratio?
    public var rank: Int
    /// Days of D with expected > 0 (contract v2).
    public var days: Int
    /// Σ excused over D (contract v2).
    public var excusedDays: Int

    public var coverage: Ratio { Ratio(checkinDays, memberDays) }
    public var reachRate: Ratio { Ratio(reachedDays, memberDays) }
    /// coverage − prev_coverage, exact; `nil` when there is no previous coverage.
    public var delta: Ratio? { previousCoverage.map { coverage.minus($0) } }

    public init(scope: Scope, group: String, members: Int, memberDays: Int, checkinDays: Int, reachedDays: Int,
                fullDays: Int, worstDay: Day?, worstCoverage: Ratio?, shares: Int, comments: Int, atRisk: Int,
                previousCoverage: Ratio?, rank: Int, days: Int = 0, excusedDays: Int = 0) {
        self.days = days
        self.excusedDays = excusedDays
        self.scope = scope
        self.group = group
        self.members = members
        self.memberDays = memberDays
        self.checkinDays = checkinDays
        self.reachedDays = reachedDays
        self.fullDays = fullDays
        self.worstDay = worstDay
        self.worstCoverage = worstCoverage
        self.shares = shares
        self.comments = comments
        self.atRisk = atRisk
        self.previousCoverage = previousCoverage
        self.rank = rank
    }
}

/// One row of members.csv (SPEC 2.3).
public struct MemberRow: Sendable, Equatable {
    public var member: Member
    public var expectedDays: Int
    public var checkinDays: Int
    public var shares: Int
    public var comments: Int
    public var lastCheckin: Day?
    /// A − last_checkin; `nil` when there is none.
    public var daysSince: Int?
    public var currentStreak: Int
    public var longestStreak: Int
    /// Days of D on which the member is excused (contract v2).
    public var excusedDays: Int
    /// Expected days without a check-in, counted back from the member's last
    /// expected day ≤ A (contract v2).
    public var missedRun: Int
    /// `nil` when the member has no expected day in D (excused only).
    public var checkinRate: Ratio? { expectedDays > 0 ? Ratio(checkinDays, expectedDays) : nil }

    public init(member: Member, expectedDays: Int, checkinDays: Int, shares: Int, comments: Int,
                lastCheckin: Day?, daysSince: Int?, currentStreak: Int, longestStreak: Int, excusedDays: Int = 0,
                missedRun: Int = 0) {
        self.excusedDays = excusedDays
        self.missedRun = missedRun
        self.member = member
        self.expectedDays = expectedDays
        self.checkinDays = checkinDays
        self.shares = shares
        self.comments = comments
        self.lastCheckin = lastCheckin
        self.daysSince = daysSince
        self.currentStreak = currentStreak
        self.longestStreak = longestStreak
    }
}

/// Why a member is on the gap list (SPEC 2.4), in the order reasons are written.
public enum GapReason: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    case never = 0, gap, lowRate

    /// The token written in the `reasons` column.
    public var description: String {
        switch self {
        case .never: return "never"
        case .gap: return "gap"
        case .lowRate: return "low_rate"
        }
    }

    public static func < (a: GapReason, b: GapReason) -> Bool { a.rawValue < b.rawValue }
}

/// One row of gaps.csv (SPEC 2.4).
public struct GapRow: Sendable, Equatable {
    public var member: Member
    public var lastCheckin: Day?
    public var daysSince: Int?
    public var checkinRate: Ratio
    /// Non-empty, ascending.
    public var reasons: [GapReason]
    /// As in members.csv (contract v2).
    public var missedRun: Int
    /// Days of D on leave, as in members.csv (shown in the workbook's gap sheets).
    public var excusedDays: Int

    public init(member: Member, lastCheckin: Day?, daysSince: Int?, checkinRate: Ratio, reasons: [GapReason],
                missedRun: Int = 0, excusedDays: Int = 0) {
        self.missedRun = missedRun
        self.excusedDays = excusedDays
        self.member = member
        self.lastCheckin = lastCheckin
        self.daysSince = daysSince
        self.checkinRate = checkinRate
        self.reasons = reasons
    }

    /// `never;low_rate` and the like.
    public var reasonText: String { reasons.map(\.description).joined(separator: ";") }
}

/// Counted shares and comments of one content_id in D (posts.csv, SPEC 3).
public struct PostRow: Sendable, Equatable {
    public var contentID: String
    public var shares: Int
    public var sharers: Int
    public var comments: Int
    public var commenters: Int
    public var featuredComments: Int

    public init(contentID: String, shares: Int, sharers: Int, comments: Int, commenters: Int, featuredComments: Int) {
        self.contentID = contentID
        self.shares = shares
        self.sharers = sharers
        self.comments = comments
        self.commenters = commenters
        self.featuredComments = featuredComments
    }
}

/// One row of days.csv (SPEC 3, contract v2): what a day counted as.
public struct DayRow: Sendable, Equatable {
    public var day: Day
    /// Some checkins export covers the day.
    public var data: Bool
    /// A check-in day by the level-all calendar rows and the weekday rule.
    public var checkinDay: Bool
    /// Members expected (scope all).
    public var expected: Int
    /// Members excused (scope all).
    public var excused: Int
    /// The notes of the level-all calendar rows covering the day, distinct,
    /// by code point, joined with `; `.
    public var note: String

    public init(day: Day, data: Bool, checkinDay: Bool, expected: Int, excused: Int, note: String) {
        self.day = day
        self.data = data
        self.checkinDay = checkinDay
        self.expected = expected
        self.excused = excused
        self.note = note
    }
}

/// One row of silent.csv (SPEC 3, contract v2): a class with members
/// expected on a day of D and no event at all from them.
public struct SilentRow: Sendable, Equatable {
    public var day: Day
    /// College and branch of the class (those of its first member by member_id).
    public var college: String
    public var branch: String
    public var className: String
    public var expected: Int

    public init(day: Day, college: String, branch: String, className: String, expected: Int) {
        self.day = day
        self.college = college
        self.branch = branch
        self.className = className
        self.expected = expected
    }
}

/// Every metric table of one report, each already in its SPEC 3 row order.
public struct MetricTables: Sendable {
    public var options: MetricsOptions
    /// Ordered by date, scope, group.
    public var daily: [DailyRow]
    /// Ordered by scope, rank, group.
    public var groups: [GroupRow]
    /// Ordered by college, branch, class, member_id.
    public var members: [MemberRow]
    /// Ordered by class, `never` first, missed_run descending, member_id.
    public var gaps: [GapRow]
    /// Ordered by shares descending, content_id.
    public var posts: [PostRow]
    /// Every day of the previous window and D, in date order.
    public var days: [DayRow]
    /// Ordered by date, class.
    public var silent: [SilentRow]
    /// registry.csv (contract v4): rows with problems first, then by
    /// group_name, class, college, branch; `nil` when there is no registry.
    public var registry: [RegistryRow]?
    /// featured.csv (contract v4): ordered by time, member_id.
    public var featured: [FeaturedRow]

    public init(options: MetricsOptions, daily: [DailyRow], groups: [GroupRow], members: [MemberRow],
                gaps: [GapRow], posts: [PostRow], days: [DayRow] = [], silent: [SilentRow] = [],
                registry: [RegistryRow]? = nil, featured: [FeaturedRow] = []) {
        self.registry = registry
        self.featured = featured
        self.days = days
        self.silent = silent
        self.options = options
        self.daily = daily
        self.groups = groups
        self.members = members
        self.gaps = gaps
        self.posts = posts
    }
}
