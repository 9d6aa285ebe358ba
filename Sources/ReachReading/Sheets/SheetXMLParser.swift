import Foundation

/// A worksheet part read by expat: its events handed to a
/// ``SheetRowBuilder``. The slower, complete path: ``XLSXBook`` uses it
/// for a part the fast ``SheetXMLScanner`` gives up on (another encoding,
/// a CDATA section, a DOCTYPE, malformed XML), so every verdict on odd XML
/// is expat's.
final class SheetXMLParser: ExpatParser {
    private let builder: SheetRowBuilder

    init(builder: SheetRowBuilder) {
        self.builder = builder
        super.init(part: builder.part)
    }

    override func startElement(_ name: UnsafePointer<CChar>,
                               _ attributes: UnsafeMutablePointer<UnsafePointer<CChar>?>?) {
        do {
            try builder.open(Self.bytes(CName.local(name)), ExpatAttributes(list: attributes))
        } catch {
            fail(error)
        }
    }

    override func endElement(_ name: UnsafePointer<CChar>) {
        do {
            if try builder.close(Self.bytes(CName.local(name))) == .stop { finish() }
        } catch {
            fail(error)
        }
    }

    override func characters(_ pointer: UnsafePointer<CChar>, _ length: Int) {
        guard builder.isCapturing else { return }
        pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            builder.characters(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    @inline(__always)
    fileprivate static func bytes(_ string: UnsafePointer<CChar>) -> UnsafeBufferPointer<UInt8> {
        // CChar and UInt8 are the signed and unsigned views of one byte.
        UnsafeBufferPointer(start: UnsafeRawPointer(string).assumingMemoryBound(to: UInt8.self), count: strlen(string))
    }
}

/// expat's attribute array (name, value, …, NULL) as an ``XMLAttributeList``.
private struct ExpatAttributes: XMLAttributeList {
    let list: UnsafeMutablePointer<UnsafePointer<CChar>?>?

    func forEach(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void) {
        CName.forEachAttribute(list) { name, value in
            body(SheetXMLParser.bytes(name), SheetXMLParser.bytes(value))
        }
    }
}

extension SheetRowBuilder {
    /// Reads a worksheet part whose bytes `source` feeds (from its start)
    /// to the consumer it is given: through the fast ``SheetXMLScanner``,
    /// and where that gives up, through expat from the start again, the
    /// rows already handed on not handed again — so the rows, or the
    /// error, are expat's.
    func read(_ source: (any PartConsumer) throws -> Void) throws {
        do {
            try source(SheetXMLScanner(builder: self))
        } catch is SheetXMLScanner.Unsupported {
            restart()
            try source(SheetXMLParser(builder: self))
        }
    }
}
