import ReachReports

extension Settings {
    /// One configurable key: its name in `reach.toml`, the command-line
    /// option that sets it (if any) and what it accepts. The cases stand in
    /// the order `reach config` lists them.
    public enum Key: String, CaseIterable, Sendable {
        case store, inbox, archive, rejected, out, timezone, window
        case gapDays = "gap_days"
        case minRate = "min_rate"
        case offWeekdays = "off_weekdays"
        case language, split
        case splitLimit = "split_limit"
        case bom, threads

        /// The name in `reach.toml` and in `reach config`.
        public var name: String { rawValue }

        /// The command-line option that sets the key; `nil` for the keys
        /// only `reach.toml` sets.
        public var option: String? {
            switch self {
            case .archive, .rejected: return nil
            case .language: return "--lang"
            case .bom: return "--no-bom"
            default: return "--" + rawValue.replacingOccurrences(of: "_", with: "-")
            }
        }

        /// What the key accepts, for error messages.
        public var accepted: String {
            switch self {
            case .store: return "a file path"
            case .inbox, .archive, .rejected, .out: return "a folder path"
            case .timezone: return "an IANA time zone such as \"Asia/Shanghai\" or \"UTC\""
            case .window, .gapDays: return "a whole number of days from 1 to 3660"
            case .minRate: return "a decimal from 0 to 1 such as 0.6"
            case .offWeekdays: return OffWeekdays.accepted
            case .language: return Key.choices(ReportLanguage.allCases.map(\.rawValue))
            case .split: return Key.choices(SplitSetting.allCases.map(\.rawValue))
            case .splitLimit: return "a whole number of groups, 0 for no limit"
            case .bom: return "true or false"
            case .threads: return "a whole number from 1 to \(Key.mostThreads)"
            }
        }

        /// The most worker threads `threads` accepts.
        static let mostThreads = 256

        /// A path: in `reach.toml`, relative to the file's folder.
        var isPath: Bool { [.store, .inbox, .archive, .rejected, .out].contains(self) }

        /// `reach config` shows the value in quotes (a TOML string).
        var isQuoted: Bool { isPath || [.timezone, .offWeekdays, .language, .split].contains(self) }

        /// Where the value comes from when neither `reach.toml` nor the
        /// command line sets it.
        var defaultSource: Source {
            switch self {
            case .archive, .rejected: return .derived("beside the inbox")
            case .threads: return .derived("active cores")
            default: return .builtIn
            }
        }

        /// `"a", "b" or "c"`.
        static func choices(_ words: [String]) -> String {
            let quoted = words.map { "\"\($0)\"" }
            guard let last = quoted.last, quoted.count > 1 else { return quoted.joined() }
            return quoted.dropLast().joined(separator: ", ") + " or " + last
        }
    }
}
