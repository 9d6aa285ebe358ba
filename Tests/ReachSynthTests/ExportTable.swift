import Foundation

/// A calendar or leave export read simply, for the tests: lines above the
/// header skipped, blank lines skipped, RFC 4180 quotes (no line breaks
/// inside fields, which these exports never have), values trimmed.
struct ExportTable {
    let header: [String]
    let rows: [[String]]

    /// Reads `text`, whose header is the first line holding `marker` as a field.
    init(_ text: String, marker: String) throws {
        let lines = text.split(whereSeparator: \.isNewline).map { ExportTable.fields($0) }
        guard let at = lines.firstIndex(where: { $0.contains(marker) }) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        header = lines[at]
        rows = Array(lines[(at + 1)...])
    }

    /// The value of `column` in `row` (empty when the row is short).
    func value(_ row: [String], _ column: String) -> String {
        guard let i = header.firstIndex(of: column), i < row.count else { return "" }
        return row[i]
    }

    static func fields(_ line: Substring) -> [String] {
        let chars = Array(line)
        var fields: [String] = [], field = "", quoted = false, i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c != "\"" {
                    field.append(c)
                } else if i + 1 < chars.count && chars[i + 1] == "\"" {
                    field.append(c)
                    i += 1
                } else {
                    quoted = false
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(c)
            }
            i += 1
        }
        fields.append(field)
        return fields.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \u{3000}\u{FEFF}")) }
    }
}

/// FNV-1a, 64 bits: a stable fingerprint of a file's bytes.
func fingerprint(_ bytes: [UInt8]) -> UInt64 {
    bytes.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
}
