import Foundation
import ReachModel

/// One input file's bytes, read from disk once: its ``Fingerprint`` and,
/// for a file of up to ``wholeFileLimit`` bytes, the bytes themselves,
/// which ``FileReader/init(contents:kind:zone:batchRecords:dictionaries:memberIDWidth:)``
/// then reads without going back to the disk.
///
/// Ingest needs both the fingerprint (to skip bytes ingested before, SPEC
/// 1.5) and the text, and needs the fingerprint first. Reading the file once
/// into memory and hashing it there folds the two reads into one. A larger
/// file (a province's month of check-ins) is hashed in a pass of its own
/// and then streamed in chunks by the reader, so that memory stays bounded
/// whatever the file size; ingest overlaps that pass with the storing of
/// the previous file.
public final class FileContents {
    /// Files up to this size are read whole.
    public static let wholeFileLimit = 64 << 20

    public let url: URL
    /// The fingerprint of the file's bytes (``Fingerprint``).
    public let fingerprint: String
    /// The bytes, when the file was read whole; `nil` for a larger file.
    let storage: ByteStorage?
    /// How many bytes of ``storage`` the file filled.
    let count: Int
    /// The file's format, told by its first bytes (``SheetFormat/detect(_:)``);
    /// `nil` when a large file's first bytes could not be read again (its
    /// reader then says why).
    public let format: SheetFormat?
    /// The bytes held are valid UTF-8, every one of them (checked as they
    /// were read; `false` for a file not read whole).
    let isUTF8: Bool

    /// Reads the file at `url`: whole when it holds at most `wholeFileLimit`
    /// bytes, else only through the fingerprint. `buffers` lends the memory
    /// (pass one to every file of an ingest).
    ///
    /// - Throws: ``ReachModel/ReachError/fileRejected(file:reason:)`` when the
    ///   file cannot be opened or read, with the reasons ``Fingerprint/of(fileAt:)`` gives.
    public init(url: URL, wholeFileLimit: Int = FileContents.wholeFileLimit, buffers: ReadBuffers = ReadBuffers()) throws {
        self.url = url
        let name = url.lastPathComponent
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { throw Fingerprint.cannotOpen(name) }
        defer { close(fd) }
        var info = stat()
        let size = fstat(fd, &info) == 0 ? Int(info.st_size) : Int.max
        guard size <= wholeFileLimit else {
            fingerprint = try Fingerprint.of(fileAt: url)
            storage = nil
            count = 0
            format = try? SheetFormat.detect(url: url)
            isUTF8 = false
            return
        }
        // One byte to spare: a read that fills the block stops before the end
        // of the file, and the file may have grown since it was measured.
        var storage = buffers.buffer(capacity: max(size + 1, 64))
        var pass = FirstPass()
        while true {
            if pass.filled == storage.capacity {
                storage = storage.enlarged(to: storage.capacity * 2, keeping: pass.filled)
            }
            let atEnd = try storage.withBytes { try pass.readBlock(fd: fd, into: $0, file: name) }
            if atEnd { break }
        }
        self.storage = storage
        count = pass.filled
        fingerprint = pass.fingerprint.hexDigest
        isUTF8 = pass.isUTF8
        format = storage.withBytes { SheetFormat.detect(Array($0.prefix(min(pass.filled, SheetFormat.prefixLength)))) }
    }

    /// Whether the bytes are held (the file was read whole).
    public var isWhole: Bool { storage != nil }
}

/// Reading a file whole: block by block into one buffer, each block hashed
/// (``Fingerprint``) and checked as UTF-8 right after it arrives, while it
/// is still in the processor's cache — one trip through memory instead of
/// three.
private struct FirstPass {
    /// Bytes per read: a multiple of the fingerprint's 32-byte stripes,
    /// small enough to stay in a core's cache.
    static let block = 256 << 10

    /// Bytes read so far.
    private(set) var filled = 0
    private(set) var fingerprint = FingerprintState()
    /// Bytes before this offset are in the fingerprint (whole stripes,
    /// until the end of the file).
    private var hashedEnd = 0
    /// Bytes before this offset are valid UTF-8 (as a prefix of a stream).
    private var validEnd = 0
    private(set) var isUTF8 = true

    /// Reads the next block into `buffer[filled...]` (up to its end); returns
    /// whether the file ended.
    mutating func readBlock(fd: Int32, into buffer: UnsafeMutableRawBufferPointer, file: String) throws -> Bool {
        let room = min(Self.block, buffer.count - filled)
        let n = try Fingerprint.fillBlock(fd: fd, UnsafeMutableRawBufferPointer(rebasing: buffer[filled ..< filled + room]), file: file)
        let atEnd = n < room
        filled += n
        let hashed = atEnd ? filled : hashedEnd + (filled - hashedEnd) / 32 * 32
        fingerprint.absorb(UnsafeRawBufferPointer(rebasing: buffer[hashedEnd ..< hashed]), last: atEnd)
        hashedEnd = hashed
        if isUTF8 {
            switch UTF8Validation.validate(UnsafeRawBufferPointer(rebasing: buffer[validEnd ..< filled]), atEnd: atEnd) {
            case .valid(let end): validEnd += end
            case .invalid: isUTF8 = false
            }
        }
        return atEnd
    }
}

/// The memory files are read into, kept from one file to the next.
///
/// A file read whole needs a block as large as itself; a fresh block of
/// tens of megabytes costs a page fault (and the kernel's zeroing) for
/// every 4 KiB of it on first touch. Blocks are
/// kept and lent again once nobody holds them any more (the reader of an
/// earlier file has let go); there are as many as files are held at once
/// (two in an ingest: the file parsed and the file read ahead). One
/// thread at a time may ask for a block.
///
/// `@unchecked Sendable`: it is handed from thread to thread (an ingest
/// lends it to the thread that reads the next file ahead), and one thread
/// at a time uses it: the next file is read ahead only once the previous
/// read-ahead has finished.
public final class ReadBuffers: @unchecked Sendable {
    private var blocks: [ByteStorage] = []

    public init() {}

    /// A block of at least `capacity` bytes.
    func buffer(capacity: Int) -> ByteStorage {
        for k in blocks.indices where isKnownUniquelyReferenced(&blocks[k]) {
            if blocks[k].capacity < capacity { blocks[k] = ByteStorage(capacity: capacity) }  // free, but too small
            return blocks[k]
        }
        let fresh = ByteStorage(capacity: capacity)
        blocks.append(fresh)
        return fresh
    }
}

/// A block of bytes owned by one object and freed with it, so that a
/// buffer can change hands (a file read whole becomes a reader's text)
/// without anyone freeing it twice or too early.
final class ByteStorage {
    let capacity: Int
    /// Only ``withBytes(_:)`` and the text buffer that owns this storage
    /// touch the memory.
    let pointer: UnsafeMutablePointer<UInt8>

    init(capacity: Int) {
        self.capacity = capacity
        pointer = .allocate(capacity: capacity)
    }

    deinit { pointer.deallocate() }

    /// Calls `body` with the whole block.
    func withBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeMutableRawBufferPointer(start: pointer, count: capacity))
    }

    /// A larger block holding this one's first `count` bytes.
    func enlarged(to capacity: Int, keeping count: Int) -> ByteStorage {
        let bigger = ByteStorage(capacity: capacity)
        bigger.pointer.update(from: pointer, count: count)
        return bigger
    }
}
