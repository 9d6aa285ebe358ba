import Foundation
import ReachModel

/// A file (or standard output) written through a 1 MB buffer, so that
/// large tables stream to disk instead of being built whole in memory.
/// Errors name the file and what to check.
final class BufferedFile {
    private let handle: FileHandle
    private let ownsHandle: Bool
    private let path: String
    /// Bytes not yet written; callers append to it, then call ``flushIfFull()``.
    var buffer: [UInt8] = []

    private static let capacity = 1 << 20

    /// A file at `path` (created or truncated), or standard output when `path` is `nil`.
    init(path: String?) throws {
        if let path {
            guard FileManager.default.createFile(atPath: path, contents: nil),
                  let h = FileHandle(forWritingAtPath: path) else {
                throw ReachError.cannotRun("cannot write \(path); check that the folder exists and is writable")
            }
            handle = h
            ownsHandle = true
            self.path = path
        } else {
            handle = FileHandle.standardOutput
            ownsHandle = false
            self.path = "standard output"
        }
        buffer.reserveCapacity(Self.capacity + 4096)
    }

    func flushIfFull() throws {
        if buffer.count >= Self.capacity { try flush() }
    }

    /// Writes out what is buffered and closes a file (standard output stays open).
    func close() throws {
        try flush()
        if ownsHandle { try handle.close() }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw ReachError.cannotRun("cannot write \(path): \(error.localizedDescription); check that the disk has space")
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
