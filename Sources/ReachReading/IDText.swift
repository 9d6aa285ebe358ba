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

    /// Whether the key `probe` was made of may hold a control character:
    /// exact for a key the probe holds (16 bytes or fewer; a few word
    /// operations on the event hot path), `true` for a longer one. Follow
    /// a `true` with ``reject(_:column:)``.
    @inline(__always) static func mayHoldControl(_ probe: ByteInterner.Probe) -> Bool {
        guard probe.holdsKey else { return true }
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        // Some byte below 0x20, or equal to 0x7F; the zero padding after
        // the key is made 0x40 first, which is neither.
        @inline(__always) func hit(_ v: UInt64) -> Bool {
            let del = v ^ (ones &* 0x7F)
            return ((v &- ones &* 0x20) & ~v & high) | ((del &- ones) & ~del & high) != 0
        }
        @inline(__always) func padded(_ w: UInt64, _ bytes: Int) -> UInt64 {
            bytes >= 8 ? w : w | (~((1 &<< UInt64(bytes * 8)) &- 1) & (ones &* 0x40))
        }
        let n = probe.count
        if n == 0 { return false }
        return hit(padded(probe.w0, n)) || (n > 8 && hit(padded(probe.w1, n - 8)))
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
