/// The text a sheet reader gives for a cell stored as a number (see
/// ``SheetRow``), shared by all the readers so that the same number reads
/// the same from `.xlsx`, `.xls` and Excel 2003 XML: a whole number as its
/// digits (`202501001`, never `202501001.0` or `2.02501001E8`), any other
/// number as the shortest decimal that reads back as the same `Double`,
/// written without exponent (`95.5`, `0.1`, `0.0000001`). Member ids that
/// a spreadsheet turned into numbers come back as the digits a person typed.
enum SheetNumberText {
    /// The text of `value`; `-0` is `0`. Not-a-number and infinities (which
    /// no spreadsheet stores as a cell) keep Swift's spelling.
    static func text(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        if value == 0 { return "0" }
        if value == value.rounded(), abs(value) < 9.0e18 { return String(Int64(value)) }
        return plain("\(value)")
    }

    /// Swift's shortest round-trip spelling (`1e-07`, `1.5e+20`, `95.5`)
    /// rewritten without exponent and without a trailing `.0`.
    static func plain(_ shortest: String) -> String {
        var s = Substring(shortest)
        var sign = ""
        if s.first == "-" { sign = "-"; s = s.dropFirst() }
        var exponent = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(s[s.index(after: e)...]) ?? 0
            s = s[..<e]
        }
        let parts = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        // All the digits, and where the decimal point falls among them.
        var digits = Array(whole.utf8) + Array(fraction.utf8)
        var point = whole.utf8.count + exponent
        if point < 0 {
            digits = [UInt8](repeating: 0x30, count: -point) + digits
            point = 0
        }
        if point > digits.count { digits += [UInt8](repeating: 0x30, count: point - digits.count) }
        var integer = digits[..<point].drop { $0 == 0x30 }
        var decimals = digits[point...]
        while decimals.last == 0x30 { decimals = decimals.dropLast() }
        if integer.isEmpty { integer = [0x30][...] }
        let text = String(decoding: integer, as: UTF8.self)
            + (decimals.isEmpty ? "" : "." + String(decoding: decimals, as: UTF8.self))
        return sign + text
    }
}
