/// The character set of an HTML file, from its first bytes, found the way a
/// browser does before it parses: a byte-order mark; else a
/// `<meta charset="…">` or `<meta http-equiv="Content-Type"
/// content="text/html; charset=…">` (or an XML declaration's `encoding`)
/// in the first ``scanLength`` bytes; else UTF-8 when those bytes are
/// valid UTF-8, GB18030 when they are not (a Chinese back-end's page that
/// does not say).
enum HTMLCharset {
    /// How many first bytes are searched for a declaration.
    static let scanLength = 16 << 10

    /// The character set's name as the file gives it (or `UTF-8`,
    /// `UTF-16LE`, `UTF-16BE`, `GB18030`), and how many BOM bytes to skip.
    static func detect(_ prefix: [UInt8]) -> (charset: String, bomLength: Int) {
        if prefix.starts(with: [0xEF, 0xBB, 0xBF]) { return ("UTF-8", 3) }
        if prefix.starts(with: [0xFF, 0xFE]) { return ("UTF-16LE", 2) }
        if prefix.starts(with: [0xFE, 0xFF]) { return ("UTF-16BE", 2) }
        let head = Array(prefix.prefix(scanLength))
        if let declared = declared(head) { return (declared, 0) }
        return (isUTF8(head) ? "UTF-8" : "GB18030", 0)
    }

    /// The charset a `<meta>` tag or an XML declaration names, if any.
    static func declared(_ head: [UInt8]) -> String? {
        let lower = head.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        var i = 0
        while let open = find(Array("<".utf8), in: lower, from: i) {
            let end = find([0x3E], in: lower, from: open) ?? lower.count  // '>'
            let tag = Array(lower[open ..< end])
            if tag.starts(with: Array("<meta".utf8)) {
                if let name = value(after: "charset", in: tag) { return name }
            } else if tag.starts(with: Array("<?xml".utf8)) {
                if let name = value(after: "encoding", in: tag) { return name }
            }
            i = end
        }
        return nil
    }

    /// The token after `key`, optional spaces, `=`, optional spaces and an
    /// optional quote, up to a quote, space, `;`, `/`, `>`, or any byte that
    /// is not printable ASCII (no character set's name has one, and a
    /// reject's reason quotes the name).
    private static func value(after key: String, in tag: [UInt8]) -> String? {
        var from = 0
        while let at = find(Array(key.utf8), in: tag, from: from) {
            var i = at + key.utf8.count
            from = i
            while i < tag.count, tag[i] == 0x20 || tag[i] == 0x09 || tag[i] == 0x0A || tag[i] == 0x0D { i += 1 }
            guard i < tag.count, tag[i] == 0x3D else { continue }  // '='
            i += 1
            while i < tag.count, tag[i] == 0x20 || tag[i] == 0x09 || tag[i] == 0x22 || tag[i] == 0x27 { i += 1 }
            let start = i
            while i < tag.count, tag[i] > 0x20, tag[i] < 0x7F, ![0x22, 0x27, 0x3B, 0x2F, 0x3E].contains(tag[i]) { i += 1 }
            if i > start { return String(decoding: tag[start ..< i], as: UTF8.self) }
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, hay.count >= needle.count, from <= hay.count - needle.count else { return nil }
        for i in from ... hay.count - needle.count where hay[i] == needle[0] {
            if hay[i ..< i + needle.count].elementsEqual(needle) { return i }
        }
        return nil
    }

    /// Whether `bytes` is valid UTF-8, allowing a character cut off at the end.
    static func isUTF8(_ bytes: [UInt8]) -> Bool {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0x00 ... 0x7F: i += 1; continue
            case 0xC2 ... 0xDF: length = 2
            case 0xE0 ... 0xEF: length = 3
            case 0xF0 ... 0xF4: length = 4
            default: return false
            }
            for k in 1 ..< length {
                guard i + k < bytes.count else { return true }  // cut off at the end of the prefix
                guard bytes[i + k] & 0xC0 == 0x80 else { return false }
            }
            i += length
        }
        return true
    }
}
