/// RFC 4180 quoting of one CSV field (SPEC 1.2 and 3), written once for the
/// report writer and the generator of test exports.
public enum CSVField {
    /// Appends `text` to `out` as one field: in double quotes, with each
    /// quote doubled, when it holds `delimiter`, `"`, CR or LF; otherwise as
    /// it is. `prefix` (the `'` that keeps a spreadsheet from running a text
    /// as a formula, SPEC 6.11) goes first, inside the quotes.
    @inlinable
    public static func append(_ text: String, delimiter: UInt8 = UInt8(ascii: ","), prefix: UInt8? = nil,
                              to out: inout [UInt8]) {
        let utf8 = text.utf8
        let quoted = utf8.contains { $0 == delimiter || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }
        if quoted { out.append(0x22) }
        if let prefix { out.append(prefix) }
        if quoted {
            for byte in utf8 {
                if byte == 0x22 { out.append(0x22) }
                out.append(byte)
            }
            out.append(0x22)
        } else {
            out.append(contentsOf: utf8)
        }
    }
}
