import ReachReports

extension Settings {
    /// What the command line sets, option by option; `nil` where an option
    /// was not given.
    ///
    /// Options of an enum type (`--lang`, `--split`) arrive parsed. The
    /// others arrive as the text the user typed, and
    /// ``Settings/resolve(commandLine:configPath:)`` checks them with the
    /// rules of the same key in `reach.toml`, so a bad value names its
    /// option and what it accepts.
    public struct Overrides: Sendable {
        public var store: String?
        public var inbox: String?
        public var out: String?
        public var timezone: String?
        public var window: String?
        public var gapDays: String?
        public var minRate: String?
        public var offWeekdays: String?
        public var language: ReportLanguage?
        public var split: SplitSetting?
        public var splitLimit: String?
        public var bom: Bool?
        public var threads: String?

        public init(store: String? = nil, inbox: String? = nil, out: String? = nil, timezone: String? = nil,
                    window: String? = nil, gapDays: String? = nil, minRate: String? = nil, offWeekdays: String? = nil,
                    language: ReportLanguage? = nil, split: SplitSetting? = nil, splitLimit: String? = nil,
                    bom: Bool? = nil, threads: String? = nil) {
            self.store = store
            self.inbox = inbox
            self.out = out
            self.timezone = timezone
            self.window = window
            self.gapDays = gapDays
            self.minRate = minRate
            self.offWeekdays = offWeekdays
            self.language = language
            self.split = split
            self.splitLimit = splitLimit
            self.bom = bom
            self.threads = threads
        }

        /// The value given for `key` in the words `reach.toml` would use
        /// (an enum's raw value, `true`/`false`), so that every key is read
        /// in one place whichever layer sets it; `nil` when not given.
        func text(for key: Key) -> String? {
            switch key {
            case .store: return store
            case .inbox: return inbox
            case .archive, .rejected: return nil
            case .out: return out
            case .timezone: return timezone
            case .window: return window
            case .gapDays: return gapDays
            case .minRate: return minRate
            case .offWeekdays: return offWeekdays
            case .language: return language?.rawValue
            case .split: return split?.rawValue
            case .splitLimit: return splitLimit
            case .bom: return bom.map { $0 ? "true" : "false" }
            case .threads: return threads
            }
        }
    }
}
