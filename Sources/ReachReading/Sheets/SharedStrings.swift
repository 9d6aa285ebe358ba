/// `xl/sharedStrings.xml`: the table `t="s"` cells index into.
///
/// Each `<si>` is one string: its plain `<t>`, or the `<t>` of its rich
/// text runs (`<r>`) joined; phonetic guides (`<rPh>`, furigana/pinyin
/// above the text) are not part of the text. Whitespace is kept as
/// written. Stops with an error once the strings would take more than
/// `limit` bytes (counting a little per string, so a flood of empty
/// strings is caught too).
final class SharedStringsParser: ExpatParser {
    private(set) var strings: [String] = []
    private let limit: Int
    private var size = 0
    private var text: [UInt8] = []
    private var inItem = false
    private var inText = false
    private var phoneticDepth = 0

    /// Bytes a string costs besides its text (a `String` in the array).
    private static let overhead = 16

    init(part: String, limit: Int) {
        self.limit = limit
        super.init(part: part)
    }

    override func startElement(_ name: UnsafePointer<CChar>,
                               _ attributes: UnsafeMutablePointer<UnsafePointer<CChar>?>?) {
        let local = CName.local(name)
        if CName.equals(local, "si") {
            inItem = true
            text.removeAll(keepingCapacity: true)
        } else if CName.equals(local, "sst") {
            CName.forEachAttribute(attributes) { key, value in  // a hint only: capped
                if CName.equals(key, "uniqueCount"), let n = Int(String(cString: value)), n > 0 {
                    strings.reserveCapacity(min(n, 1 << 20))
                }
            }
        } else if inItem {
            if CName.equals(local, "t") {
                inText = phoneticDepth == 0
            } else if CName.equals(local, "rPh") {
                phoneticDepth += 1
            }
        }
    }

    override func endElement(_ name: UnsafePointer<CChar>) {
        let local = CName.local(name)
        if CName.equals(local, "t") {
            inText = false
        } else if CName.equals(local, "rPh") {
            phoneticDepth = max(0, phoneticDepth - 1)
        } else if CName.equals(local, "si") {
            inItem = false
            size += text.count + Self.overhead
            if size > limit {
                fail(XLSXFailure.sharedStringsTooLarge(part: part, limit: limit))
                return
            }
            strings.append(ExcelText.string(text))
        }
    }

    override func characters(_ pointer: UnsafePointer<CChar>, _ length: Int) {
        guard inText else { return }
        if size + text.count + length > limit {
            fail(XLSXFailure.sharedStringsTooLarge(part: part, limit: limit))
            return
        }
        pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            text.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
        }
    }
}
