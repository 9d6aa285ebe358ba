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
/// like a UTF-16 file (told by its BOM), is transcoded to UTF-8 a piece at
/// a time as the buffer is refilled (``Transcoder``), so that decoding
/// needs no more memory for a large file than for a small one. A file whose
/// first chunk is valid UTF-8 but a later one is not is rejected as
/// undecodable rather than re-read in another encoding; for a file read
/// whole, its first 16 MiB (``chunkSize``) play the first chunk's part.
///
/// The buffer grows only for a record longer than itself, which the record
/// limit (``ReachModel/MemoryBudget/recordBytes``, far below ``chunkSize``)
/// does not let happen: an over-long line is skipped (``skipLine()``).
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
    /// Decodes a UTF-16 or GB18030 file into the buffer; `nil` for UTF-8.
    private var transcoder: Transcoder?
    /// Capacity of the buffer a transcoded file is decoded into.
    private let chunkSize: Int

    /// Opens a file and reads (and decodes) its first chunk.
    init(url: URL, chunkSize: Int = TextBuffer.chunkSize) throws {
        fileName = url.lastPathComponent
        self.chunkSize = max(chunkSize, 64)
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
    init(bytes: [UInt8], name: String, chunkSize: Int = TextBuffer.chunkSize) throws {
        fileName = name
        self.chunkSize = max(chunkSize, 64)
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
        chunkSize = max(chunk, 64)
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
        if storage.capacity - end < Transcoder.characterRoom {
            storage = storage.enlarged(to: storage.capacity * 2, keeping: end)
        }
        try fill()
        try validate()
    }

    /// Reads (or decodes) until the buffer is full or the file ends.
    private func fill() throws {
        if let transcoder {
            while !transcoder.atEnd {
                let n = try transcoder.decode(into: base + end, room: storage.capacity - end)
                if n == 0 { break }
                end += n
            }
            atEnd = transcoder.atEnd
            validatedEnd = end  // UTF-8 made by the transcoder
            return
        }
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
            try transcode(bomEncoding, from: bomLength)
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
                try transcode(.gb18030, from: 0)
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

    /// Hands the file's bytes from buffer offset `offset` on (and the rest
    /// of the file) to a ``Transcoder``, and decodes the first chunk of text
    /// into a buffer of its own.
    private func transcode(_ encoding: TextEncoding, from offset: Int) throws {
        self.encoding = encoding
        // A file held whole needs no more room than its UTF-8 can take.
        let room = atEnd ? min(chunkSize, (end - offset) * 3 + Transcoder.characterRoom) : chunkSize
        transcoder = Transcoder(encoding: encoding, fileName: fileName, raw: storage, start: offset, end: end,
                                descriptor: atEnd ? -1 : descriptor, fileOffset: baseOffset + offset)
        if atEnd, descriptor >= 0 { close(descriptor) }
        descriptor = -1
        storage = ByteStorage(capacity: max(room, 64))
        start = 0
        end = 0
        validatedEnd = 0
        atEnd = false
        try fill()
    }

    /// Skips the rest of the line at ``start``, its line feed included,
    /// reading on as far as it goes (an over-long record's line, whose text
    /// is not kept).
    func skipLine() throws {
        while true {
            let lineEnd = RecordScanner.lineFeed(in: base, from: start, to: end)
            if lineEnd < end {
                consume(to: lineEnd + 1, lineBreaks: 1)
                return
            }
            consume(to: end, lineBreaks: 0)
            if atEnd { return }
            try refill()
        }
    }
}
