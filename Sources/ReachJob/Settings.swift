import Foundation
import ReachModel
import ReachReports

/// The effective configuration of one invocation: built-in defaults,
/// overridden by `reach.toml`, overridden by the command line.
///
/// Every value remembers where it came from, so `reach config` can show
/// an operator why the nightly job does what it does.
public struct Settings: Sendable {
    /// Where a setting's value came from.
    public enum Source: Sendable, Equatable, CustomStringConvertible {
        case builtIn
        case derived(String)
        case file(path: String, line: Int)
        case commandLine

        public var description: String {
            switch self {
            case .builtIn: return "default"
            case .derived(let why): return "default (\(why))"
            case .file(let path, let line): return "\(path):\(line)"
            case .commandLine: return "command line"
            }
        }
    }

    /// One configurable key: its name in `reach.toml`, the command-line
    /// option that sets it (if any), its default and what it accepts.
    public struct Key: Sendable {
        public let name: String
        public let option: String?
        public let accepted: String
        let defaultValue: String?
        let isPath: Bool
        /// `reach config` shows the value in quotes (a TOML string).
        let isText: Bool

        init(_ name: String, option: String?, accepted: String, defaultValue: String?, isPath: Bool = false, isText: Bool = false) {
            self.name = name
            self.option = option
            self.accepted = accepted
            self.defaultValue = defaultValue
            self.isPath = isPath
            self.isText = isText || isPath
        }
    }

    /// Every key `reach.toml` may set, in the order `reach config` lists them.
    public static let keys: [Key] = [
        Key("store", option: "--store", accepted: "a file path", defaultValue: "data/reach.sqlite", isPath: true),
        Key("inbox", option: "--inbox", accepted: "a folder path", defaultValue: "data/inbox", isPath: true),
        Key("archive", option: nil, accepted: "a folder path", defaultValue: nil, isPath: true),
        Key("rejected", option: nil, accepted: "a folder path", defaultValue: nil, isPath: true),
        Key("out", option: "--out", accepted: "a folder path", defaultValue: "reports", isPath: true),
        Key("timezone", option: "--timezone", accepted: "an IANA time zone such as \"Asia/Shanghai\" or \"UTC\"",
            defaultValue: "Asia/Shanghai", isText: true),
        Key("window", option: "--window", accepted: "a whole number of days from 1 to 3660", defaultValue: "30"),
        Key("gap_days", option: "--gap-days", accepted: "a whole number of days from 1 to 3660", defaultValue: "3"),
        Key("min_rate", option: "--min-rate", accepted: "a decimal from 0 to 1 such as 0.6", defaultValue: "0.6"),
        Key("off_weekdays", option: "--off-weekdays", accepted: OffWeekdays.accepted, defaultValue: "", isText: true),
        Key("language", option: "--lang", accepted: "\"zh\" or \"en\"", defaultValue: "zh", isText: true),
        Key("split", option: "--split", accepted: "\"none\", \"class\", \"branch\" or \"college\"", defaultValue: "none",
            isText: true),
        Key("split_limit", option: "--split-limit", accepted: "a whole number of groups, 0 for no limit",
            defaultValue: String(ReportOptions.defaultSplitLimit)),
        Key("bom", option: "--no-bom", accepted: "true or false", defaultValue: "true"),
        Key("threads", option: "--threads", accepted: "a whole number from 1 to 256", defaultValue: nil),
    ]

    /// Raw values by key, after layering.
    public private(set) var values: [String: String] = [:]
    /// Where each value came from.
    public private(set) var sources: [String: Source] = [:]
    /// The configuration file that was read, if any.
    public private(set) var configPath: String?

    // Typed views, validated when the settings are resolved.
    public private(set) var zone: ReportingZone = .shanghai
    public private(set) var window = 30
    public private(set) var gapDays = 3
    public private(set) var minRate = Ratio(6, 10)
    public private(set) var threads = 2
    /// The most groups a split may write (`nil`: no limit); a split with
    /// more is left out with a warning, and the rest of the report is written.
    public private(set) var splitLimit: Int? = ReportOptions.defaultSplitLimit
    /// ISO weekdays (1 = Monday … 7 = Sunday) without check-in where no
    /// calendar row says otherwise (SPEC 2); empty: every day is a check-in day.
    public private(set) var offWeekdays: Set<Int> = []

    public var storePath: String { values["store"]! }
    public var inbox: String { values["inbox"]! }
    public var archive: String { values["archive"]! }
    public var rejectedFolder: String { values["rejected"]! }
    public var out: String { values["out"]! }
    public var language: String { values["language"]! }
    /// `nil` when no split is asked for, otherwise `class`, `branch` or `college`.
    public var split: String? { values["split"] == "none" ? nil : values["split"] }
    public var bom: Bool { values["bom"] == "true" }

    /// Resolves the settings.
    ///
    /// - Parameters:
    ///   - commandLine: values given as options, by key name.
    ///   - configPath: `--config`; when `nil`, `reach.toml` beside the store is read if it exists.
    public static func resolve(commandLine: [String: String], configPath: String? = nil) throws -> Settings {
        var s = Settings()
        for key in keys {
            if let d = key.defaultValue {
                s.values[key.name] = d
                s.sources[key.name] = .builtIn
            }
        }
        // Which configuration file: --config, else reach.toml beside the store.
        let storeGuess = commandLine["store"] ?? s.values["store"]!
        let candidate = configPath ?? ((storeGuess as NSString).deletingLastPathComponent as NSString)
            .appendingPathComponent("reach.toml")
        if configPath != nil || FileManager.default.fileExists(atPath: candidate) {
            let file = try ConfigFile(contentsOf: candidate)
            s.configPath = candidate
            let base = (candidate as NSString).deletingLastPathComponent
            for (name, entry) in file.entries.sorted(by: { $0.value.line < $1.value.line }) {
                guard let key = keys.first(where: { $0.name == name }) else {
                    throw ReachError.usage("\(candidate):\(entry.line): unknown key '\(name)'; known keys: \(keys.map(\.name).joined(separator: ", "))")
                }
                var text = entry.value.description
                if key.isPath, !text.hasPrefix("/"), !base.isEmpty { text = (base as NSString).appendingPathComponent(text) }
                s.values[name] = text
                s.sources[name] = .file(path: candidate, line: entry.line)
            }
        }
        for (name, value) in commandLine {
            precondition(keys.contains { $0.name == name }, "unknown settings key \(name)")
            s.values[name] = value
            s.sources[name] = .commandLine
        }
        // Derived defaults: archive and rejected folders sit beside the inbox.
        let inboxParent = ((s.values["inbox"]! as NSString).standardizingPath as NSString).deletingLastPathComponent
        for (name, folder) in [("archive", "archive"), ("rejected", "rejected")] where s.values[name] == nil {
            s.values[name] = (inboxParent.isEmpty ? folder : (inboxParent as NSString).appendingPathComponent(folder))
            s.sources[name] = .derived("beside the inbox")
        }
        if s.values["threads"] == nil {
            s.values["threads"] = String(max(1, ProcessInfo.processInfo.activeProcessorCount))
            s.sources["threads"] = .derived("active cores")
        }
        try s.validate()
        return s
    }

    private mutating func validate() throws {
        func fail(_ name: String, _ value: String) -> ReachError {
            let key = Settings.keys.first { $0.name == name }!
            if sources[name] == .commandLine, let option = key.option {
                return .usage("\(option) \(value) is not accepted; use \(key.accepted)")
            }
            return .usage("\(name) = \(value) is not accepted (from \(sources[name]!)); use \(key.accepted)")
        }
        func days(_ name: String) throws -> Int {
            guard let v = Int(values[name]!), (1...3660).contains(v) else { throw fail(name, values[name]!) }
            return v
        }
        guard let z = try? ReportingZone(identifier: values["timezone"]!) else { throw fail("timezone", values["timezone"]!) }
        zone = z
        window = try days("window")
        gapDays = try days("gap_days")
        guard let r = Ratio(decimal: values["min_rate"]!), !(Ratio(1, 1) < r) else { throw fail("min_rate", values["min_rate"]!) }
        minRate = r
        guard let off = OffWeekdays.parse(values["off_weekdays"]!) else {
            throw fail("off_weekdays", "\"\(values["off_weekdays"]!)\"")
        }
        offWeekdays = off
        values["off_weekdays"] = OffWeekdays.text(off)
        guard ["zh", "en"].contains(values["language"]!) else { throw fail("language", values["language"]!) }
        guard ["none", "class", "branch", "college"].contains(values["split"]!) else { throw fail("split", values["split"]!) }
        guard let limit = Int(values["split_limit"]!), limit >= 0 else { throw fail("split_limit", values["split_limit"]!) }
        splitLimit = limit == 0 ? nil : limit
        guard ["true", "false"].contains(values["bom"]!) else { throw fail("bom", values["bom"]!) }
        guard let t = Int(values["threads"]!), (1...256).contains(t) else { throw fail("threads", values["threads"]!) }
        threads = t
        for key in Settings.keys where key.isPath && values[key.name]!.isEmpty {
            throw fail(key.name, "\"\"")
        }
    }

    /// The width names are padded to in `reach config`; a longer name
    /// (`off_weekdays`) stands unpadded, so the other lines keep their look.
    static let nameColumn = 8

    /// `key = value   # source` lines, as `reach config` prints them.
    public func describe() -> String {
        var lines: [String] = []
        if let configPath { lines.append("# configuration file: \(configPath)") } else {
            lines.append("# no configuration file (reach.toml beside the store, or --config)")
        }
        for key in Settings.keys {
            let v = values[key.name]!
            let shown = key.isText ? "\"\(v)\"" : v
            let pad = String(repeating: " ", count: max(0, Settings.nameColumn - key.name.count))
            lines.append("\(key.name)\(pad) = \(shown)    # \(sources[key.name]!)")
        }
        return lines.joined(separator: "\n")
    }
}

/// The `off_weekdays` setting (`--off-weekdays`): weekdays without check-in,
/// written in English, Chinese or as ISO numbers.
public enum OffWeekdays {
    /// What the setting accepts, for error messages.
    public static let accepted = "weekdays separated by commas, e.g. \"sat,sun\": mon … sun, monday … sunday, "
        + "周一 … 周日, 星期一 … 星期日 or 1 … 7 (1 = Monday); \"\" or \"none\" for none"

    /// Short English names, Monday first: the form `reach config` shows.
    static let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    static let fullNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    static let chinese = ["一", "二", "三", "四", "五", "六", "日"]

    /// ISO weekday numbers of `text`, case-insensitive, separated by commas
    /// (also `，`, `、` or spaces); `nil` when a word is not a weekday.
    public static func parse(_ text: String) -> Set<Int>? {
        let words = text.lowercased()
            .split { $0 == "," || $0 == "，" || $0 == "、" || $0.isWhitespace }
            .map(String.init)
        if words == ["none"] { return [] }
        var days: Set<Int> = []
        for word in words {
            guard let day = weekday(word) else { return nil }
            days.insert(day)
        }
        return days
    }

    /// `sat,sun` for {6, 7}; empty for none.
    public static func text(_ days: Set<Int>) -> String {
        days.sorted().map { names[$0 - 1] }.joined(separator: ",")
    }

    private static func weekday(_ word: String) -> Int? {
        if let n = Int(word) { return (1...7).contains(n) ? n : nil }
        if let i = names.firstIndex(of: word) ?? fullNames.firstIndex(of: word) { return i + 1 }
        for prefix in ["星期", "周"] where word.hasPrefix(prefix) {
            var rest = String(word.dropFirst(prefix.count))
            if rest == "天" { rest = "日" }
            if let i = chinese.firstIndex(of: rest) { return i + 1 }
        }
        return nil
    }
}
