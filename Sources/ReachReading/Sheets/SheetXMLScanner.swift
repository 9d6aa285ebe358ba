import Foundation

/// The fast path of xlsx reading: a worksheet part tokenized by hand and
/// its events handed to a ``SheetRowBuilder``, at several times expat's
/// speed on the short elements a sheet is made of.
///
/// It reads the XML that worksheet writers produce — UTF-8, elements with
/// quoted attributes, text with the five entities and character
/// references, comments, an XML declaration at the start — and checks
/// what it reads the way expat would: names, nesting, one root, allowed
/// characters and well-formed UTF-8. Anything else (another encoding, a
/// CDATA section, a DOCTYPE, a processing instruction, a name outside
/// ASCII, a token over ``maxToken`` bytes, any malformed XML) throws
/// ``Unsupported``; ``XLSXBook`` then reads the part again with expat,
/// which gives the verdict, and the rows already handed on are not
/// handed again (``SheetRowBuilder/restart()``). So a part reads to the
/// same rows, or fails with the same error, as with expat alone.
///
/// Bytes are fed in chunks; a token cut by a chunk's end waits in a small
/// carry buffer for the next chunk.
final class SheetXMLScanner: PartConsumer {
    /// Why the scanner gave a part over to expat (never shown to users).
    struct Unsupported: Error, CustomStringConvertible {
        let description: String
    }

    /// The longest token (a tag, or the text between two tags) the scanner
    /// holds; a longer one is left to expat, so memory stays bounded.
    static let maxToken = 1 << 20

    private let builder: SheetRowBuilder
    private let classes = ByteClasses()

    // Scan state. Only touched by this scanner's own calls, one at a
    // time, so Swift's dynamic exclusivity checks (a fifth of the
    // per-cell cost) are turned off for them.

    /// Bytes not scanned yet: the start of a token cut by a chunk's end.
    @exclusivity(unchecked) private var carry: [UInt8] = []
    @exclusivity(unchecked) private(set) var isFinished = false
    /// True until the first bytes (byte-order mark, XML declaration) are seen.
    @exclusivity(unchecked) private var atStart = true
    @exclusivity(unchecked) private var rootSeen = false
    /// Names of the open elements, end to end, and where each ends.
    private let openNames = ScanStack<UInt8>(capacity: 256)
    private let openEnds = ScanStack<Int>(capacity: 32)
    /// The current tag's attributes (reused from tag to tag).
    private let attributes = ScanStack<ScannedAttribute>(capacity: 16)

    init(builder: SheetRowBuilder) {
        self.builder = builder
    }

    // MARK: PartConsumer

    func feed(_ bytes: UnsafeRawBufferPointer) throws {
        if isFinished || bytes.isEmpty { return }
        let consumed: Int
        if carry.isEmpty {
            consumed = try scan(bytes.assumingMemoryBound(to: UInt8.self), isLast: false)
            carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[consumed...]))
        } else {
            carry.append(contentsOf: bytes)
            consumed = try carry.withUnsafeBufferPointer { try scan($0, isLast: false) }
            carry.removeFirst(consumed)
        }
        if carry.count > Self.maxToken { throw Unsupported(description: "a token longer than \(Self.maxToken) bytes") }
    }

    func end() throws {
        if isFinished { return }
        let consumed = try carry.withUnsafeBufferPointer { try scan($0, isLast: true) }
        guard consumed == carry.count else { throw Unsupported(description: "the part ends inside a tag") }
        guard rootSeen, openEnds.count == 0 else { throw Unsupported(description: "the part ends inside an element") }
    }

    // MARK: Tokens

    /// Scans the complete tokens of `b`; returns how many bytes they take.
    /// Text runs to the next `<`, so text at the very end is scanned only
    /// when `isLast`.
    private func scan(_ b: UnsafeBufferPointer<UInt8>, isLast: Bool) throws -> Int {
        let end = b.count
        var i = 0
        if atStart {
            guard end >= 4 || isLast else { return 0 }
            try startOfDocument(b, &i)
            atStart = false
        }
        while i < end, !isFinished {
            if b[i] != 0x3C {  // text up to the next '<'
                let next = Self.find(0x3C, in: b, from: i, end: end) ?? (isLast ? end : -1)
                if next < 0 { break }
                try text(b, i, next)
                i = next
                continue
            }
            guard i + 1 < end else { break }
            let next: Int?
            switch b[i + 1] {
            case 0x2F: next = try endTag(b, i, end)  // </
            case 0x21: next = try markup(b, i, end)  // <!
            case 0x3F: throw Unsupported(description: "a processing instruction")  // <?
            default: next = try startTag(b, i, end)
            }
            guard let next else { break }
            i = next
        }
        return i
    }

    /// Skips a UTF-8 byte-order mark and checks the XML declaration, if
    /// any, names UTF-8.
    private func startOfDocument(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) throws {
        let end = b.count
        if end >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { i = 3 }
        guard end >= i + 5, b[i] == 0x3C, b[i + 1] == 0x3F else {  // no declaration: UTF-8 unless a BOM says not
            if end >= 2, b[0] == 0xFE || b[0] == 0xFF || b[0] == 0 || b[1] == 0 {
                throw Unsupported(description: "not UTF-8")
            }
            return
        }
        guard b[i + 2] == 0x78, b[i + 3] == 0x6D, b[i + 4] == 0x6C,  // <?xml
              end > i + 5, XMLBytes.isSpace(b[i + 5]),
              let close = Self.find(0x3E, in: b, from: i, end: end), b[close - 1] == 0x3F else {
            throw Unsupported(description: "a processing instruction, or a declaration cut short")
        }
        let declaration = UnsafeBufferPointer(rebasing: b[(i + 5)..<(close - 1)])
        guard Self.declarationIsPlain(declaration) else { throw Unsupported(description: "an XML declaration") }
        i = close + 1
    }

    /// Whether an XML declaration's pseudo-attributes are the plain ones:
    /// version 1.0, encoding UTF-8 if named, standalone anything.
    private static func declarationIsPlain(_ d: UnsafeBufferPointer<UInt8>) -> Bool {
        let text = String(decoding: d, as: UTF8.self)
        var rest = Substring(text)
        var seenVersion = false
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
            if rest.isEmpty { return seenVersion }
            guard let equals = rest.firstIndex(of: "=") else { return false }
            let name = rest[..<equals].trimmingCharacters(in: .whitespaces)
            rest = rest[rest.index(after: equals)...].drop { $0 == " " }
            guard let quote = rest.first, quote == "\"" || quote == "'" else { return false }
            rest = rest.dropFirst()
            guard let close = rest.firstIndex(of: quote) else { return false }
            let value = String(rest[..<close])
            rest = rest[rest.index(after: close)...]
            switch name {
            case "version": guard value == "1.0", !seenVersion else { return false }; seenVersion = true
            case "encoding": guard seenVersion, value.lowercased() == "utf-8" else { return false }
            case "standalone": guard seenVersion, value == "yes" || value == "no" else { return false }
            default: return false
            }
        }
    }

    /// `<name attr="value" …>` or `<name …/>`; nil when cut short.
    private func startTag(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) throws -> Int? {
        var j = i + 1
        guard let nameEnd = try name(b, j, end) else { return nil }
        let nameStart = j
        j = nameEnd
        attributes.truncate(to: 0)
        var selfClosing = false
        while true {
            let spaced = j < end && isSpace(b[j])
            while j < end, isSpace(b[j]) { j += 1 }
            guard j < end else { return nil }
            if b[j] == 0x3E { j += 1; break }  // >
            if b[j] == 0x2F {  // />
                guard j + 1 < end else { return nil }
                guard b[j + 1] == 0x3E else { throw Unsupported(description: "'/' inside a tag") }
                selfClosing = true
                j += 2
                break
            }
            guard spaced else { throw Unsupported(description: "attributes not apart") }
            guard let attribute = try attribute(b, j, end) else { return nil }
            attributes.append(attribute)
            j = attribute.valueEnd + 1
        }
        try checkUnique(b)
        let name = UnsafeBufferPointer(rebasing: b[nameStart..<nameEnd])
        if openEnds.count == 0 {
            guard !rootSeen else { throw Unsupported(description: "a second root element") }
            rootSeen = true
        }
        let local = Self.local(name)
        try attributes.withElements { try builder.open(local, ScannedAttributes(bytes: b, list: $0)) }
        if selfClosing {
            if try builder.close(local) == .stop { isFinished = true }
        } else {
            openNames.append(contentsOf: name)
            openEnds.append(openNames.count)
        }
        return j
    }

    /// `</name>`; nil when cut short.
    private func endTag(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) throws -> Int? {
        let nameStart = i + 2
        guard let nameEnd = try name(b, nameStart, end) else { return nil }
        var j = nameEnd
        while j < end, isSpace(b[j]) { j += 1 }
        guard j < end else { return nil }
        guard b[j] == 0x3E else { throw Unsupported(description: "a malformed end tag") }
        let name = UnsafeBufferPointer(rebasing: b[nameStart..<nameEnd])
        guard openEnds.count > 0 else { throw Unsupported(description: "an end tag with no element open") }
        let top = openEnds.last
        let topStart = openEnds.count > 1 ? openEnds[openEnds.count - 2] : 0
        let same = top - topStart == name.count && openNames.withElements {
            Self.same($0.baseAddress! + topStart, name.baseAddress!, name.count)
        }
        guard same else { throw Unsupported(description: "mismatched tags") }
        openEnds.truncate(to: openEnds.count - 1)
        openNames.truncate(to: topStart)
        if try builder.close(Self.local(name)) == .stop { isFinished = true }
        return j + 1
    }

    /// `<!-- … -->`; anything else after `<!` is left to expat. Nil when cut short.
    private func markup(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) throws -> Int? {
        guard i + 4 <= end else { return nil }
        guard b[i + 2] == 0x2D, b[i + 3] == 0x2D else {
            throw Unsupported(description: "a CDATA section or a declaration")
        }
        var j = i + 4
        while true {
            guard let dash = Self.find(0x2D, in: b, from: j, end: end), dash + 2 < end else { return nil }
            if b[dash + 1] == 0x2D {
                guard b[dash + 2] == 0x3E else { throw Unsupported(description: "'--' inside a comment") }
                try validate(b, i + 4, dash)
                return dash + 3
            }
            j = dash + 1
        }
    }

    /// The end of the name starting at `i`, nil when cut short.
    @inline(__always)
    private func name(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) throws -> Int? {
        guard i < end else { return nil }
        guard classes.test(b[i], XMLBytes.nameStartClass) else {
            throw Unsupported(description: "a name outside plain ASCII")
        }
        var j = i + 1
        while j < end, classes.test(b[j], XMLBytes.nameClass) { j += 1 }
        guard j < end else { return nil }
        return j
    }

    /// `name = "value"` starting at `i`; nil when cut short.
    @inline(__always)
    private func attribute(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) throws -> ScannedAttribute? {
        guard let nameEnd = try name(b, i, end) else { return nil }
        var j = nameEnd
        while j < end, isSpace(b[j]) { j += 1 }
        guard j < end else { return nil }
        guard b[j] == 0x3D else { throw Unsupported(description: "an attribute without '='") }  // =
        j += 1
        while j < end, isSpace(b[j]) { j += 1 }
        guard j < end else { return nil }
        let quote = b[j]
        guard quote == 0x22 || quote == 0x27 else { throw Unsupported(description: "an unquoted attribute") }
        guard let close = Self.find(quote, in: b, from: j + 1, end: end) else { return nil }
        // Values are passed on as they are: one holding a reference, a
        // '<' or a white-space character other than space (which XML
        // would decode or normalise) is left to expat.
        for k in (j + 1)..<close where !classes.test(b[k], XMLBytes.plainValueClass) {
            let c = b[k]
            if c == 0x26 || c == 0x3C || c < 0x20 { throw Unsupported(description: "an attribute value to decode") }
            if c >= 0x80 {
                guard XMLBytes.sequence(b, at: k, end: close) != nil else {
                    throw Unsupported(description: "bad UTF-8 in an attribute value")
                }
            }
        }
        return ScannedAttribute(nameStart: i, nameEnd: nameEnd, valueStart: j + 1, valueEnd: close)
    }

    private func checkUnique(_ b: UnsafeBufferPointer<UInt8>) throws {
        guard attributes.count > 1 else { return }
        let repeated = attributes.withElements { list in
            for k in 1..<list.count {
                let length = list[k].nameEnd - list[k].nameStart
                for m in 0..<k where list[m].nameEnd - list[m].nameStart == length
                    && Self.same(b.baseAddress! + list[m].nameStart, b.baseAddress! + list[k].nameStart, length) {
                    return true
                }
            }
            return false
        }
        if repeated { throw Unsupported(description: "a repeated attribute") }
    }

    // MARK: Text

    /// Text between tags: only white space outside the root element;
    /// inside it, checked character by character and handed to the
    /// builder when it keeps text (references decoded, line ends as LF).
    private func text(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) throws {
        guard openEnds.count > 0 else {
            for k in i..<end where !XMLBytes.isSpace(b[k]) { throw Unsupported(description: "text outside the root") }
            return
        }
        let keep = builder.isCapturing
        var run = i  // start of the plain bytes not yet handed on
        var k = i
        while k < end {
            let c = b[k]
            if classes.test(c, XMLBytes.plainTextClass) {
                k += 1
                continue
            }
            if c >= 0x80 {
                guard let length = XMLBytes.sequence(b, at: k, end: end) else {
                    throw Unsupported(description: "bad UTF-8 in text")
                }
                k += length
                continue
            }
            if c == 0x5D {  // ]]> may not stand in text
                if k + 2 < end, b[k + 1] == 0x5D, b[k + 2] == 0x3E { throw Unsupported(description: "']]>' in text") }
                k += 1
                continue
            }
            guard c == 0x26 || c == 0x0D else { throw Unsupported(description: "a control character in text") }
            if keep { builder.characters(UnsafeBufferPointer(rebasing: b[run..<k])) }
            if c == 0x0D {  // CR LF and a lone CR read as LF
                if keep { builder.character(0x0A) }
                k += k + 1 < end && b[k + 1] == 0x0A ? 2 : 1
            } else {
                guard let (scalar, length) = XMLBytes.reference(b, at: k, end: end) else {
                    throw Unsupported(description: "an entity expat may know")
                }
                if keep {
                    for byte in UTF8.encode(scalar)! { builder.character(byte) }
                }
                k += length
            }
            run = k
        }
        if keep, run < end { builder.characters(UnsafeBufferPointer(rebasing: b[run..<end])) }
    }

    /// Checks comment text: allowed characters, well-formed UTF-8.
    private func validate(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) throws {
        var k = i
        while k < end {
            let c = b[k]
            if c >= 0x80 {
                guard let length = XMLBytes.sequence(b, at: k, end: end) else {
                    throw Unsupported(description: "bad UTF-8 in a comment")
                }
                k += length
            } else {
                guard c >= 0x20 || XMLBytes.isSpace(c) else { throw Unsupported(description: "a control character") }
                k += 1
            }
        }
    }

    // MARK: Bytes

    @inline(__always)
    private func isSpace(_ b: UInt8) -> Bool { classes.test(b, XMLBytes.spaceClass) }

    /// The first `byte` in `b[from..<end]`.
    @inline(__always)
    private static func find(_ byte: UInt8, in b: UnsafeBufferPointer<UInt8>, from: Int, end: Int) -> Int? {
        guard from < end, let base = b.baseAddress else { return nil }
        guard let hit = memchr(base + from, Int32(byte), end - from) else { return nil }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }

    /// Whether `count` bytes at `a` and `b` are the same (names are short:
    /// a loop beats a call to memcmp).
    @inline(__always)
    private static func same(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        for k in 0..<count where a[k] != b[k] { return false }
        return true
    }

    /// The name after its namespace prefix: `x:row` → `row`.
    @inline(__always)
    private static func local(_ name: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard let colon = name.lastIndex(of: 0x3A) else { return name }
        return UnsafeBufferPointer(rebasing: name[(colon + 1)...])
    }
}

/// Where one attribute of the current tag lies in the scanned bytes.
private struct ScannedAttribute {
    var nameStart: Int
    var nameEnd: Int
    var valueStart: Int
    var valueEnd: Int
}

/// The current tag's attributes as an ``XMLAttributeList``.
private struct ScannedAttributes: XMLAttributeList {
    let bytes: UnsafeBufferPointer<UInt8>
    let list: UnsafeBufferPointer<ScannedAttribute>

    @inline(__always)
    func forEach(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void) {
        for a in list {
            body(UnsafeBufferPointer(rebasing: bytes[a.nameStart..<a.nameEnd]),
                 UnsafeBufferPointer(rebasing: bytes[a.valueStart..<a.valueEnd]))
        }
    }
}
