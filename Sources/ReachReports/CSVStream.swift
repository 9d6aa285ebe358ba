import Foundation
import ReachModel

/// Streams CSV records (RFC 4180 quoting, LF, no BOM) to a file or stdout,
/// for outputs too large to build in memory, such as `reach export events`.
///
/// Values are written exactly as given — no CSV-injection prefix — because
/// the stream is meant to be read back by programs.
public final class CSVStream {
    private let file: BufferedFile

    /// A stream into `path` (created or truncated), or stdout when `path` is `nil`.
    public init(path: String?) throws {
        file = try BufferedFile(path: path)
    }

    /// Appends one record.
    public func write(_ fields: [String]) throws {
        for (i, field) in fields.enumerated() {
            if i > 0 { file.buffer.append(UInt8(ascii: ",")) }
            CSVTable.appendText(field, guarded: false, to: &file.buffer)
        }
        file.buffer.append(UInt8(ascii: "\n"))
        try file.flushIfFull()
    }

    /// Writes out what is buffered and closes a file (stdout stays open).
    public func close() throws {
        try file.close()
    }
}
