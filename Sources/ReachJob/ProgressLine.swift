#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A one-line progress display for long ingests, shown only when stderr is
/// a terminal: under cron or systemd nothing of it is written.
public final class ProgressLine: @unchecked Sendable {
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    /// A progress line, or `nil` when stderr is not a terminal.
    public static func ifTerminal() -> ProgressLine? {
        isatty(2) == 1 ? ProgressLine() : nil
    }

    /// Redraws at most a few times a second.
    public func update(file: String, records: Int) {
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.25 else { return }
        lastDraw = now
        let rate = Double(records) / max(0.001, now.timeIntervalSince(start))
        let text = "\r\u{1B}[K\(file): \(records) rows, \(Int(rate)) rows/s"
        FileHandle.standardError.write(Data(text.utf8))
        drawn = true
    }

    /// Clears the line.
    public func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }
}
