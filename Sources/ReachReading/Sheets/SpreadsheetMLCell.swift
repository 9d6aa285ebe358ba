import ReachModel

/// The text of one SpreadsheetML `<Data>` by its `ss:Type`, in the forms
/// ``SheetRow`` documents.
enum SpreadsheetMLCell {
    /// The cell's text and whether it is a number.
    ///
    /// - `Number`: `202501001` stays as written (leading zeros and `+`
    ///   dropped), other values become Excel's shortest decimal (`95.50` →
    ///   `95.5`, `1E-07` → `0.0000001`); `isNumber` is true. Text that is no
    ///   number stays text.
    /// - `Boolean`: `1`/`true` → `TRUE`, `0`/`false` → `FALSE`.
    /// - `DateTime`: see ``dateTime(_:kind:date1904:)``.
    /// - `String`, `Error` and anything else: the text as written.
    static func text(_ raw: String, type: String, kind: DateKind, date1904: Bool) -> (String, Bool) {
        switch type {
        case "Number":
            let trimmed = Array(raw.utf8.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D })
            var bytes = trimmed[...]
            while let last = bytes.last, last == 0x20 || last == 0x09 || last == 0x0A || last == 0x0D {
                bytes = bytes.dropLast()
            }
            if bytes.first == 0x2B { bytes = bytes.dropFirst() }  // '+'
            let negative = bytes.first == 0x2D
            let digits = negative ? bytes.dropFirst() : bytes
            if !digits.isEmpty, digits.count <= 15, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                let significant = digits.drop { $0 == 0x30 }
                if significant.isEmpty { return ("0", true) }
                return ((negative ? "-" : "") + String(decoding: significant, as: UTF8.self), true)
            }
            let value = Array(bytes).withUnsafeBufferPointer { ExcelNumber.value($0) }
            guard let value else { return (raw, false) }
            return (SheetNumberText.text(value), true)
        case "Boolean":
            switch raw.lowercased() {
            case "1", "true": return ("TRUE", false)
            case "0", "false": return ("FALSE", false)
            default: return (raw, false)
            }
        case "DateTime":
            return (dateTime(raw, kind: kind, date1904: date1904) ?? raw, false)
        default:
            return (raw, false)
        }
    }

    /// `2026-11-03T08:52:00.000` as a person sees it under a number format
    /// of `kind` (the rule of the xlsx reader, plus one for cells without a
    /// date format, which Excel would show as a serial number):
    /// - `.date`: `YYYY-MM-DD`, with the time only when it is not midnight;
    /// - `.time`: `HH:MM:SS`, with the date in front only when it is not the
    ///   epoch's day 0 (`1899-12-31`, or `1904-01-01` in a 1904 workbook),
    ///   which is how Excel writes a time of day;
    /// - `.dateTime`: `YYYY-MM-DD HH:MM:SS`;
    /// - `.none`: each part that is not empty: the date unless it is day 0,
    ///   the time unless it is midnight (`YYYY-MM-DD` for a plain date).
    /// Fractions of a second are rounded to the nearest second. `nil` when
    /// the text is no such date-time.
    static func dateTime(_ raw: String, kind: DateKind, date1904: Bool) -> String? {
        let b = Array(raw.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var n = 0
            for i in from ..< from + count {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                n = n * 10 + Int(b[i] - 0x30)
            }
            return n
        }
        guard b.count >= 10, b[4] == 0x2D, b[7] == 0x2D, let year = number(0, 4), let month = number(5, 2),
              let day = number(8, 2), (1 ... 12).contains(month), (1 ... 31).contains(day) else { return nil }
        var second = 0
        if b.count > 10 {
            guard b[10] == 0x54 || b[10] == 0x20, let hour = number(11, 2), b.count >= 16, b[13] == 0x3A,
                  let minute = number(14, 2), hour < 24, minute < 60 else { return nil }
            second = hour * 3600 + minute * 60
            if b.count >= 19, b[16] == 0x3A, let s = number(17, 2), s < 60 {
                second += s
                if b.count >= 21, b[19] == 0x2E, b[20] >= 0x35, b[20] <= 0x39 { second += 1 }  // round .5 up
            }
        }
        var days = Day.daysFromCivil(year, month, day)
        guard Day.civilFromDays(days) == (year, month, day) else { return nil }  // 2026-02-30
        if second == 86_400 { days += 1; second = 0 }
        let civil = Day.civilFromDays(days)
        let isDayZero = (civil.year, civil.month, civil.day) == (1899, 12, 31)
            || (date1904 && (civil.year, civil.month, civil.day) == (1904, 1, 1))
        let showDate: Bool, showTime: Bool
        switch kind {
        case .date: (showDate, showTime) = (true, second != 0)
        case .time: (showDate, showTime) = (!isDayZero, true)
        case .dateTime: (showDate, showTime) = (true, true)
        case .none: (showDate, showTime) = (!isDayZero || second == 0, second != 0)
        }
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        var parts: [String] = []
        if showDate { parts.append("\(pad(civil.year, 4))-\(pad(civil.month, 2))-\(pad(civil.day, 2))") }
        if showTime { parts.append("\(pad(second / 3600, 2)):\(pad(second / 60 % 60, 2)):\(pad(second % 60, 2))") }
        return parts.joined(separator: " ")
    }

    /// The kind of an `ss:Format`: Excel's named formats (`Short Date`,
    /// `General Date`, `Long Time`, `Fixed`…), else a format code such as
    /// `yyyy\-mm\-dd` read as the xlsx reader reads one.
    static func kind(ofFormat format: String) -> DateKind {
        switch format {
        case "General Date": return .dateTime
        case "Long Date", "Medium Date", "Short Date": return .date
        case "Long Time", "Medium Time", "Short Time": return .time
        case "General", "General Number", "Currency", "Euro Currency", "Fixed", "Standard", "Percent",
             "Scientific", "Yes/No", "True/False", "On/Off", "@": return .none
        default: return NumberFormat.kind(of: format)
        }
    }
}
