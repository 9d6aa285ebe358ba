import Foundation
import ReachModel

/// The subset of TOML that `reach.toml` uses: `key = value` lines with
/// strings, integers, decimals and booleans, `#` comments, and optional
/// `[section]` headers whose keys are read as `section.key`.
///
/// A full TOML library would be welcome, but the one in reach's package
/// set pulls in a test dependency that cannot be resolved here, and the
/// configuration is flat; this reader rejects what it does not understand
/// instead of guessing, naming the file and line.
public struct ConfigFile: Sendable, Equatable {
    /// A scalar configuration value as written in the file.
    public enum Value: Sendable, Equatable, CustomStringConvertible {
        case string(String)
        case integer(Int)
        case decimal(String)
        case boolean(Bool)

        public var description: String {
            switch self {
            case .string(let s): return s
            case .integer(let i): return String(i)
            case .decimal(let d): return d
            case .boolean(let b): return b ? "true" : "false"
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
        var section = ""
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            let line = ConfigFile.stripComment(String(rawLine)).trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            func fail(_ why: String) -> ReachError {
                .usage("\(path):\(lineNumber): \(why)")
            }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), !line.hasPrefix("[[") else { throw fail("malformed section header '\(line)'") }
                section = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                guard ConfigFile.isBareKey(section) else { throw fail("malformed section name '\(section)'") }
                continue
            }
            guard let eq = line.firstIndex(of: "=") else {
                throw fail("expected 'key = value', found '\(line)'")
            }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces)
            let rawValue = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            guard ConfigFile.isBareKey(key) else { throw fail("malformed key '\(key)'") }
            let fullKey = section.isEmpty ? key : section + "." + key
            guard entries[fullKey] == nil else { throw fail("key '\(fullKey)' is set twice") }
            guard let value = ConfigFile.parseValue(rawValue) else {
                throw fail("cannot read the value of '\(fullKey)': \(rawValue) (write strings in double quotes, numbers plain, booleans as true/false)")
            }
            entries[fullKey] = (value, lineNumber)
        }
    }

    private static func isBareKey(_ key: String) -> Bool {
        !key.isEmpty && key.unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "_" || $0 == "-"
        }
    }

    /// Removes a `#` comment that is not inside a string.
    private static func stripComment(_ line: String) -> String {
        var inString = false, escaped = false
        for (i, ch) in zip(line.indices, line) {
            if escaped { escaped = false; continue }
            if ch == "\\" && inString { escaped = true; continue }
            if ch == "\"" { inString.toggle() }
            if ch == "#" && !inString { return String(line[..<i]) }
        }
        return line
    }

    private static func parseValue(_ raw: String) -> Value? {
        if raw == "true" { return .boolean(true) }
        if raw == "false" { return .boolean(false) }
        if raw.count >= 2, raw.hasPrefix("\""), raw.hasSuffix("\"") {
            var out = "", escaped = false
            for ch in raw.dropFirst().dropLast() {
                if escaped {
                    switch ch {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    case "\\": out.append("\\")
                    case "\"": out.append("\"")
                    default: return nil
                    }
                    escaped = false
                } else if ch == "\\" {
                    escaped = true
                } else if ch == "\"" {
                    return nil
                } else {
                    out.append(ch)
                }
            }
            return escaped ? nil : .string(out)
        }
        if raw.count >= 2, raw.hasPrefix("'"), raw.hasSuffix("'") {
            let inner = String(raw.dropFirst().dropLast())
            return inner.contains("'") ? nil : .string(inner)
        }
        let digits = raw.replacingOccurrences(of: "_", with: "")
        if let i = Int(digits) { return .integer(i) }
        if Double(digits) != nil, digits.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" }) {
            return .decimal(digits)
        }
        return nil
    }
}
