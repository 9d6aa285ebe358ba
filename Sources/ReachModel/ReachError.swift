/// An error a user can cause, with the exit status SPEC 5 gives it.
///
/// Every message names the file (and line, where there is one) and says
/// what to do.
public enum ReachError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Bad command line or configuration: exit 64.
    case usage(String)
    /// The job could not run (store unreadable or locked, output not writable): exit 2.
    case cannotRun(String)
    /// A whole input file was rejected (SPEC 1.6); other files go on: exit 3 at the end.
    case fileRejected(file: String, reason: String)

    public var description: String {
        switch self {
        case .usage(let m), .cannotRun(let m): return m
        case .fileRejected(let file, let reason): return "\(file): \(reason)"
        }
    }

    /// The process exit status for this error (SPEC 5).
    public var exitCode: Int32 {
        switch self {
        case .usage: return 64
        case .cannotRun: return 2
        case .fileRejected: return 3
        }
    }
}
