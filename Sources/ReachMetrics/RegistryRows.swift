import ReachModel

/// What is wrong with a row of registry.csv (SPEC 3, contract v4), in the
/// order the `problems` column lists them.
public enum RegistryProblem: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    /// A share target of D that names no registered group (a closed
    /// group's name included): shares went to a group nobody answers for.
    case unregistered = 0
    /// A class with members expected on A (SPEC 2) and no registered group naming it.
    case noGroup
    /// A registered group with neither owner_id nor owner.
    case noOwner
    /// The owner_id is not a member_id of the roster.
    case ownerNotOnRoster
    /// The owner is on the roster but left before A.
    case ownerLeft
    /// The group has fewer members than the roster it stands for.
    case missingMembers
    /// No counted share went to the group in D.
    case unused

    /// The token written in registry.csv's `problems` column.
    public var description: String {
        switch self {
        case .unregistered: return "unregistered"
        case .noGroup: return "no_group"
        case .noOwner: return "no_owner"
        case .ownerNotOnRoster: return "owner_not_on_roster"
        case .ownerLeft: return "owner_left"
        case .missingMembers: return "missing_members"
        case .unused: return "unused"
        }
    }

    public static func < (a: RegistryProblem, b: RegistryProblem) -> Bool { a.rawValue < b.rawValue }
}

/// One row of registry.csv (SPEC 3, contract v4): a registered group not
/// closed, a share target naming no registered group, or a class without a
/// group. Fields a row of its kind does not have are empty (`""`, `nil`).
///
/// The registry's own columns are those of ``group`` (`row.groupName`,
/// `row.ownerID`, …); the audit adds the figures and the problems.
@dynamicMemberLookup
public struct RegistryRow: Sendable, Equatable {
    /// The registry's row; for a share target, only its name; for a class
    /// without a group, only its college, branch and class.
    public var group: RegisteredGroup
    /// Members active on A of the group's most specific college, branch or
    /// class; `nil` when the group names none of them.
    public var roster: Int?
    /// roster − member_count when positive, else 0; `nil` when either is unknown.
    public var missing: Int?
    /// Counted shares in D whose target is the group's name.
    public var sharesTo: Int?
    /// In SPEC order; empty for a group without problems.
    public var problems: [RegistryProblem]

    public init(group: RegisteredGroup, roster: Int? = nil, missing: Int? = nil, sharesTo: Int? = nil,
                problems: [RegistryProblem] = []) {
        self.group = group
        self.roster = roster
        self.missing = missing
        self.sharesTo = sharesTo
        self.problems = problems
    }

    /// A row from its columns, as tests and fixtures write them.
    public init(groupName: String = "", type: String = "", college: String = "", branch: String = "",
                className: String = "", org: String = "", ownerID: String = "", owner: String = "",
                registered: Day? = nil, memberCount: Int? = nil, roster: Int? = nil, missing: Int? = nil,
                sharesTo: Int? = nil, problems: [RegistryProblem] = []) {
        self.init(group: RegisteredGroup(groupName: groupName, type: type, college: college, branch: branch,
                                         className: className, org: org, ownerID: ownerID, owner: owner,
                                         registered: registered, memberCount: memberCount),
                  roster: roster, missing: missing, sharesTo: sharesTo, problems: problems)
    }

    /// The registry's columns: `row.groupName`, `row.ownerID`, ….
    public subscript<Value>(dynamicMember field: KeyPath<RegisteredGroup, Value>) -> Value { group[keyPath: field] }

    /// `no_owner;unused` and the like.
    public var problemText: String { problems.map(\.description).joined(separator: ";") }
}

/// One row of featured.csv (SPEC 3, contract v4): a featured comment in D
/// by a member expected on its day, for publication (公示).
public struct FeaturedRow: Sendable, Equatable {
    public var member: Member
    /// The comment's local day.
    public var day: Day
    /// Epoch seconds.
    public var instant: Int64
    /// Empty when the comment had none.
    public var contentID: String
    public var text: String

    public init(member: Member, day: Day, instant: Int64, contentID: String = "", text: String = "") {
        self.member = member
        self.day = day
        self.instant = instant
        self.contentID = contentID
        self.text = text
    }
}
