import ReachModel

/// What `reach synth` should generate.
///
/// The same configuration always gives byte-identical files, so a seed names
/// a data set: benchmarks and tests can regenerate it instead of storing it.
public struct SynthConfig: Sendable, Equatable {
    /// Members on the roster (members.csv).
    public var members: Int
    /// Days with activity, ending at `end` (inclusive).
    public var days: Int
    /// The last day with activity.
    public var end: Day
    /// Seed of every random choice.
    public var seed: UInt64
    /// Plant every input quirk of SPEC section 1 (encodings, titles, bad rows, duplicates…).
    public var messy: Bool
    /// The light messiness of the committed sample inbox (a title line, one
    /// GB18030 file, a few bad rows and duplicates). Ignored when `messy` is set.
    public var sample: Bool
    /// Also write a school calendar (校历) and leave approval exports (请假)
    /// (contract v2), and keep members away on their days off and leave days.
    /// Off by default: without it the output is byte for byte what it was
    /// before these kinds existed.
    public var calendarLeave: Bool
    /// Write the last month's check-in export as a DingTalk daily attendance
    /// report (`打卡-钉钉考勤报表-2026-11.xlsx`, contract v3): a two-row
    /// header, one row per member and day, absent rows for the members who
    /// did not check in. Off by default: without it the output is byte for
    /// byte what it was before spreadsheets existed.
    public var xlsx: Bool
    /// Also write the inputs of contract v4: a group registry (群组备案), the
    /// official account's analytics export (图文分析) with reads by title,
    /// a comment text (评论内容) on every comment and a share target (转发至)
    /// on every share. Off by default: without it the output is byte for byte
    /// what it was before these inputs existed.
    public var groups: Bool
    /// About how many rows the group registry has (at least 1); nil: the
    /// campus's own, one group a class for most classes, some branch groups,
    /// an official account a college and a few student organisations.
    /// Setting it implies `groups` (see ``writesGroups``).
    public var registryRows: Int?

    public init(members: Int, days: Int, end: Day, seed: UInt64, messy: Bool = false, sample: Bool = false,
                calendarLeave: Bool = false, xlsx: Bool = false, groups: Bool = false, registryRows: Int? = nil) {
        self.members = members
        self.days = days
        self.end = end
        self.seed = seed
        self.messy = messy
        self.sample = sample
        self.calendarLeave = calendarLeave
        self.xlsx = xlsx
        self.groups = groups
        self.registryRows = registryRows
    }

    /// Whether the contract-v4 inputs are written: `groups`, or a registry size.
    public var writesGroups: Bool { groups || registryRows != nil }

    /// The first day with activity.
    public var firstDay: Day { end - (days - 1) }

    /// Throws a usage error when the shape cannot be generated.
    public func validate() throws {
        guard (1...2_000_000).contains(members) else {
            throw ReachError.usage("synth: --members must be between 1 and 2000000 (got \(members))")
        }
        guard (1...3_660).contains(days) else {
            throw ReachError.usage("synth: --days must be between 1 and 3660 (got \(days))")
        }
        guard firstDay.civil.year >= 2000, end.civil.year <= 2099 else {
            throw ReachError.usage("synth: the days must lie in 2000–2099; choose another --end or fewer --days")
        }
        // A sheet holds 1,048,576 rows; the attendance report has one per member and day of a month.
        guard !xlsx || members <= SynthConfig.maxXLSXMembers else {
            throw ReachError.usage("synth: --xlsx writes a row per member and day of a month, and a sheet holds 1048576 rows: use at most \(SynthConfig.maxXLSXMembers) --members with --xlsx (got \(members))")
        }
        if let rows = registryRows, !(1...SynthConfig.maxRegistryRows).contains(rows) {
            throw ReachError.usage("synth: --registry must be 1–\(SynthConfig.maxRegistryRows) rows (got \(rows))")
        }
    }

    /// The most rows `registryRows` may ask for.
    public static let maxRegistryRows = 1_000_000

    /// The most members whose month of daily rows fits one sheet.
    public static let maxXLSXMembers = 30_000

    /// How much of the input is deliberately broken.
    var mess: Mess { messy ? .full : (sample ? .light : .clean) }
}

/// The level of planted input quirks.
enum Mess: String, Sendable {
    case clean, light, full
}
