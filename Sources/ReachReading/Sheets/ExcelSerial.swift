import ReachModel

/// What a cell's number format shows: a plain number, or a date, a time
/// of day, or both (SPEC 1.4 forms `YYYY-MM-DD`, `HH:MM:SS`,
/// `YYYY-MM-DD HH:MM:SS`).
enum DateKind: UInt8, Sendable {
    case none, date, time, dateTime
}

/// Excel date serials → text. A serial counts days (the fraction is the
/// time of day) from the workbook's epoch: in the 1900 system serial 1 is
/// 1900-01-01 and serial 60 the fictitious 1900-02-29 Excel keeps for
/// Lotus 1-2-3 compatibility (so from 61 on, day n is 1899-12-30 + n); in
/// the 1904 system serial 0 is 1904-01-01.
struct ExcelSerial: Sendable {
    let is1904: Bool

    /// Days since 1970-01-01 of 1899-12-30, 1899-12-31 and 1904-01-01.
    private static let epoch1900 = -25569, epoch1900Early = -25568, epoch1904 = -24107
    /// Last serial day that is a date (9999-12-31) in each system.
    private static let lastDay1900 = 2_958_465, lastDay1904 = 2_957_003

    /// The text of `serial` shown as `kind` (not `.none`), rounded to the
    /// nearest second; nil when the serial is no date Excel can show
    /// (negative, past 9999-12-31, not finite).
    ///
    /// A date-only format shows a whole serial as `YYYY-MM-DD`, a time-only
    /// format a serial under one day as `HH:MM:SS`; anything else, and any
    /// value those forms would cut short, becomes `YYYY-MM-DD HH:MM:SS`.
    func text(_ serial: Double, kind: DateKind) -> String? {
        guard serial.isFinite, serial >= 0, serial < 3_000_000 else { return nil }
        let total = Int((serial * 86_400).rounded())
        let day = total / 86_400, second = total % 86_400
        guard day <= (is1904 ? Self.lastDay1904 : Self.lastDay1900) else { return nil }
        let showDate: Bool, showTime: Bool
        switch kind {
        case .none, .dateTime: (showDate, showTime) = (true, true)
        case .date: (showDate, showTime) = (true, second != 0)
        case .time: (showDate, showTime) = (day != 0, true)
        }
        var civil: (year: Int, month: Int, day: Int)
        if is1904 {
            civil = Day.civilFromDays(Self.epoch1904 + day)
        } else if day == 60 {
            civil = (1900, 2, 29)
        } else {
            civil = Day.civilFromDays((day < 60 ? Self.epoch1900Early : Self.epoch1900) + day)
        }
        let count = (showDate ? 10 : 0) + (showDate && showTime ? 1 : 0) + (showTime ? 8 : 0)
        return String(unsafeUninitializedCapacity: count) { out in
            var i = 0
            func put(_ value: Int, _ width: Int) {
                var v = value
                for k in stride(from: width - 1, through: 0, by: -1) {
                    out[i + k] = UInt8(0x30 + v % 10)
                    v /= 10
                }
                i += width
            }
            func put(_ byte: UInt8) { out[i] = byte; i += 1 }
            if showDate {
                put(civil.year, 4); put(0x2D); put(civil.month, 2); put(0x2D); put(civil.day, 2)
                if showTime { put(0x20) }
            }
            if showTime {
                put(second / 3600, 2); put(0x3A); put(second / 60 % 60, 2); put(0x3A); put(second % 60, 2)
            }
            return i
        }
    }
}

/// Number cell values (`<v>` text) read fast; their text for a person is
/// ``SheetNumberText``'s, shared by all sheet readers.
enum ExcelNumber {
    /// `bytes` itself when it is already a canonical integer (an optional
    /// `-`, 1–15 digits, no leading zero) — the common case of an id.
    @inline(__always)
    static func canonicalInteger(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var i = 0
        if bytes.count > 1, bytes[0] == 0x2D { i = 1 }  // '-'
        let digits = bytes.count - i
        guard digits >= 1, digits <= 15 else { return nil }
        if bytes[i] == 0x30, digits > 1 || i == 1 { return nil }  // "007", "-0"
        for k in i..<bytes.count where bytes[k] &- 0x30 > 9 { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A date serial written plainly (`46329`, `46329.369444444447`) read
    /// without going through `strtod`; nil for any other form (a sign, an
    /// exponent, more than 9 whole digits). Fraction digits past the 15th
    /// (under 10⁻¹⁰ s) are dropped — serials are rounded to the second.
    @inline(__always)
    static func serial(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var whole = 0, i = 0
        while i < bytes.count, bytes[i] &- 0x30 <= 9 {
            guard i < 9 else { return nil }
            whole = whole * 10 + Int(bytes[i] &- 0x30)
            i += 1
        }
        guard i > 0 else { return nil }
        if i == bytes.count { return Double(whole) }
        guard bytes[i] == 0x2E else { return nil }  // '.'
        i += 1
        var fraction = 0, scale = 1.0, used = 0
        while i < bytes.count {
            let d = bytes[i] &- 0x30
            guard d <= 9 else { return nil }
            if used < 15 {
                fraction = fraction * 10 + Int(d)
                scale *= 10
                used += 1
            }
            i += 1
        }
        return Double(whole) + Double(fraction) / scale
    }

    /// The value of the number text `bytes`, or nil when it is no number.
    static func value(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !bytes.isEmpty, bytes.count < 64 else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let v = Double(text), v.isFinite else { return nil }
        return v
    }
}
