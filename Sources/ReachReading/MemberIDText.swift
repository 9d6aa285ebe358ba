import ReachModel

/// Member and content ids that a spreadsheet (or a CSV saved from one)
/// turned into numbers, read back as the digits a person typed (contract v3).
///
/// - A whole number written as a float — `202501001.0`, `202501001.00`,
///   `2.0250101E+9`, `2.0250101e9` — becomes its digits (`202501001`,
///   `2025010100`). The value is worked out on the decimal digits, never
///   through a `Double`, so an 18-digit id stays exact. Anything else
///   (`12.5`, `1e-3`, `S001`, `2025.1.1`) is left as it is.
/// - A member id from a spreadsheet number cell (``FieldRecord/isNumber(_:)``)
///   whose digits are exactly one shorter than the roster's fixed id width
///   gets back its leading zero (`123` → `0123` for width 4); the rows so
///   repaired are counted, with the first as an example.
///
/// The common case — an id already fine — costs one scan of its leading
/// digits. Bytes that change are written to a small buffer of this value
/// (``RepairRoom``, freed with the last copy), valid until the next call for
/// the same column.
struct IDRepair {
    /// Longest repaired id; a longer result leaves the field as it is.
    static let room = 48

    /// The roster's member id width, when the caller knows one.
    let memberIDWidth: Int?
    /// Member ids that got their leading zero back.
    private(set) var restored = 0
    /// The first of them, `123 → 0123`.
    private(set) var restoredExample: String?
    /// Member ids go to `buffer[0 ..< room]`, content ids to `buffer[room ..< 2 * room]`.
    private let output = RepairRoom(capacity: 2 * IDRepair.room)
    private var buffer: UnsafeMutablePointer<UInt8> { output.base }

    init(memberIDWidth: Int?) {
        self.memberIDWidth = memberIDWidth.flatMap { $0 > 1 ? $0 : nil }
    }

    /// The member id of a field (already known to be non-empty and free of
    /// control characters); `isNumber` tells a spreadsheet number cell.
    @inline(__always)
    mutating func memberID(_ f: UnsafeBufferPointer<UInt8>, isNumber: Bool) -> UnsafeBufferPointer<UInt8> {
        let n = f.count
        guard n > 0, let p = f.baseAddress else { return f }
        var i = 0
        while i < n && p[i] &- 0x30 < 10 { i += 1 }
        if i == n {
            // Digits only: the zero may be missing.
            guard isNumber, let width = memberIDWidth, n == width - 1 else { return f }
            return restoreZero(f, original: f)
        }
        guard i > 0, p[i] == 0x2E || p[i] | 0x20 == 0x65 else { return f }
        guard let digits = Self.wholeNumber(f, into: buffer) else { return f }
        if isNumber, let width = memberIDWidth, digits.count == width - 1 { return restoreZero(digits, original: f) }
        return digits
    }

    /// Whether the id `probe` was made of may be a number written as a
    /// float (it holds `.`, `e` or `E`, or is too long for the probe to
    /// hold): the quick test before ``memberID(_:isNumber:)`` and
    /// ``contentID(_:)`` on the event hot path. A few word operations.
    @inline(__always) static func mayBeFloat(_ probe: ByteInterner.Probe) -> Bool {
        guard probe.holdsKey else { return true }
        // A zero byte in w ^ pattern marks a match; the key's zero padding
        // matches neither pattern.
        @inline(__always) func hasZeroByte(_ v: UInt64) -> Bool {
            (v &- 0x0101_0101_0101_0101) & ~v & 0x8080_8080_8080_8080 != 0
        }
        let dot: UInt64 = 0x2E2E_2E2E_2E2E_2E2E, e: UInt64 = 0x6565_6565_6565_6565, lower: UInt64 = 0x2020_2020_2020_2020
        return hasZeroByte(probe.w0 ^ dot) || hasZeroByte((probe.w0 | lower) ^ e)
            || (probe.count > 8 && (hasZeroByte(probe.w1 ^ dot) || hasZeroByte((probe.w1 | lower) ^ e)))
    }

    /// The content id of a field: a whole number written as a float becomes its digits.
    @inline(__always)
    func contentID(_ f: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        let n = f.count
        guard n > 0, let p = f.baseAddress else { return f }
        var i = 0
        while i < n && p[i] &- 0x30 < 10 { i += 1 }
        guard i > 0, i < n, p[i] == 0x2E || p[i] | 0x20 == 0x65 else { return f }
        return Self.wholeNumber(f, into: buffer + Self.room) ?? f
    }

    /// `digits` with a `0` in front (in the member buffer), counted.
    @inline(never)
    private mutating func restoreZero(_ digits: UnsafeBufferPointer<UInt8>, original: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard digits.count < Self.room else { return digits }
        // `digits` may already sit in the buffer: move it up one place, last byte first.
        let source = digits.baseAddress!
        var k = digits.count
        while k > 0 { buffer[k] = source[k - 1]; k -= 1 }
        buffer[0] = 0x30
        let repaired = UnsafeBufferPointer(start: buffer, count: digits.count + 1)
        restored += 1
        if restoredExample == nil { restoredExample = "\(fieldText(original)) → \(fieldText(repaired))" }
        return repaired
    }

    /// The digits of `f` when it is a whole number written as a float —
    /// digits, then `.` and digits, or an exponent (`e`/`E`, optional sign,
    /// digits), or both — written to `out` (``room`` bytes); `nil` for
    /// anything else. Without an exponent the digits before the point stay
    /// as written (`0123.0` → `0123`); with one the value's digits are
    /// written without leading zeros.
    @inline(never)
    static func wholeNumber(_ f: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        let n = f.count
        guard let p = f.baseAddress else { return nil }
        @inline(__always) func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }
        var i = 0
        while i < n && isDigit(p[i]) { i += 1 }
        let integerEnd = i
        guard integerEnd > 0 else { return nil }
        var fractionStart = i, fractionEnd = i
        if i < n && p[i] == 0x2E {
            i += 1
            fractionStart = i
            while i < n && isDigit(p[i]) { i += 1 }
            fractionEnd = i
            guard fractionEnd > fractionStart else { return nil }
        }
        var exponent = 0
        let hasExponent = i < n && p[i] | 0x20 == 0x65
        if hasExponent {
            i += 1
            var negative = false
            if i < n && (p[i] == 0x2B || p[i] == 0x2D) {
                negative = p[i] == 0x2D
                i += 1
            }
            let exponentStart = i
            while i < n && isDigit(p[i]) {
                exponent = exponent * 10 + Int(p[i] &- 0x30)
                guard exponent <= 1000 else { return nil }
                i += 1
            }
            guard i > exponentStart else { return nil }
            if negative { exponent = -exponent }
        }
        guard i == n, hasExponent || fractionEnd > fractionStart else { return nil }
        let fractionCount = fractionEnd - fractionStart
        // The mantissa's digits (integer then fraction), read by index.
        @inline(__always) func mantissa(_ k: Int) -> UInt8 {
            k < integerEnd ? p[k] : p[fractionStart + k - integerEnd]
        }
        var first = 0
        let count = integerEnd + fractionCount
        if hasExponent {
            while first < count && mantissa(first) == 0x30 { first += 1 }
            if first == count { out[0] = 0x30; return UnsafeBufferPointer(start: out, count: 1) }
        }
        // Value = mantissa[first ..< count] × 10^shift.
        let shift = exponent - fractionCount
        var length = 0
        if shift >= 0 {
            length = count - first + shift
            guard length <= room else { return nil }
            for k in first ..< count { out[k - first] = mantissa(k) }
            for k in count - first ..< length { out[k] = 0x30 }
        } else {
            let kept = count + shift  // digits before the decimal point
            for k in max(first, kept) ..< count where mantissa(k) != 0x30 { return nil }
            length = kept - first
            if length <= 0 { out[0] = 0x30; return UnsafeBufferPointer(start: out, count: 1) }
            guard length <= room else { return nil }
            for k in first ..< kept { out[k - first] = mantissa(k) }
        }
        return UnsafeBufferPointer(start: out, count: length)
    }
}

/// The bytes an ``IDRepair`` writes repaired ids to: allocated with it and
/// freed when the last repair holding it goes away.
///
/// Copies of a repair share one room; that is safe because a repair and
/// its copies are used by one sink, on one thread, and the bytes written
/// are only read before the next call.
final class RepairRoom {
    let base: UnsafeMutablePointer<UInt8>

    init(capacity: Int) { base = .allocate(capacity: capacity) }

    deinit { base.deallocate() }
}
