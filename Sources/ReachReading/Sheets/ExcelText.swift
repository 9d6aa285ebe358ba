/// Cell and shared-string text from the UTF-8 bytes expat gives, with
/// Excel's `_xHHHH_` escapes decoded.
///
/// Excel writes characters XML cannot hold (a carriage return, other
/// control characters) as `_xHHHH_`, one UTF-16 unit each, and a literal
/// `_x…_` as `_x005F_x…_`. Decoding turns each escape into its unit; two
/// escapes forming a surrogate pair become one character, a lone
/// surrogate becomes U+FFFD.
enum ExcelText {
    /// The string of `bytes`, escapes decoded.
    @inline(__always)
    static func string(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { string($0) }
    }

    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if mayHaveEscape(bytes) { return String(decoding: decodeEscapes(bytes), as: UTF8.self) }
        return String(decoding: bytes, as: UTF8.self)
    }

    @inline(__always)
    private static func mayHaveEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 7 else { return false }
        for i in 0..<(bytes.count - 1) where bytes[i] == 0x5F && bytes[i + 1] == 0x78 { return true }  // "_x"
        return false
    }

    /// The UTF-16 unit of an escape starting at `i`, or nil.
    private static func escape(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt16? {
        guard i + 6 < b.count, b[i] == 0x5F, b[i + 1] == 0x78, b[i + 6] == 0x5F else { return nil }
        var unit: UInt16 = 0
        for k in 2..<6 {
            let c = b[i + k]
            let digit: UInt8
            switch c {
            case 0x30...0x39: digit = c - 0x30
            case 0x41...0x46: digit = c - 0x41 + 10
            case 0x61...0x66: digit = c - 0x61 + 10
            default: return nil
            }
            unit = unit << 4 | UInt16(digit)
        }
        return unit
    }

    private static func decodeEscapes(_ b: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            guard let unit = escape(b, at: i) else {
                out.append(b[i])
                i += 1
                continue
            }
            i += 7
            var scalar: Unicode.Scalar
            if UTF16.isLeadSurrogate(unit), let low = escape(b, at: i), UTF16.isTrailSurrogate(low) {
                i += 7
                let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
            } else {
                scalar = Unicode.Scalar(unit) ?? "\u{FFFD}"  // nil for a lone surrogate
            }
            out.append(contentsOf: UTF8.encode(scalar)!)
        }
        return out
    }
}
