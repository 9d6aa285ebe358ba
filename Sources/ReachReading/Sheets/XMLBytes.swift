/// The byte-level rules of XML 1.0 that ``SheetXMLScanner`` checks: name
/// characters, character and entity references, and which UTF-8 text is
/// allowed. Each check answers only for the plain cases of real
/// worksheets; anything else is left to expat (nil or false here).
enum XMLBytes {
    /// Classes of a byte for ``ByteClasses``.
    static let nameStartClass: UInt8 = 1, nameClass: UInt8 = 2, spaceClass: UInt8 = 4
    /// A byte text may hold as it is (ASCII but `&`, `]`, `<`, most controls).
    static let plainTextClass: UInt8 = 8
    /// A byte an attribute value may hold as it is (ASCII but `&`, `<`, controls).
    static let plainValueClass: UInt8 = 16

    /// The class bits of each byte value.
    static func classBits(_ b: UInt8) -> UInt8 {
        var bits: UInt8 = 0
        if isNameStart(b) { bits |= nameStartClass }
        if isNameChar(b) { bits |= nameClass }
        if isSpace(b) { bits |= spaceClass }
        if (b >= 0x20 && b < 0x80 && b != 0x26 && b != 0x5D && b != 0x3C) || b == 0x09 || b == 0x0A {
            bits |= plainTextClass
        }
        if b >= 0x20, b < 0x80, b != 0x26, b != 0x3C { bits |= plainValueClass }
        return bits
    }

    /// Whether `b` may start a name in the scanner's plain (ASCII) names.
    @inline(__always)
    static func isNameStart(_ b: UInt8) -> Bool {
        let lower = b | 0x20
        return (lower >= 0x61 && lower <= 0x7A) || b == 0x5F || b == 0x3A  // letters, _ :
    }

    /// Whether `b` may continue a name in the scanner's plain (ASCII) names.
    @inline(__always)
    static func isNameChar(_ b: UInt8) -> Bool {
        isNameStart(b) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2E  // digits - .
    }

    /// XML's white space: space, tab, line feed, carriage return.
    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D
    }

    /// The character a reference at `i` (`&amp;`, `&#x4E2D;`) stands for and
    /// the reference's length; nil for an unknown entity, a reference to a
    /// character XML does not allow, a malformed or unfinished reference.
    static func reference(_ b: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> (Unicode.Scalar, Int)? {
        var j = i + 1
        guard j < end else { return nil }
        if b[j] == 0x23 {  // #
            j += 1
            let hex = j < end && b[j] == 0x78  // x
            if hex { j += 1 }
            let digitsStart = j
            var value: UInt32 = 0
            while j < end, b[j] != 0x3B {
                let c = b[j]
                let digit: UInt32
                switch c {
                case 0x30...0x39: digit = UInt32(c - 0x30)
                case 0x41...0x46 where hex: digit = UInt32(c - 0x41 + 10)
                case 0x61...0x66 where hex: digit = UInt32(c - 0x61 + 10)
                default: return nil
                }
                value = value * (hex ? 16 : 10) + digit
                guard value <= 0x10FFFF else { return nil }
                j += 1
            }
            guard j < end, j > digitsStart, let scalar = Unicode.Scalar(value), isAllowed(scalar) else { return nil }
            return (scalar, j + 1 - i)
        }
        let start = j
        while j < end, j - start < 5, b[j] != 0x3B { j += 1 }
        guard j < end, b[j] == 0x3B else { return nil }
        let name = UnsafeBufferPointer(rebasing: b[start..<j])
        let scalar: Unicode.Scalar
        switch (name.count, name.first) {
        case (3, 0x61) where name.elementsEqual("amp".utf8): scalar = "&"
        case (2, 0x6C) where name.elementsEqual("lt".utf8): scalar = "<"
        case (2, 0x67) where name.elementsEqual("gt".utf8): scalar = ">"
        case (4, 0x71) where name.elementsEqual("quot".utf8): scalar = "\""
        case (4, 0x61) where name.elementsEqual("apos".utf8): scalar = "'"
        default: return nil
        }
        return (scalar, j + 1 - i)
    }

    /// The length of the well-formed UTF-8 sequence of an allowed character
    /// starting at `i` (a byte ≥ 0x80), or nil: a bad or cut sequence, an
    /// overlong form, a surrogate, past U+10FFFF, or U+FFFE/U+FFFF.
    static func sequence(_ b: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> Int? {
        let lead = b[i]
        let length: Int
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; value = UInt32(lead & 0x07)
        default: return nil
        }
        guard i + length <= end else { return nil }
        for k in 1..<length {
            let c = b[i + k]
            guard c & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(c & 0x3F)
        }
        let smallest: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard value >= smallest, let scalar = Unicode.Scalar(value), isAllowed(scalar) else { return nil }
        return length
    }

    /// Whether XML 1.0 allows `scalar` as a character (its `Char` rule).
    @inline(__always)
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }
}

/// A table of ``XMLBytes`` class bits for all 256 byte values, owned by
/// the tokenizer that looks bytes up in it.
final class ByteClasses {
    private let table: UnsafeMutablePointer<UInt8>

    init() {
        table = .allocate(capacity: 256)
        for b in 0..<256 { table[b] = XMLBytes.classBits(UInt8(b)) }
    }

    deinit { table.deallocate() }

    /// Whether byte `b` is in any of the classes of `mask`.
    @inline(__always)
    func test(_ b: UInt8, _ mask: UInt8) -> Bool { table[Int(b)] & mask != 0 }
}
