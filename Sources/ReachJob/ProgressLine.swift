#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// A one-line progress display for long ingests, shown only when stderr is
/// a terminal: under cron or systemd nothing of it is written.
public final class ProgressLine: Sendable {
    private struct State {
        var lastDraw = Date.distantPast
        var drawn = false
    }

    private let start = Date()
    private let state = Mutex(State())

    /// A progress line, or `nil` when stderr is not a terminal.
    public static func ifTerminal() -> ProgressLine? {
        isatty(2) == 1 ? ProgressLine() : nil
    }

    /// Redraws at most a few times a second.
    public func update(file: String, records: Int) {
        let now = Date()
        state.withLock { state in
            guard now.timeIntervalSince(state.lastDraw) >= 0.25 else { return }
            state.lastDraw = now
            let rate = Double(records) / max(0.001, now.timeIntervalSince(start))
            let text = "\r\u{1B}[K\(file): \(records) rows, \(Int(rate)) rows/s"
            FileHandle.standardError.write(Data(text.utf8))
            state.drawn = true
        }
    }

    /// Clears the line.
    public func finish() {
        state.withLock { state in
            if state.drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            state.drawn = false
        }
    }
}
