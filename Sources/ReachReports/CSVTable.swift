import Foundation
import ReachModel

/// Writes report tables as SPEC 3 CSV: UTF-8 (BOM optional), comma,
/// RFC 4180 quoting, LF line ends, exactly the given columns in order.
struct CSVTable {
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Writes the file at `url`, streaming it through a small buffer (a
    /// year of daily rows is tens of megabytes); the error names the file.
    static func write<Row>(_ rows: some Sequence<Row>, columns: [Column<Row>], bom: Bool, to url: URL) throws {
        let file = try BufferedFile(path: url.path)
        if bom { file.buffer.append(contentsOf: byteOrderMark) }
        for (i, column) in columns.enumerated() {
            if i > 0 { file.buffer.append(UInt8(ascii: ",")) }
            appendText(column.key, guarded: false, to: &file.buffer)
        }
        file.buffer.append(UInt8(ascii: "\n"))
        let values = columns.map(\.value)
        for row in rows {
            for i in values.indices {
                if i > 0 { file.buffer.append(UInt8(ascii: ",")) }
                appendCell(values[i](row), to: &file.buffer)
            }
            file.buffer.append(UInt8(ascii: "\n"))
            try file.flushIfFull()
        }
        try file.close()
    }

    static func appendCell(_ cell: Cell, to out: inout [UInt8]) {
        switch cell {
        case .text(let s): appendText(s, guarded: true, to: &out)
        case .count(let n): out.append(contentsOf: String(n).utf8)
        case .ratio(let r): out.append(contentsOf: r.fixed4.utf8)
        case .day(let d): out.append(contentsOf: d.description.utf8)
        case .timestamp(_, let text): out.append(contentsOf: text.utf8)
        case .empty: break
        }
    }

    /// A text field: prefixed with `'` when a spreadsheet would run it as a
    /// formula (SPEC 6.11), quoted when it holds a comma, quote, CR or LF.
    static func appendText(_ text: String, guarded: Bool, to out: inout [UInt8]) {
        CSVField.append(text, prefix: guarded && startsLikeFormula(text) ? UInt8(ascii: "'") : nil, to: &out)
    }

    /// `=`, `+`, `-`, `@`, tab or carriage return first (SPEC 3).
    static func startsLikeFormula(_ text: String) -> Bool {
        guard let first = text.utf8.first else { return false }
        return first == 0x3D || first == 0x2B || first == 0x2D || first == 0x40 || first == 0x09 || first == 0x0D
    }
}
