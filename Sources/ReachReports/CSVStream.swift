import Foundation
import ReachModel

/// Streams CSV records (RFC 4180 quoting, LF, no BOM) to a file or stdout,
/// for outputs too large to build in memory, such as `reach export events`.
///
/// Values are written exactly as given — no CSV-injection prefix — because
/// the stream is meant to be read back by programs.
public final class CSVStream {
    private let handle: FileHandle
    private let ownsHandle: Bool
    private let path: String
    private var buffer: [UInt8] = []

    /// A stream into `path` (created or truncated), or stdout when `path` is `nil`.
    public init(path: String?) throws {
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
        buffer.reserveCapacity(1 << 20)
    }

    /// Appends one record.
    public func write(_ fields: [String]) throws {
        for (i, field) in fields.enumerated() {
            if i > 0 { buffer.append(UInt8(ascii: ",")) }
            CSVTable.appendText(field, guarded: false, to: &buffer)
        }
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Writes out what is buffered and closes a file (stdout stays open).
    public func close() throws {
        try flush()
        if ownsHandle { try handle.close() }
    }

    private func flush() throws {
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw ReachError.cannotRun("cannot write \(path): \(error.localizedDescription); check the disk has space")
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
