import ReachMetrics

/// The values of the `split` setting (`--split`, `split = "class"` in
/// `reach.toml`): no split, or the level whose groups each also get a small
/// workbook and a reminder text.
public enum SplitSetting: String, CaseIterable, Sendable {
    case none
    case `class`, branch, college

    /// The scope the report splits by; `nil` for ``none``.
    public var scope: Scope? {
        switch self {
        case .none: return nil
        case .class: return .class
        case .branch: return .branch
        case .college: return .college
        }
    }
}
