/// Ids (member_id, content_id) are text a person or an export typed: a C0
/// control character (U+0000–U+001F) or DEL inside one is damage — a NUL
/// after the digits, a tab pasted in — never part of the id. Such a row is
/// rejected at its line with ``reason(column:)``, so that the reader, the
/// store and the reports always agree on what an id is.
enum IDText {
    /// The first control character in `field`, or `nil` when there is none.
    @inline(__always) static func controlCharacter(in field: UnsafeBufferPointer<UInt8>) -> UInt8? {
        for byte in field where byte < 0x20 || byte == 0x7F { return byte }
        return nil
    }

    /// The reject reason for `column` when `field` holds a control character.
    static func reject(_ field: UnsafeBufferPointer<UInt8>, column: Column) -> String? {
        guard let byte = controlCharacter(in: field) else { return nil }
        return reason(byte, column: column)
    }

    /// `control character U+0000 in member_id`.
    static func reason(_ byte: UInt8, column: Column) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        return "control character U+\(String(repeating: "0", count: 4 - hex.count))\(hex) in \(column.rawValue)"
    }
}
