import CExpat

/// A push (SAX) XML parser over libexpat, fed chunk by chunk.
///
/// Subclasses override ``startElement(_:_:)``, ``endElement(_:)`` and
/// ``characters(_:_:)``; expat's C callbacks reach them through the
/// parser's user data, an unretained pointer to `self` (valid because
/// `self` owns the `XML_Parser` and frees it in `deinit`). Names come as
/// C strings with any namespace prefix (`x:row`); ``CName/local(_:)`` strips
/// it. Character data is UTF-8 whatever the document's encoding.
/// A DOCTYPE is refused: no OOXML part has one, and refusing it closes the
/// door on entity expansion tricks.
class ExpatParser: PartConsumer {
    /// Name of the part being parsed (`xl/worksheets/sheet1.xml`), for messages.
    let part: String
    private let parser: XML_Parser
    /// The error a callback stopped parsing with (rethrown by ``feed(_:)``).
    private(set) var failure: (any Error)?
    /// True once a callback asked to end parsing without an error.
    private(set) var isFinished = false

    init(part: String) {
        self.part = part
        guard let parser = XML_ParserCreate(nil) else { fatalError("expat: out of memory") }
        self.parser = parser
        XML_SetUserData(parser, Unmanaged.passUnretained(self).toOpaque())
        // _withUnsafeGuaranteedRef: no retain and release per callback.
        XML_SetElementHandler(parser, { userData, name, attributes in
            guard let userData, let name else { return }
            Unmanaged<ExpatParser>.fromOpaque(userData)._withUnsafeGuaranteedRef {
                $0.startElement(name, attributes)
            }
        }, { userData, name in
            guard let userData, let name else { return }
            Unmanaged<ExpatParser>.fromOpaque(userData)._withUnsafeGuaranteedRef { $0.endElement(name) }
        })
        XML_SetCharacterDataHandler(parser) { userData, text, length in
            guard let userData, let text else { return }
            Unmanaged<ExpatParser>.fromOpaque(userData)._withUnsafeGuaranteedRef {
                $0.characters(text, Int(length))
            }
        }
        XML_SetStartDoctypeDeclHandler(parser) { userData, _, _, _, _ in
            guard let userData else { return }
            let me = Unmanaged<ExpatParser>.fromOpaque(userData).takeUnretainedValue()
            me.fail(XLSXFailure.damaged("\(me.part) has a DOCTYPE, which no Excel part has"))
        }
    }

    deinit { XML_ParserFree(parser) }

    // MARK: Overridden by subclasses

    /// An element opened; `attributes` holds name, value pairs, then NULL.
    func startElement(_ name: UnsafePointer<CChar>, _ attributes: UnsafeMutablePointer<UnsafePointer<CChar>?>?) {}
    func endElement(_ name: UnsafePointer<CChar>) {}
    /// A piece of character data (one text node may come in several pieces).
    func characters(_ text: UnsafePointer<CChar>, _ length: Int) {}

    // MARK: Control from callbacks

    /// Stops parsing; ``feed(_:)`` then throws `error`.
    final func fail(_ error: any Error) {
        if failure == nil { failure = error }
        XML_StopParser(parser, XML_Bool(XML_FALSE))
    }

    /// Stops parsing quietly; ``feed(_:)`` returns and ``isFinished`` is true.
    final func finish() {
        isFinished = true
        XML_StopParser(parser, XML_Bool(XML_FALSE))
    }

    // MARK: Feeding

    /// Parses the next chunk of the document. Throws the error a callback
    /// failed with, or a damaged-workbook error for malformed XML.
    final func feed(_ bytes: UnsafeRawBufferPointer) throws {
        try parse(bytes, isFinal: false)
    }

    /// Tells expat the document ended (reports an unclosed element).
    final func end() throws {
        try parse(UnsafeRawBufferPointer(start: nil, count: 0), isFinal: true)
    }

    private func parse(_ bytes: UnsafeRawBufferPointer, isFinal: Bool) throws {
        if isFinished { return }
        if let failure { throw failure }
        var offset = 0
        repeat {  // XML_Parse takes an Int32 length
            let length = min(bytes.count - offset, 1 << 30)
            let start = bytes.baseAddress.map { $0.advanced(by: offset).assumingMemoryBound(to: CChar.self) }
            offset += length
            let last = isFinal && offset == bytes.count
            if XML_Parse(parser, start, Int32(length), last ? 1 : 0) != XML_STATUS_OK {
                if let failure { throw failure }
                if isFinished { return }
                let code = XML_GetErrorCode(parser)
                let message = XML_ErrorString(code).map { String(cString: $0) } ?? "error \(code.rawValue)"
                throw XLSXFailure.damaged(
                    "\(part) is not well-formed XML: \(message) at line \(XML_GetCurrentLineNumber(parser))")
            }
        } while offset < bytes.count
    }
}

/// What the inflated bytes of a workbook part are fed to, chunk by chunk.
protocol PartConsumer: AnyObject {
    /// True once the consumer wants no more bytes (a handler said stop).
    var isFinished: Bool { get }
    /// Takes the next chunk; throws what the consumer failed with.
    func feed(_ bytes: UnsafeRawBufferPointer) throws
    /// The part ended; throws when it ended too soon.
    func end() throws
}

/// Element and attribute names as C strings.
enum CName {
    /// The name after its namespace prefix: `x:row` → `row`.
    @inline(__always)
    static func local(_ name: UnsafePointer<CChar>) -> UnsafePointer<CChar> {
        var p = name
        var start = name
        while p.pointee != 0 {
            if p.pointee == 0x3A { start = p + 1 }  // ':'
            p += 1
        }
        return start
    }

    /// Whether C string `name` is exactly `literal` (ASCII).
    @inline(__always)
    static func equals(_ name: UnsafePointer<CChar>, _ literal: StaticString) -> Bool {
        let bytes = literal.utf8Start
        let count = literal.utf8CodeUnitCount
        for i in 0..<count where UInt8(bitPattern: name[i]) != bytes[i] { return false }
        return name[count] == 0
    }

    /// Whether the local name of `name` (prefix stripped) is `literal`.
    @inline(__always)
    static func isLocal(_ name: UnsafePointer<CChar>, _ literal: StaticString) -> Bool {
        equals(local(name), literal)
    }

    /// Calls `body(name, value)` for each attribute.
    @inline(__always)
    static func forEachAttribute(_ attributes: UnsafeMutablePointer<UnsafePointer<CChar>?>?,
                                 _ body: (UnsafePointer<CChar>, UnsafePointer<CChar>) -> Void) {
        guard let attributes else { return }
        var i = 0
        while let name = attributes[i], let value = attributes[i + 1] {
            body(name, value)
            i += 2
        }
    }
}
