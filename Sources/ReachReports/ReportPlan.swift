import ReachMetrics
import ReachModel

/// What goes where in one report folder, decided once before any file is
/// written: whether the member-level sheets (members, gap list) stay in the
/// main workbook or move to one workbook per college, and which splits are
/// written within the split limit.
///
/// - Up to ``ReportOptions/mainWorkbookMembers`` members (members.csv rows)
///   the main workbook holds both sheets, as it always did.
/// - Above it they move to `by-college/`: the college split, plus one
///   workbook for the members without a college (``Labels/withoutCollege``),
///   so every member is in exactly one file. `--split college` is then that
///   same split, written once.
/// - A split with more groups than ``ReportOptions/splitLimit`` is not
///   written (``SplitLeftOut``). When that is the by-college split of a large
///   roster, the member sheets stay in the main workbook, cut at Excel's row
///   limit with a note pointing to members.csv and gaps.csv.
struct ReportPlan: Sendable {
    /// Where the members and gap-list sheets are.
    enum MemberSheets: Sendable, Equatable {
        /// In the main workbook.
        case mainWorkbook
        /// In `by-college/`: that many workbooks, one of them for members
        /// without a college when `withoutCollege`.
        case byCollege(workbooks: Int, withoutCollege: Bool)
        /// In the main workbook, cut at Excel's row limit, because the
        /// roster is large but its colleges are more than the split limit.
        case mainWorkbookCut
    }

    let memberSheets: MemberSheets
    /// The splits to write, each scope once.
    let splits: [GroupSplit]
    /// The splits left out for the split limit.
    let leftOut: [SplitLeftOut]
    let options: ReportOptions

    /// The member sheets are in `by-college/`, not in the main workbook.
    var movesMemberSheets: Bool {
        if case .byCollege = memberSheets { return true }
        return false
    }

    init(_ input: ReportInput, options: ReportOptions) {
        self.options = options
        let members = input.tables.members.count
        func withinLimit(_ split: GroupSplit) -> Bool { options.splitLimit.map { split.groups.count <= $0 } ?? true }
        var splits: [GroupSplit] = [], leftOut: [SplitLeftOut] = []
        var memberSheets = MemberSheets.mainWorkbook
        let large = members > options.mainWorkbookMembers
        if large {
            let colleges = GroupSplit(input, scope: .college, language: options.language, withoutCollege: true)
            if withinLimit(colleges) {
                memberSheets = .byCollege(workbooks: colleges.groups.count,
                                          withoutCollege: colleges.groups.contains(where: \.isWithoutCollege))
                splits.append(colleges)
            } else {
                memberSheets = .mainWorkbookCut
                leftOut.append(SplitLeftOut(scope: .college, groups: colleges.groups.count, limit: options.splitLimit ?? 0,
                                            largeRoster: .init(members: members, above: options.mainWorkbookMembers)))
            }
        }
        if let scope = options.split, !(large && scope == .college) {
            let split = GroupSplit(input, scope: scope, language: options.language)
            if withinLimit(split) {
                splits.append(split)
            } else {
                leftOut.append(SplitLeftOut(scope: scope, groups: split.groups.count, limit: options.splitLimit ?? 0))
            }
        }
        self.memberSheets = memberSheets
        self.splits = splits
        self.leftOut = leftOut
    }
}

/// A split that was not written because it has more groups than the split
/// limit (`--split-limit`). Everything else of the report is written, and
/// the exit status does not change: the nightly job never waits for a human.
public struct SplitLeftOut: Sendable, Equatable {
    /// A large roster whose member sheets were to move to by-college
    /// workbooks (and stayed in the main workbook instead).
    public struct LargeRoster: Sendable, Equatable {
        /// Members (members.csv rows).
        public var members: Int
        /// The roster size above which the member sheets move.
        public var above: Int

        public init(members: Int, above: Int) {
            self.members = members
            self.above = above
        }
    }

    public var scope: Scope
    /// Groups the split would have written (a workbook and a reminder each).
    public var groups: Int
    public var limit: Int
    /// Set for the automatic by-college workbooks of a large roster; `nil`
    /// for a split asked for with `--split`.
    public var largeRoster: LargeRoster?

    public init(scope: Scope, groups: Int, limit: Int, largeRoster: LargeRoster? = nil) {
        self.scope = scope
        self.groups = groups
        self.limit = limit
        self.largeRoster = largeRoster
    }

    /// The folder that was not written, e.g. `by-class`.
    public var folderName: String { GroupSplit.folderName(scope) }
}
