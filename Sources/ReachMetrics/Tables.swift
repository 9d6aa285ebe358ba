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
    /// G: days without a check-in that put a member on the gap list.
    public var gapDays: Int
    /// R: a check-in rate below this puts a member on the gap list.
    public var minRate: Ratio
    /// Worker threads for the parallel core; results do not depend on it.
    public var threads: Int

    public init(asOf: Day, window: Int = 30, gapDays: Int = 3, minRate: Ratio = Ratio(6, 10), threads: Int = 2) {
        self.asOf = asOf
        self.window = window
        self.gapDays = gapDays
        self.minRate = minRate
        self.threads = threads
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
    public var coverage: Ratio { Ratio(checkedIn, expected) }

    public init(day: Day, scope: Scope, group: String, expected: Int, checkedIn: Int, reached: Int,
                sharers: Int, shares: Int, commenters: Int, comments: Int) {
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

    public var coverage: Ratio { Ratio(checkinDays, memberDays) }
    public var reachRate: Ratio { Ratio(reachedDays, memberDays) }
    /// coverage − prev_coverage, exact; `nil` when there is no previous coverage.
    public var delta: Ratio? { previousCoverage.map { coverage.minus($0) } }

    public init(scope: Scope, group: String, members: Int, memberDays: Int, checkinDays: Int, reachedDays: Int,
                fullDays: Int, worstDay: Day?, worstCoverage: Ratio?, shares: Int, comments: Int, atRisk: Int,
                previousCoverage: Ratio?, rank: Int) {
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
    public var checkinRate: Ratio { Ratio(checkinDays, expectedDays) }

    public init(member: Member, expectedDays: Int, checkinDays: Int, shares: Int, comments: Int,
                lastCheckin: Day?, daysSince: Int?, currentStreak: Int, longestStreak: Int) {
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

    public init(member: Member, lastCheckin: Day?, daysSince: Int?, checkinRate: Ratio, reasons: [GapReason]) {
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

/// Every metric table of one report, each already in its SPEC 3 row order.
public struct MetricTables: Sendable {
    public var options: MetricsOptions
    /// Ordered by date, scope, group.
    public var daily: [DailyRow]
    /// Ordered by scope, rank, group.
    public var groups: [GroupRow]
    /// Ordered by college, branch, class, member_id.
    public var members: [MemberRow]
    /// Ordered by class, `never` first, days_since descending, member_id.
    public var gaps: [GapRow]
    /// Ordered by shares descending, content_id.
    public var posts: [PostRow]

    public init(options: MetricsOptions, daily: [DailyRow], groups: [GroupRow], members: [MemberRow],
                gaps: [GapRow], posts: [PostRow]) {
        self.options = options
        self.daily = daily
        self.groups = groups
        self.members = members
        self.gaps = gaps
        self.posts = posts
    }
}
