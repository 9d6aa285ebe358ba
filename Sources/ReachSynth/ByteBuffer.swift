import ReachModel

/// A growing byte buffer for building CSV text without per-field `String`s.
///
/// Numbers and timestamps are written digit by digit; text fields are quoted
/// (RFC 4180) only when they hold the delimiter, a quote or a line break.
struct ByteBuffer {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    var count: Int { bytes.count }

    @inline(__always) mutating func append(_ byte: UInt8) { bytes.append(byte) }
    @inline(__always) mutating func append(_ raw: [UInt8]) { bytes.append(contentsOf: raw) }
    @inline(__always) mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// Two decimal digits of 0…99.
    @inline(__always) mutating func append2(_ v: Int) {
        let pair = ByteBuffer.pairs[v]
        bytes.append(UInt8(truncatingIfNeeded: pair >> 8))
        bytes.append(UInt8(truncatingIfNeeded: pair))
    }

    /// A non-negative integer, zero-padded to `width` digits.
    mutating func appendDecimal(_ value: Int, width: Int = 1) {
        var divisor = 1, digits = 1
        while divisor <= value / 10 { divisor *= 10; digits += 1 }
        if width > digits { for _ in 0..<(width - digits) { bytes.append(0x30) } }
        var n = value
        while divisor > 0 {
            bytes.append(UInt8(truncatingIfNeeded: 48 + n / divisor))
            n %= divisor
            divisor /= 10
        }
    }

    /// A text field, quoted when it holds `delimiter`, `"`, CR or LF.
    mutating func appendField(_ text: String, delimiter: UInt8) {
        CSVField.append(text, delimiter: delimiter, to: &bytes)
    }

    /// "00"…"99" as two ASCII bytes packed into a UInt16.
    private static let pairs: [UInt16] = (0..<100).map { (v: Int) -> UInt16 in
        let tens = UInt16(48 + v / 10), ones = UInt16(48 + v % 10)
        return tens << 8 | ones
    }
}
