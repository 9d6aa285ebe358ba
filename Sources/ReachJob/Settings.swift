import Foundation
import ReachMetrics
import ReachModel
import ReachReports

/// The effective configuration of one invocation: built-in defaults,
/// overridden by `reach.toml`, overridden by the command line, resolved once
/// into typed values.
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

    /// The SQLite store file.
    public private(set) var storePath = "data/reach.sqlite"
    /// The folder `reach run` ingests.
    public private(set) var inbox = "data/inbox"
    /// Where `reach run` moves ingested files; `archive/` beside the inbox
    /// unless set.
    public private(set) var archive = ""
    /// Where `reach run` moves files rejected whole; `rejected/` beside the
    /// inbox unless set.
    public private(set) var rejectedFolder = ""
    /// The folder that receives `<as-of>/`.
    public private(set) var out = "reports"
    /// The reporting time zone.
    public private(set) var zone: ReportingZone = .shanghai
    /// Window length W in days.
    public private(set) var window = 30
    /// Missed check-in days in a row that put a member on the gap list.
    public private(set) var gapDays = 3
    /// A check-in rate below this puts a member on the gap list.
    public private(set) var minRate = Ratio(6, 10)
    /// ISO weekdays (1 = Monday … 7 = Sunday) without check-in where no
    /// calendar row says otherwise (SPEC 2); empty: every day is a check-in day.
    public private(set) var offWeekdays: Set<Int> = []
    /// The workbook language.
    public private(set) var language: ReportLanguage = .zh
    /// The `split` setting as given; ``split`` is its scope.
    public private(set) var splitSetting: SplitSetting = .none
    /// The most groups a split may write (`nil`: no limit); a split with
    /// more is left out with a warning, and the rest of the report is written.
    public private(set) var splitLimit: Int? = ReportOptions.defaultSplitLimit
    /// Start every CSV file with a UTF-8 byte order mark.
    public private(set) var bom = true
    /// Worker threads for the metrics; the active cores unless set.
    public private(set) var threads = 1
    /// The configuration file that was read, if any.
    public private(set) var configPath: String?
    /// Where each value came from, for the keys not at their default.
    private var sources: [Key: Source] = [:]

    /// The scope each group workbook of the split covers; `nil` when no
    /// split is asked for.
    public var split: Scope? { splitSetting.scope }

    /// Where the value of `key` came from.
    public func source(of key: Key) -> Source { sources[key] ?? key.defaultSource }

    private init() {}

    /// Resolves the settings.
    ///
    /// Only the value that wins is checked: a bad value in `reach.toml`
    /// that the command line overrides stops nothing.
    ///
    /// - Parameters:
    ///   - commandLine: the values given as options.
    ///   - configPath: `--config`; when `nil`, `reach.toml` beside the store is read if it exists.
    public static func resolve(commandLine: Overrides = Overrides(), configPath: String? = nil) throws -> Settings {
        var settings = Settings()
        let file = try settings.read(configPath, store: commandLine.store ?? settings.storePath)
        for key in Key.allCases {
            if let text = commandLine.text(for: key) {
                try settings.set(key, text, from: .commandLine)
            } else if let entry = file[key] {
                try settings.set(key, entry.text, from: entry.source)
            }
        }
        settings.deriveDefaults()
        return settings
    }

    /// Reads `configPath`, else `reach.toml` beside `store` if it exists:
    /// its values by key, paths made relative to the file's folder.
    private mutating func read(_ configPath: String?, store: String) throws -> [Key: (text: String, source: Source)] {
        let candidate = configPath ?? ((store as NSString).deletingLastPathComponent as NSString)
            .appendingPathComponent("reach.toml")
        guard configPath != nil || FileManager.default.fileExists(atPath: candidate) else { return [:] }
        let file = try ConfigFile(contentsOf: candidate)
        self.configPath = candidate
        let base = (candidate as NSString).deletingLastPathComponent
        var values: [Key: (text: String, source: Source)] = [:]
        for (name, entry) in file.entries.sorted(by: { $0.value.line < $1.value.line }) {
            guard let key = Key(rawValue: name) else {
                throw ReachError.usage("\(candidate):\(entry.line): unknown key '\(name)'; "
                                       + "known keys: \(Key.allCases.map(\.name).joined(separator: ", "))")
            }
            var text = entry.value.description
            if key.isPath, !text.hasPrefix("/"), !base.isEmpty { text = (base as NSString).appendingPathComponent(text) }
            values[key] = (text, .file(path: candidate, line: entry.line))
        }
        return values
    }

    /// Sets `key` from `text`, with the rules every layer shares.
    private mutating func set(_ key: Key, _ text: String, from source: Source) throws {
        func accepted<Value>(_ value: Value?) throws -> Value {
            guard let value else { throw Settings.notAccepted(key, text, from: source) }
            return value
        }
        switch key {
        case .store: storePath = try accepted(Settings.path(text))
        case .inbox: inbox = try accepted(Settings.path(text))
        case .archive: archive = try accepted(Settings.path(text))
        case .rejected: rejectedFolder = try accepted(Settings.path(text))
        case .out: out = try accepted(Settings.path(text))
        case .timezone: zone = try accepted(try? ReportingZone(identifier: text))
        case .window: window = try accepted(Settings.days(text))
        case .gapDays: gapDays = try accepted(Settings.days(text))
        case .minRate: minRate = try accepted(Ratio(decimal: text).flatMap { Ratio(1, 1) < $0 ? nil : $0 })
        case .offWeekdays: offWeekdays = try accepted(OffWeekdays.parse(text))
        case .language: language = try accepted(ReportLanguage(rawValue: text))
        case .split: splitSetting = try accepted(SplitSetting(rawValue: text))
        case .splitLimit:
            let limit = try accepted(Int(text).flatMap { $0 >= 0 ? $0 : nil })
            splitLimit = limit == 0 ? nil : limit
        case .bom: bom = try accepted(Bool(text))
        case .threads: threads = try accepted(Int(text).flatMap { (1...Key.mostThreads).contains($0) ? $0 : nil })
        }
        sources[key] = source
    }

    /// A file or folder path: anything but empty.
    private static func path(_ text: String) -> String? { text.isEmpty ? nil : text }

    /// A whole number of days from 1 to 3660.
    private static func days(_ text: String) -> Int? {
        Int(text).flatMap { (1...3660).contains($0) ? $0 : nil }
    }

    /// The error for a value `key` does not accept: it names the option
    /// for a value from the command line, else the key and where it stands.
    private static func notAccepted(_ key: Key, _ text: String, from source: Source) -> ReachError {
        let shown = key.isPath || key == .offWeekdays ? "\"\(text)\"" : text
        if source == .commandLine, let option = key.option {
            return .usage("\(option) \(shown) is not accepted; use \(key.accepted)")
        }
        return .usage("\(key.name) = \(shown) is not accepted (from \(source)); use \(key.accepted)")
    }

    /// The defaults that depend on other values or on the machine: the
    /// archive and rejected folders beside the inbox, a thread per active core.
    private mutating func deriveDefaults() {
        let inboxParent = ((inbox as NSString).standardizingPath as NSString).deletingLastPathComponent
        func besideTheInbox(_ folder: String) -> String {
            inboxParent.isEmpty ? folder : (inboxParent as NSString).appendingPathComponent(folder)
        }
        if sources[.archive] == nil { archive = besideTheInbox("archive") }
        if sources[.rejected] == nil { rejectedFolder = besideTheInbox("rejected") }
        if sources[.threads] == nil {
            threads = min(Key.mostThreads, max(1, ProcessInfo.processInfo.activeProcessorCount))
        }
    }
}
