import Foundation
import Logging
import Synchronization

/// How much reach tells on stderr.
public enum Verbosity: Sendable {
    /// Errors only (for cron mail that should stay empty on good nights).
    case quiet
    /// Warnings and the summary.
    case normal
    /// Everything, including per-file detail and phase timings.
    case verbose

    var level: Logger.Level {
        switch self {
        case .quiet: return .error
        case .normal: return .notice
        case .verbose: return .debug
        }
    }
}

/// A plain stderr log handler: `reach: message` for notices, with the level
/// spelled out for warnings and errors, so cron mail and journald read well.
public struct StderrLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let label: String

    public init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let prefix: String
        switch event.level {
        case .trace, .debug, .info, .notice: prefix = "reach: "
        case .warning: prefix = "reach: warning: "
        case .error, .critical: prefix = "reach: error: "
        }
        FileHandle.standardError.write(Data((prefix + "\(event.message)\n").utf8))
    }
}

/// Installs the stderr handler once per process at the given verbosity.
public enum ReachLog {
    /// Writes `reach: warning: message` to stderr whatever the verbosity:
    /// for what cron must mail even with `--quiet` (SPEC 2.4: a report day
    /// without data is said loudly).
    public static func loudWarning(_ message: String) {
        FileHandle.standardError.write(Data("reach: warning: \(message)\n".utf8))
    }

    private static let bootstrapped = Mutex(false)

    /// A logger for `label` at `verbosity`; the process-wide handler is installed on first use.
    public static func logger(_ label: String = "reach", verbosity: Verbosity) -> Logger {
        bootstrapped.withLock { done in
            if !done {
                LoggingSystem.bootstrap { StderrLogHandler(label: $0, level: .notice) }
                done = true
            }
        }
        var logger = Logger(label: label)
        logger.logLevel = verbosity.level
        return logger
    }
}
