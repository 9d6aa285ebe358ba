/// Text as a workbook cell can hold it (SPEC 4). Every string cell of every
/// workbook goes through ``Sheet/text(_:_:_:_:fits:)``, which writes
/// ``fitted(_:)``; the CSV files keep the text whole.
///
/// Any stored text can reach a cell (a rejected row's raw bytes, a roster
/// name), so two things that libxlsxwriter would refuse or write wrongly
/// are settled here:
///
/// - **Length.** Excel holds at most 32,767 characters in a cell, counted
///   in UTF-16 code units (an emoji is two). libxlsxwriter refuses a string
///   of more than 32,767 code points (it counts the UTF-8 lead bytes), and
///   there are never more code points than UTF-16 units. A longer text is
///   cut to at most 32,766 code units, at a character (grapheme) boundary,
///   and `…` is appended: the cell shows where the text was cut, and both
///   counts stay within the limit.
/// - **Characters XML cannot hold.** A part of an xlsx file is XML 1.0,
///   which has no U+0000–U+0008, U+000B, U+000C, U+000E–U+001F, U+FFFE or
///   U+FFFF. libxlsxwriter escapes the control characters in cells as
///   `_xHHHH_`, but not in a chart's copy of a cell (the series names of
///   the trend chart), not U+FFFE or U+FFFF anywhere, and it takes a C
///   string, which ends at U+0000. Each of them becomes U+FFFD `�`, so
///   that every part is well-formed XML and the cell shows that something
///   was there.
enum CellText {
    /// Excel's limit on one cell, in UTF-16 code units.
    static let limit = 32_767
    /// Appended to a text that was cut.
    static let cutMark: Character = "…"

    /// `text` as a cell holds it: within ``limit``, with every character XML
    /// cannot hold replaced by U+FFFD. Nearly every text is returned as it
    /// is after one pass over its UTF-8 bytes (whose count bounds the UTF-16
    /// count); the members sheet writes hundreds of thousands of them.
    static func fitted(_ text: String) -> String {
        let plain = text.utf8.withContiguousStorageIfAvailable { $0.count <= limit && isXMLSafe(utf8: $0) }
        if plain == true { return text }
        let safe = replacingXMLUnsafe(text)
        return safe.utf16.count <= limit ? safe : cut(safe)
    }

    /// Whether a scalar may appear in XML 1.0 text.
    static func isXMLSafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return true
        case 0..<0x20, 0xFFFE, 0xFFFF: return false
        default: return true
        }
    }

    /// Whether UTF-8 `bytes` hold only scalars XML can hold: no control byte
    /// but tab, LF and CR, and no `EF BF BE` or `EF BF BF` (U+FFFE, U+FFFF).
    private static func isXMLSafe(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            // One test for nearly every byte: printable ASCII, and every byte
            // of a longer character but the lead byte 0xEF.
            if byte >= 0x20 && byte != 0xEF {
                i &+= 1
                continue
            }
            if byte == 0xEF {
                if i + 2 < bytes.count && bytes[i + 1] == 0xBF && bytes[i + 2] >= 0xBE { return false }
            } else if byte != 0x09 && byte != 0x0A && byte != 0x0D {
                return false
            }
            i &+= 1
        }
        return true
    }

    private static func replacingXMLUnsafe(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(isXMLSafe(scalar) ? scalar : "\u{FFFD}")
        }
        return String(scalars)
    }

    /// The longest start of `text` that leaves room for ``cutMark`` within
    /// ``limit``, then the mark. The cut falls between characters; only a
    /// single character longer than a cell (thousands of combining marks)
    /// is cut between its scalars, never inside a surrogate pair.
    static func cut(_ text: String) -> String {
        let room = limit - cutMark.utf16.count
        var end = prefixEnd(of: text, in: text, room: room)
        if end == text.startIndex { end = prefixEnd(of: text.unicodeScalars, in: text, room: room) }
        return String(text[..<end]) + String(cutMark)
    }

    /// The end of the longest run of `view`'s elements from the start of
    /// `text` that takes at most `room` UTF-16 code units.
    private static func prefixEnd<View: Collection>(of view: View, in text: String, room: Int) -> String.Index
    where View.Index == String.Index {
        var end = view.startIndex, used = 0
        while end < view.endIndex {
            let next = view.index(after: end)
            used += text.utf16.distance(from: end, to: next)
            guard used <= room else { break }
            end = next
        }
        return end
    }
}
