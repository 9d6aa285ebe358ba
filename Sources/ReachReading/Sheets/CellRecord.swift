import Foundation

/// The cells of one sheet row laid out as UTF-8 bytes, so that the sinks
/// read a spreadsheet row exactly as they read a CSV record.
///
/// The bytes live in a buffer this value owns; ``withFields(_:)`` lends a
/// ``CellFields`` view of them for the duration of one call.
struct CellRecord {
    private var bytes: [UInt8] = []
    /// `ends[i]` is the end offset of cell i; cell i starts at `ends[i - 1]`.
    private var ends: [Int] = []
    private var numbers: [Bool] = []

    /// Lays out the first `width` cells of `row` (missing cells are empty,
    /// cells right of `width` are ignored), each trimmed like a CSV field.
    mutating func load(_ row: SheetRow, width: Int) {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        numbers.removeAll(keepingCapacity: true)
        for i in 0 ..< width {
            if i < row.cells.count {
                var cell = row.cells[i]
                cell.withUTF8 { utf8 in
                    let kept = SheetText.trimmedRange(utf8)
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[kept]))
                }
                numbers.append(i < row.isNumber.count && row.isNumber[i])
            } else {
                numbers.append(false)
            }
            ends.append(bytes.count)
        }
    }

    /// Calls `body` with a view of the loaded cells.
    func withFields<T>(_ body: (CellFields) -> T) -> T {
        bytes.withUnsafeBufferPointer { b in
            ends.withUnsafeBufferPointer { e in
                numbers.withUnsafeBufferPointer { n in
                    body(CellFields(bytes: b, ends: e, numbers: n))
                }
            }
        }
    }
}

/// A borrowed view of a ``CellRecord``; valid only inside
/// ``CellRecord/withFields(_:)``.
struct CellFields: FieldRecord {
    let bytes: UnsafeBufferPointer<UInt8>
    let ends: UnsafeBufferPointer<Int>
    let numbers: UnsafeBufferPointer<Bool>

    @inline(__always) func field(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let start = i == 0 ? 0 : ends[i - 1]
        return UnsafeBufferPointer(rebasing: bytes[start ..< ends[i]])
    }

    @inline(__always) func isNumber(_ i: Int) -> Bool { numbers[i] }
}

/// Text rules shared by the sheet header search and the sheet rows.
enum SheetText {
    /// `text` without surrounding U+0020 and U+3000, as SPEC 1.2 trims CSV
    /// fields (tabs and line breaks inside a cell are kept).
    static func trimmed(_ text: String) -> Substring {
        var s = Substring(text)
        while let c = s.first, c == " " || c == "\u{3000}" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\u{3000}" { s.removeLast() }
        return s
    }

    /// Bytes of UTF-8 text in the row's first `width` cells (all of them
    /// by default): what a batch holds, and what the record limit counts.
    static func byteCount(_ row: SheetRow, width: Int = .max) -> Int {
        row.cells.prefix(width).reduce(0) { $0 + $1.utf8.count }
    }

    /// The row's cells in CSV form (RFC 4180 quoting), up to its last
    /// non-empty cell: the `raw` text of a rejected sheet row.
    static func raw(_ row: SheetRow) -> String {
        var last = row.cells.count
        while last > 0 && row.cells[last - 1].isEmpty { last -= 1 }
        return row.cells[..<last].map { cell in
            guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
            return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }

    /// Excel's column letters of a 0-based column index (0 → A, 26 → AA).
    static func columnLetters(_ index: Int) -> String {
        var n = index + 1, letters: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(65 + r))))
            n = (n - 1) / 26
        }
        return String(letters.reversed())
    }

    /// The part of UTF-8 `text` left after trimming U+0020 and U+3000
    /// (`E3 80 80`) on both sides — bytes, not characters, because this runs
    /// for every cell of a sheet.
    static func trimmedRange(_ text: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var lo = 0, hi = text.count
        while lo < hi {
            if text[lo] == 0x20 { lo += 1 }
            else if hi - lo >= 3, text[lo] == 0xE3, text[lo + 1] == 0x80, text[lo + 2] == 0x80 { lo += 3 }
            else { break }
        }
        while hi > lo {
            if text[hi - 1] == 0x20 { hi -= 1 }
            else if hi - lo >= 3, text[hi - 3] == 0xE3, text[hi - 2] == 0x80, text[hi - 1] == 0x80 { hi -= 3 }
            else { break }
        }
        return lo ..< hi
    }

    /// A row with no text in any cell after trimming (skipped like a blank line).
    static func isBlank(_ row: SheetRow) -> Bool {
        row.cells.allSatisfy { cell in
            var cell = cell
            return cell.withUTF8 { trimmedRange($0).isEmpty }
        }
    }
}
