import Foundation
import ReachModel
import TOMLKit

/// `reach.toml`, read with TOMLKit: scalar settings, or lists of scalars
/// (`off_weekdays = ["sat", "sun"]`), at the top level or in `[section]`
/// tables (read as `section.key`), each with the line it stands on so that
/// errors can point at it.
public struct ConfigFile: Sendable, Equatable {
    /// A scalar configuration value as written in the file.
    public enum Value: Sendable, Equatable, CustomStringConvertible {
        case string(String)
        case integer(Int)
        case decimal(String)
        case boolean(Bool)
        /// A list of scalars, read as its items joined by commas (the way
        /// the same setting is written on the command line).
        case list([Value])

        public var description: String {
            switch self {
            case .string(let s): return s
            case .integer(let i): return String(i)
            case .decimal(let d): return d
            case .boolean(let b): return b ? "true" : "false"
            case .list(let items): return items.map(\.description).joined(separator: ",")
            }
        }
    }

    /// Where the file was read from.
    public let path: String
    /// `key` (or `section.key`) → value and the line it stands on.
    public private(set) var entries: [String: (value: Value, line: Int)] = [:]

    public static func == (a: ConfigFile, b: ConfigFile) -> Bool {
        a.path == b.path && a.entries.mapValues(\.value) == b.entries.mapValues(\.value)
    }

    /// Reads and parses the file at `path`.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReachError.usage("\(path): cannot read the configuration file; check the path and its permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ReachError.usage("\(path): the configuration file is not UTF-8 text")
        }
        try self.init(text: text, path: path)
    }

    /// Parses TOML text; `path` is used in error messages.
    public init(text: String, path: String) throws {
        self.path = path
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ReachError.usage("\(path):\(error.source.begin.line): \(error.description)")
        }
        let lines = ConfigFile.keyLines(text)
        func add(_ key: String, _ value: TOMLValueConvertible) throws {
            let line = lines[key] ?? 0
            let wrongType = ReachError.usage("\(path):\(line): '\(key)' must be a string, number, true/false or a list of those")
            if value.type == .array, let items = value.array {
                let scalars = try items.map { item in
                    guard let scalar = ConfigFile.scalar(item) else { throw wrongType }
                    return scalar
                }
                entries[key] = (.list(scalars), line)
            } else {
                guard let scalar = ConfigFile.scalar(value) else { throw wrongType }
                entries[key] = (scalar, line)
            }
        }
        for key in table.keys {
            let value = table[key]!
            if value.type == .table, let inner = value.table {
                for innerKey in inner.keys { try add(key + "." + innerKey, inner[innerKey]!) }
            } else {
                try add(key, value)
            }
        }
    }

    /// A string, number or boolean as a ``Value``; `nil` for anything else
    /// (a date, a list, a table).
    private static func scalar(_ value: TOMLValueConvertible) -> Value? {
        switch value.type {
        case .string: return .string(value.string!)
        case .int: return .integer(value.int!)
        case .double: return .decimal(String(value.double!))
        case .bool: return .boolean(value.bool!)
        default: return nil
        }
    }

    /// The line of each `key =` (as `section.key` inside a section), for messages.
    private static func keyLines(_ text: String) -> [String: Int] {
        var lines: [String: Int] = [:]
        var section = ""
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") && line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
            } else if let eq = line.firstIndex(of: "="), !line.hasPrefix("#") {
                var key = line[..<eq].trimmingCharacters(in: .whitespaces)
                if key.count >= 2, key.hasPrefix("\""), key.hasSuffix("\"") { key = String(key.dropFirst().dropLast()) }
                let full = section.isEmpty ? key : section + "." + key
                if lines[full] == nil { lines[full] = offset + 1 }
            }
        }
        return lines
    }
}
