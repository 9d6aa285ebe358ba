import CPseudoTerminal
import Foundation
import Testing
import ReachModel

/// Runs the real `reach` executable, built beside the test bundle.
struct ReachProcess {
    static var executable: URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundle, bundle.deletingLastPathComponent()] {
            let u = candidate.appendingPathComponent("reach")
            if FileManager.default.isExecutableFile(atPath: u.path) { return u }
        }
        return bundle.appendingPathComponent("reach")
    }

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    @discardableResult
    static func run(_ arguments: [String], in folder: String) throws -> Result {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        p.currentDirectoryURL = URL(fileURLWithPath: folder)
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        // Both pipes are drained at once: read one to its end before the
        // other, and a child filling the other pipe's buffer (64 KB) would
        // wait for us while we wait for it.
        let stderrRead = DrainedPipe(err.fileHandleForReading)
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = stderrRead.wait()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func start(_ arguments: [String], in folder: String, stderr: FileHandle = .nullDevice) throws -> Process {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        p.currentDirectoryURL = URL(fileURLWithPath: folder)
        p.standardOutput = FileHandle.nullDevice
        p.standardError = stderr
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// Starts `reach` with stderr on a pipe, whose lines the returned reader
    /// hands out as they are written (to act at a known line).
    static func startStreaming(_ arguments: [String], in folder: String) throws -> (Process, StderrLines) {
        let pipe = Pipe()
        let p = try start(arguments, in: folder, stderr: pipe.fileHandleForWriting)
        try pipe.fileHandleForWriting.close()
        return (p, StderrLines(pipe.fileHandleForReading))
    }

    /// Starts `reach` with stderr on a terminal whose output is stopped and
    /// returns once its first write there blocks: on a terminal the first
    /// write of an ingest is the progress line after the first batch
    /// (ProgressLine), so the process then stands still inside that file's
    /// transaction until it is killed. (The loop below only looks, every
    /// few milliseconds, whether the process has got there yet.)
    static func startBlockedAtFirstStderrWrite(_ arguments: [String], in folder: String) throws -> BlockedReach {
        let terminal = try StoppedTerminal()
        let p = try start(arguments, in: folder, stderr: FileHandle(fileDescriptor: terminal.secondary, closeOnDealloc: false))
        let deadline = Date().addingTimeInterval(60)
        while !isBlockedWritingStderr(p.processIdentifier) {
            guard p.isRunning, Date() < deadline else {
                kill(p.processIdentifier, SIGKILL)
                p.waitUntilExit()
                throw BlockedReach.NeverBlocked(status: p.terminationStatus)
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return BlockedReach(process: p, terminal: terminal)
    }

    /// Whether a thread of process `pid` is in write(2) on file descriptor 2 (Linux /proc).
    static func isBlockedWritingStderr(_ pid: Int32) -> Bool {
        #if arch(arm64)
        let write = "64"
        #else
        let write = "1"
        #endif
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.contains { task in
            let call = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/syscall", encoding: .utf8)) ?? ""
            return call.hasPrefix("\(write) 0x2 ")
        }
    }
}

/// The lines a process writes to a pipe, read as they come.
final class StderrLines: Sequence, IteratorProtocol {
    private let handle: FileHandle
    private var pending = Data()

    init(_ handle: FileHandle) { self.handle = handle }

    /// The next whole line, without its line feed; `nil` at the end.
    func next() -> String? {
        while true {
            if let end = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<end], as: UTF8.self)
                pending.removeSubrange(...end)
                return line
            }
            let more = handle.availableData
            if more.isEmpty {
                defer { pending.removeAll() }
                return pending.isEmpty ? nil : String(decoding: pending, as: UTF8.self)
            }
            pending.append(more)
        }
    }
}

/// A `reach` process standing still in a write to its stderr terminal.
struct BlockedReach {
    struct NeverBlocked: Error { var status: Int32 }

    let process: Process
    /// Kept open until the process is gone: a terminal without its main
    /// side fails the process's writes instead of blocking them.
    let terminal: StoppedTerminal

    /// Kills the process where it stands and waits for it to end.
    func killWhereItStands() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// A pseudo-terminal whose output is stopped, as Ctrl-S stops it
/// (`tcflow(TCOOFF)`): a write to its secondary side blocks until output
/// is started again, which nobody does. The stop takes effect before
/// `tcflow` returns, so the first write of a process started afterwards
/// blocks, whatever its size and however the machine is loaded.
final class StoppedTerminal {
    let main: Int32
    let secondary: Int32

    init() throws {
        var main: Int32 = -1, secondary: Int32 = -1
        let failure = reach_open_pseudo_terminal(&main, &secondary)
        guard failure == 0 else { throw POSIXError(POSIXErrorCode(rawValue: failure) ?? .EIO) }
        self.main = main
        self.secondary = secondary
        guard tcflow(secondary, TCOOFF) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    deinit {
        close(secondary)
        close(main)
    }
}

/// Reads a pipe to its end on a thread of its own.
private final class DrainedPipe: @unchecked Sendable {
    // Safe: `data` is written once by the reading thread before it signals
    // `done`, and read only after `wait()` has seen that signal.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
