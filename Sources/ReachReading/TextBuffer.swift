import Foundation
import ReachModel

/// The decoded UTF-8 text of one input file, held a chunk at a time or whole.
///
/// UTF-8 files are read in chunks (16 MiB by default) into one buffer; the
/// unread tail of a chunk (a partial record) moves to the front before the
/// next read, so memory stays bounded whatever the file size. Each chunk is
/// validated as it arrives. A file that ingest has already read whole
/// (``FileContents``) is taken over as it is, and validated at once. When
/// the first chunk is not valid UTF-8 the file is GB18030 (SPEC 1.2) and,
/// like a UTF-16 file (told by its BOM), is read whole and transcoded to
/// UTF-8 in memory: such files are Excel exports and small. A file whose
/// first chunk is valid UTF-8 but a later one is not is rejected as
/// undecodable rather than re-read in another encoding; for a file read
/// whole, its first 16 MiB (``chunkSize``) play the first chunk's part.
final class TextBuffer {
    /// Chunk size of files read from disk; also how much of a file read
    /// whole tells its encoding.
    static let chunkSize = 16 << 20

    let fileName: String
    /// The buffer; `base[start ..< end]` is unread text.
    private var storage: ByteStorage
    /// The text; `base[start ..< end]` is unread.
    var base: UnsafeMutablePointer<UInt8> { storage.pointer }
    private(set) var start = 0
    private(set) var end = 0
    /// No more bytes follow `end`.
    private(set) var atEnd = false
    /// 1-based line number of the text at `start`.
    private(set) var line = 1
    private(set) var encoding = TextEncoding.utf8
    private var validatedEnd = 0
    /// File offset of `base[0]` (for messages that point at a byte).
    private var baseOffset = 0
    private var descriptor: Int32 = -1

    /// Opens a file and reads (and decodes) its first chunk.
    init(url: URL, chunkSize: Int = TextBuffer.chunkSize) throws {
        fileName = url.lastPathComponent
        storage = ByteStorage(capacity: max(chunkSize, 64))
        descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else {
            throw ReachError.fileRejected(file: fileName, reason: "cannot open the file (\(String(cString: strerror(errno)))); check that it exists and is readable")
        }
        try fill()
        try decodeStart(encodingFrom: storage.capacity)
    }

    /// Text already in memory (tests, and benchmark programs); all of it
    /// tells the encoding.
    init(bytes: [UInt8], name: String) throws {
        fileName = name
        storage = ByteStorage(capacity: max(bytes.count, 64))
        bytes.withUnsafeBufferPointer { if let b = $0.baseAddress { storage.pointer.update(from: b, count: bytes.count) } }
        end = bytes.count
        atEnd = true
        try decodeStart(encodingFrom: Int.max)
    }

    /// The bytes of a file read whole (``FileContents``), taken over
    /// without a copy; the first ``chunkSize`` bytes tell the encoding, as
    /// when the file is read in chunks. `isUTF8`: every byte is known to be
    /// valid UTF-8 already, so it is not checked again. (`encodingFrom`:
    /// tests make the first chunk small.)
    init(whole storage: ByteStorage, count: Int, isUTF8: Bool, name: String,
         encodingFrom chunk: Int = TextBuffer.chunkSize) throws {
        fileName = name
        self.storage = storage
        end = count
        atEnd = true
        if isUTF8 {
            // Valid UTF-8 cannot begin with a UTF-16 byte-order mark (FF FE, FE FF).
            start = TextEncoding.fromBOM(UnsafeRawBufferPointer(start: base, count: end)).bomLength
            validatedEnd = end
        } else {
            try decodeStart(encodingFrom: chunk)
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Marks `base[start ..< offset]` as read; it held `lineBreaks` line feeds.
    func consume(to offset: Int, lineBreaks: Int) {
        start = offset
        line += lineBreaks
    }

    /// Brings more text in: moves the unread text to the front and reads
    /// after it, growing the buffer when the unread text fills it.
    func refill() throws {
        guard !atEnd else { return }
        if start > 0 {
            let unread = end - start
            base.update(from: base + start, count: unread)
            validatedEnd -= start
            baseOffset += start
            end = unread
            start = 0
        }
        if end == storage.capacity {
            storage = storage.enlarged(to: storage.capacity * 2, keeping: end)
        }
        try fill()
        try validate()
    }

    /// Reads until the buffer is full or the file ends.
    private func fill() throws {
        while end < storage.capacity {
            let n = read(descriptor, base + end, storage.capacity - end)
            if n == 0 { atEnd = true; break }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReachError.fileRejected(file: fileName, reason: "cannot read the file (\(String(cString: strerror(errno)))); check that it is readable")
            }
            end += n
        }
        if atEnd, descriptor >= 0 { close(descriptor); descriptor = -1 }
    }

    /// Tells the encoding from the first chunk — at most `encodingFrom`
    /// bytes — and decodes it; validates the rest of the buffer too.
    private func decodeStart(encodingFrom chunk: Int) throws {
        let (bomEncoding, bomLength) = TextEncoding.fromBOM(UnsafeRawBufferPointer(start: base, count: end))
        switch bomEncoding {
        case .utf16LittleEndian, .utf16BigEndian:
            encoding = bomEncoding
            let all = try remainingBytes(from: bomLength)
            guard let text = all.withUnsafeBytes({ TextEncoding.transcodeUTF16($0, bigEndian: bomEncoding == .utf16BigEndian) }) else {
                throw ReachError.fileRejected(file: fileName, reason: "the file starts with a UTF-16 byte-order mark but is not valid UTF-16; export it again, preferably as UTF-8 CSV")
            }
            replace(with: text)
        default:
            start = bomLength
            validatedEnd = bomLength
            let firstEnd = max(start, min(end, chunk))
            let first = UTF8Validation.validate(UnsafeRawBufferPointer(start: base + start, count: firstEnd - start),
                                                atEnd: atEnd && firstEnd == end)
            if case .invalid(let offset) = first {
                guard bomLength == 0 else {
                    throw ReachError.fileRejected(file: fileName, reason: "the file starts with a UTF-8 byte-order mark but is not valid UTF-8 at \(position(ofBufferOffset: start + offset)); save it again as UTF-8 CSV")
                }
                let all = try remainingBytes(from: 0)
                guard let text = all.withUnsafeBytes({ TextEncoding.transcodeGB18030($0) }) else {
                    let bad = all.withUnsafeBytes { TextEncoding.firstInvalidGB18030($0) } ?? offset
                    let at = all.withUnsafeBytes { TextEncoding.position(in: $0, offset: bad, line: 1) }
                    throw ReachError.fileRejected(file: fileName, reason: "the bytes are neither UTF-8, UTF-16 (with byte-order mark) nor GB18030: the first byte that is not is at \(at); save the file as UTF-8 CSV and ingest it again")
                }
                encoding = .gb18030
                replace(with: text)
            } else if case .valid(let validEnd) = first {
                validatedEnd = start + validEnd
                try validate()
            }
        }
    }

    /// Checks the text read since the last check; throws on invalid UTF-8.
    private func validate() throws {
        let outcome = UTF8Validation.validate(UnsafeRawBufferPointer(start: base + validatedEnd, count: end - validatedEnd), atEnd: atEnd)
        switch outcome {
        case .valid(let validEnd):
            validatedEnd += validEnd
        case .invalid(let offset):
            throw ReachError.fileRejected(file: fileName, reason: "the file starts as UTF-8 but is not valid UTF-8 at \(position(ofBufferOffset: validatedEnd + offset)); save the file again as UTF-8 CSV")
        }
    }

    /// Where the byte at a buffer offset (at or after `start`) is: line,
    /// file offset and the line's first bytes in hex.
    private func position(ofBufferOffset offset: Int) -> String {
        TextEncoding.position(in: UnsafeRawBufferPointer(start: base, count: end), offset: offset, line: line,
                              lineCountedFrom: start, fileOffset: baseOffset)
    }

    /// The bytes from `offset` of the buffer to the end of the file.
    private func remainingBytes(from offset: Int) throws -> [UInt8] {
        var all = Array(UnsafeBufferPointer(start: base + offset, count: end - offset))
        if !atEnd {
            let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
            defer { block.deallocate() }
            while true {
                let n = try Fingerprint.fillBlock(fd: descriptor, block, file: fileName)
                all.append(contentsOf: block[0 ..< n])
                if n < block.count { break }
            }
            atEnd = true
            close(descriptor)
            descriptor = -1
        }
        return all
    }

    /// Makes `text` (decoded, complete) the whole buffer.
    private func replace(with text: [UInt8]) {
        storage = ByteStorage(capacity: max(text.count, 64))
        text.withUnsafeBufferPointer { if let b = $0.baseAddress { base.update(from: b, count: text.count) } }
        start = 0
        end = text.count
        validatedEnd = end
        atEnd = true
    }
}
