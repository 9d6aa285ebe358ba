import Foundation
import ReachModel

/// A UTF-16 or GB18030 file turned into UTF-8 a piece at a time (SPEC 1.2),
/// so that decoding needs the same fixed memory whatever the file size:
/// one buffer of the file's bytes (its first chunk, then refilled from the
/// file) and a piece of at most ``pieceBytes`` decoded at once.
///
/// Both encodings are stateless, so text cut between two characters decodes
/// piece by piece exactly as it does whole: UTF-16 is cut between code
/// units, never after a high surrogate; GB18030 between the byte sequences
/// a walk from the start of the text finds (one byte below 0x81 or 0xFF;
/// a lead byte 0x81–0xFE followed by 0x30–0x39 starts four bytes, by
/// anything else two). UTF-16 is decoded by hand, strictly; GB18030 by
/// Foundation, which keeps a U+FEFF at the start of a piece as it does
/// anywhere else. Bytes that are not the encoding reject the file whole,
/// at the piece that holds them, with their line and offset.
final class Transcoder {
    /// Bytes of the file decoded at once, at most.
    static let pieceBytes = 1 << 20
    /// Room a caller must leave for one character (at most four bytes of
    /// the file, twelve of UTF-8 as ``fitting(_:)`` counts).
    static let characterRoom = 12

    let encoding: TextEncoding
    let fileName: String
    /// The file's undecoded bytes are `raw[rawStart ..< rawEnd]`.
    private let raw: ByteStorage
    private var rawStart: Int
    private var rawEnd: Int
    /// Where more bytes come from; -1 when they are all in `raw`.
    private var descriptor: Int32
    /// File offset of `raw[rawStart]`, and line feeds decoded before it
    /// (for the place of a bad byte).
    private var fileOffset: Int
    private var lineFeeds = 0

    /// Takes over `raw[start ..< end]`, the file's bytes from `fileOffset`
    /// on, and the open `descriptor` that holds the rest (closed at its end),
    /// or -1 when `raw` holds the whole file.
    init(encoding: TextEncoding, fileName: String, raw: ByteStorage, start: Int, end: Int, descriptor: Int32,
         fileOffset: Int) {
        precondition(encoding != .utf8, "Transcoder decodes UTF-16 and GB18030 only")
        self.encoding = encoding
        self.fileName = fileName
        self.raw = raw
        rawStart = start
        rawEnd = end
        self.descriptor = descriptor
        self.fileOffset = fileOffset
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Every byte of the file has been decoded.
    var atEnd: Bool { descriptor < 0 && rawStart == rawEnd }

    /// Decodes the next bytes of the file into `out[0 ..< room]`; returns the
    /// UTF-8 bytes written, 0 only at the end of the file or when `room` is
    /// less than ``characterRoom``.
    func decode(into out: UnsafeMutablePointer<UInt8>, room: Int) throws -> Int {
        var written = 0
        while room - written >= Self.characterRoom && !atEnd {
            if rawEnd - rawStart < Self.pieceBytes && descriptor >= 0 { try readMore() }
            let most = min(rawEnd - rawStart, Self.pieceBytes, fitting(room - written))
            let cut = boundary(within: most)
            if cut == 0 {
                if most < rawEnd - rawStart { break }  // the next character needs more room
                if descriptor >= 0 { try readMore(); continue }
            }
            let piece = UnsafeRawBufferPointer(start: raw.pointer + rawStart, count: cut == 0 ? rawEnd - rawStart : cut)
            let text = try decoded(piece)
            text.withUnsafeBufferPointer { if let b = $0.baseAddress { (out + written).update(from: b, count: text.count) } }
            written += text.count
            rawStart += piece.count
            fileOffset += piece.count
        }
        return written
    }

    /// Bytes of the file whose UTF-8 surely fits in `room` bytes: UTF-16
    /// takes at most 3/2 as many in UTF-8, GB18030 three times as many (its
    /// one-byte 0x80 is €, U+20AC).
    private func fitting(_ room: Int) -> Int {
        encoding == .gb18030 ? room / 3 : room * 2 / 3
    }

    /// The longest prefix of the undecoded bytes, at most `most` long, that
    /// ends between two characters.
    private func boundary(within most: Int) -> Int {
        let p = raw.pointer + rawStart
        switch encoding {
        case .utf16LittleEndian, .utf16BigEndian:
            var cut = most & ~1
            if cut >= 2 {
                let high = encoding == .utf16BigEndian ? p[cut - 2] : p[cut - 1]
                if high & 0xFC == 0xD8 { cut -= 2 }  // a high surrogate waits for its low half
            }
            return cut
        case .gb18030:
            var i = 0, cut = 0
            while i < most {
                cut = i
                let lead = p[i]
                i += lead < 0x81 || lead == 0xFF ? 1 : (i + 1 < rawEnd - rawStart && (0x30 ... 0x39).contains(p[i + 1]) ? 4 : 2)
            }
            return i == most ? most : cut
        case .utf8:
            preconditionFailure("UTF-8 is not transcoded")
        }
    }

    /// UTF-8 of one piece, or the file's rejection.
    private func decoded(_ piece: UnsafeRawBufferPointer) throws -> [UInt8] {
        switch encoding {
        case .utf16LittleEndian, .utf16BigEndian:
            guard let text = TextEncoding.transcodeUTF16(piece, bigEndian: encoding == .utf16BigEndian) else {
                throw ReachError.fileRejected(file: fileName, reason: "the file starts with a UTF-16 byte-order mark but is not valid UTF-16; export it again, preferably as UTF-8 CSV")
            }
            return text
        case .gb18030:
            guard let text = TextEncoding.transcodeGB18030(piece) else {
                let bad = TextEncoding.firstInvalidGB18030(piece) ?? 0
                let at = TextEncoding.position(in: piece, offset: bad, line: lineFeeds + 1, fileOffset: fileOffset)
                throw ReachError.fileRejected(file: fileName, reason: "the bytes are neither UTF-8, UTF-16 (with byte-order mark) nor GB18030: the first byte that is not is at \(at); save the file as UTF-8 CSV and ingest it again")
            }
            lineFeeds += piece.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            return text
        case .utf8:
            preconditionFailure("UTF-8 is not transcoded")
        }
    }

    /// Moves the undecoded bytes to the front of `raw` and fills it from the file.
    private func readMore() throws {
        let left = rawEnd - rawStart
        if rawStart > 0 {
            raw.pointer.update(from: raw.pointer + rawStart, count: left)
            rawStart = 0
            rawEnd = left
        }
        let room = UnsafeMutableRawBufferPointer(start: raw.pointer + rawEnd, count: raw.capacity - rawEnd)
        let n = try Fingerprint.fillBlock(fd: descriptor, room, file: fileName)
        rawEnd += n
        if n < room.count {
            close(descriptor)
            descriptor = -1
        }
    }
}
