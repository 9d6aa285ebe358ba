/// `xl/styles.xml` read for one thing: which cell styles (`s` of a cell,
/// an index into `<cellXfs>`) show numbers as dates or times.
final class XLSXStylesParser: ExpatParser {
    private var customFormats: [Int: String] = [:]
    private var formatIDs: [Int] = []
    private var inCellXfs = false

    /// `dateKinds[s]` for each cell style `s`.
    var dateKinds: [DateKind] {
        formatIDs.map { id in
            if let code = customFormats[id] { return NumberFormat.kind(of: code) }
            return NumberFormat.kind(ofBuiltIn: id)
        }
    }

    override func startElement(_ name: UnsafePointer<CChar>,
                               _ attributes: UnsafeMutablePointer<UnsafePointer<CChar>?>?) {
        let local = CName.local(name)
        if CName.equals(local, "numFmt") {
            var id: Int?, code: String?
            CName.forEachAttribute(attributes) { key, value in
                if CName.equals(key, "numFmtId") { id = Int(String(cString: value)) }
                if CName.equals(key, "formatCode") { code = String(cString: value) }
            }
            if let id, let code { customFormats[id] = code }
        } else if CName.equals(local, "cellXfs") {
            inCellXfs = true
        } else if inCellXfs, CName.equals(local, "xf") {
            var id = 0
            CName.forEachAttribute(attributes) { key, value in
                if CName.equals(key, "numFmtId") { id = Int(String(cString: value)) ?? 0 }
            }
            formatIDs.append(id)
        }
    }

    override func endElement(_ name: UnsafePointer<CChar>) {
        if CName.isLocal(name, "cellXfs") { inCellXfs = false }
    }
}

/// Excel number formats classified as date, time, both, or neither.
enum NumberFormat {
    /// The built-in formats (ids below 164 that the file need not spell
    /// out), including the East Asian date and time formats 27–36, 50–58.
    static func kind(ofBuiltIn id: Int) -> DateKind {
        switch id {
        case 14...17, 27...31, 36, 50...54, 57, 58: return .date
        case 18...21, 32...35, 45...47, 55, 56: return .time
        case 22: return .dateTime
        default: return .none
        }
    }

    /// The kind of a format code such as `yyyy/m/d h:mm` or `[h]:mm:ss`:
    /// `y`, `d` mean a date, `h`, `s` and the elapsed `[h]`, `[m]`, `[s]`
    /// mean a time, `m` means minutes beside `h`/`s` and the month
    /// otherwise. Quoted text, other `[...]` (colours, locales,
    /// conditions), `\` escapes and the `_x`/`*x` spacing codes don't count.
    static func kind(of code: String) -> DateKind {
        var date = false, time = false, month = false
        var bytes = Array(code.utf8)[...]
        while let c = bytes.popFirst() {
            switch c {
            case 0x22:  // '"' quoted text
                while let q = bytes.popFirst(), q != 0x22 {}
            case 0x5C, 0x5F, 0x2A:  // '\' '_' '*' take the next character
                _ = bytes.popFirst()
            case 0x5B:  // '['
                var inside: [UInt8] = []
                while let b = bytes.popFirst(), b != 0x5D { inside.append(b | 0x20) }
                if let first = inside.first, [0x68, 0x6D, 0x73].contains(first), inside.allSatisfy({ $0 == first }) {
                    time = true  // [h], [mm], [ss]: elapsed time
                }
            default:
                switch c | 0x20 {  // ASCII letters to lower case
                case 0x79, 0x64: date = true  // y d
                case 0x68, 0x73: time = true  // h s
                case 0x6D: month = true  // m
                default: break
                }
            }
        }
        if month && !time { date = true }
        switch (date, time) {
        case (true, true): return .dateTime
        case (true, false): return .date
        case (false, true): return .time
        default: return .none
        }
    }
}
