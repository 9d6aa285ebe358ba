/// Events of one kind on one local day, reduced to what metrics need.
///
/// Produced by the store's loader, consumed by the metrics core. Every
/// element is one distinct event (SPEC 1.5) of a member on the roster;
/// events of unknown members are already left out.
public struct DayEvents: Sendable, Equatable {
    /// Roster index of each event's member, in no particular order; a member
    /// appears once per event.
    public var members: [Int32]
    /// Content index (into ``Activity/contentIDs``) of each event, parallel to
    /// ``members``; -1 for an empty content_id. Empty when not loaded (check-ins).
    public var contents: [Int32]
    /// Comments only: whether each event is featured, parallel to ``members``;
    /// empty otherwise.
    public var featured: [Bool]
    /// Shares only (contract v4): the target (转发至) of each event, as an
    /// index into ``Activity/targets``, parallel to ``members``; -1 for an
    /// empty target. Empty when not loaded.
    public var targets: [Int32]

    public init(members: [Int32] = [], contents: [Int32] = [], featured: [Bool] = [], targets: [Int32] = []) {
        self.members = members
        self.contents = contents
        self.featured = featured
        self.targets = targets
    }
}

/// Everything the metrics core reads: the current roster and the counted
/// events per day, as compact columns.
///
/// Day arrays are indexed by `day - firstDay` and run through ``asOf``.
/// Check-ins reach back over all history (for last_checkin and
/// current_streak, SPEC 2.3); shares and comments are only filled for the
/// window D and may be empty on earlier days.
public struct Activity: Sendable {
    /// The current roster, sorted by member_id (Unicode code points); an index
    /// into it is a member's roster index.
    public var roster: [Member]
    /// The day of element 0 of the day arrays.
    public var firstDay: Day
    /// The as-of day A: the last day of the arrays.
    public var asOf: Day
    public var checkins: [DayEvents]
    public var shares: [DayEvents]
    public var comments: [DayEvents]
    /// content_id of each content index.
    public var contentIDs: [String]
    /// What decides which days count (contract v2).
    public var denominators: Denominators
    /// Share targets (转发至) of the window's shares, by code point; a
    /// share's ``DayEvents/targets`` indexes it (contract v4).
    public var targets: [String]
    /// Featured comments of the window by roster members, ordered by
    /// instant, then member_id (contract v4); the metrics keep those whose
    /// member is expected on the comment's day.
    public var featuredComments: [FeaturedComment]
    /// The group registry (contract v4), every stored row, closed groups
    /// included, by group_name; `nil` when no groups file was ever
    /// ingested (then no registry.csv is written).
    public var registry: [RegisteredGroup]?

    public init(roster: [Member], firstDay: Day, asOf: Day, checkins: [DayEvents] = [], shares: [DayEvents] = [],
                comments: [DayEvents] = [], contentIDs: [String] = [], denominators: Denominators = Denominators(),
                targets: [String] = [], featuredComments: [FeaturedComment] = [], registry: [RegisteredGroup]? = nil) {
        self.denominators = denominators
        self.targets = targets
        self.featuredComments = featuredComments
        self.registry = registry
        self.roster = roster
        self.firstDay = firstDay
        self.asOf = asOf
        let n = max(0, asOf - firstDay + 1)
        func filled(_ a: [DayEvents]) -> [DayEvents] { a.isEmpty ? Array(repeating: DayEvents(), count: n) : a }
        self.checkins = filled(checkins)
        self.shares = filled(shares)
        self.comments = filled(comments)
        self.contentIDs = contentIDs
    }

    /// Number of days in the arrays.
    public var dayCount: Int { max(0, asOf - firstDay + 1) }
}

/// The facts besides events that decide on which days a member counts
/// (SPEC 2, contract v2): data days, the school calendar and leave.
public struct Denominators: Sendable, Equatable {
    /// The days some checkins export covers, as ranges of local days; `nil`
    /// when every day counts as a data day (inputs made without exports,
    /// such as tests of the metrics alone).
    public var dataDays: [ClosedRange<Day>]?
    /// Every calendar row.
    public var calendar: [CalendarEntry]
    /// Counted leave of members on the roster: roster index, first and last day.
    public var leave: [MemberLeave]

    /// One member's leave, by roster index.
    public struct MemberLeave: Sendable, Equatable {
        public var member: Int32
        public var start: Day
        public var end: Day
        public init(member: Int32, start: Day, end: Day) {
            self.member = member
            self.start = start
            self.end = end
        }
    }

    public init(dataDays: [ClosedRange<Day>]? = nil, calendar: [CalendarEntry] = [], leave: [MemberLeave] = []) {
        self.dataDays = dataDays
        self.calendar = calendar
        self.leave = leave
    }
}
