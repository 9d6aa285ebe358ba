import ReachModel

/// A record longer than ``ReachModel/MemoryBudget/recordBytes`` (issue 18):
/// a bad row like any other (SPEC 1.6), rejected at the line it starts on
/// with a reason and the start of its text, while reading goes on at the
/// next line. Nothing that long is ever held whole. (A quote not closed
/// within the limit is an `unclosed quote`, ``RecordScanner``.)
enum RecordLimit {
    /// Bytes of an over-long record kept as its raw text in rejects.csv
    /// (cut before a character that would not fit).
    static let rawBytes = 1024

    /// The reject reason of a delimited record past `limit` bytes.
    static func reason(_ limit: Int) -> String {
        "record longer than \(MemoryBudget.bytesText(limit)) (a value too long, or a quote not closed)"
    }

    /// The reject reason of a sheet row whose cells hold more than `limit` bytes.
    static func sheetReason(_ limit: Int) -> String {
        "row longer than \(MemoryBudget.bytesText(limit)) of text (a value too long)"
    }

    /// How many of the `count` bytes of UTF-8 text at `text` to keep: at
    /// most ``rawBytes``, ending on a character boundary.
    static func rawPrefix(_ text: UnsafePointer<UInt8>, count: Int) -> Int {
        guard count > rawBytes else { return count }
        var cut = rawBytes
        while cut > 0 && text[cut] & 0xC0 == 0x80 { cut -= 1 }  // text[cut] continues a character
        return cut
    }

    /// The start of an over-long sheet row in CSV form (``SheetText/raw(_:)``),
    /// as ``rawPrefix(_:count:)`` keeps it, made from the row's first cells only.
    static func raw(_ row: SheetRow) -> String {
        var cells: [String] = [], size = 0
        for cell in row.cells where size <= rawBytes {
            cells.append(prefix(cell))
            size += cells[cells.count - 1].utf8.count + 1
        }
        return prefix(SheetText.raw(SheetRow(number: row.number, cells: cells)))
    }

    /// `text` cut as ``rawPrefix(_:count:)`` cuts.
    private static func prefix(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return "" }
            return String(decoding: UnsafeBufferPointer(start: base, count: rawPrefix(base, count: bytes.count)), as: UTF8.self)
        }
    }
}
