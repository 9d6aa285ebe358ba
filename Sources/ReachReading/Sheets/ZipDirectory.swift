import Foundation
import ZIPFoundation

/// The bytes of a zip archive, read at any offset: a file, or bytes in memory.
final class ZipBytes {
    /// The archive's length in bytes.
    let count: UInt64
    private let handle: FileHandle?
    private let data: Data?

    init(url: URL) throws {
        let handle = try FileHandle(forReadingFrom: url)
        self.handle = handle
        data = nil
        count = try handle.seekToEnd()
    }

    init(data: Data) {
        handle = nil
        self.data = data
        count = UInt64(data.count)
    }

    deinit { try? handle?.close() }

    /// The `length` bytes at `offset`, or `nil` when the archive does not
    /// hold them all.
    func read(_ offset: UInt64, _ length: Int) -> Data? {
        guard length >= 0, offset <= count, UInt64(length) <= count - offset else { return nil }
        if let data {
            let start = data.startIndex + Int(offset)
            return data.subdata(in: start ..< start + length)
        }
        guard let handle else { return nil }
        do {
            try handle.seek(toOffset: offset)
            let chunk = try handle.read(upToCount: length) ?? Data()
            return chunk.count == length ? chunk : nil
        } catch {
            return nil
        }
    }
}

/// One file of a zip archive, as its central directory describes it.
struct ZipEntry: Equatable {
    /// The name as stored (UTF-8; names are ASCII in every workbook).
    var path: String
    var flags: UInt16
    var method: UInt16
    var crc32: UInt32
    var compressedSize: UInt64
    var uncompressedSize: UInt64
    var localHeaderOffset: UInt64

    var isDirectory: Bool { path.hasSuffix("/") }
}

/// A zip archive's central directory ([APPNOTE.TXT] 4.3: the end of
/// central directory record, its ZIP64 form, the central directory headers)
/// and its entries' data, inflated in chunks.
///
/// The xlsx reader reads parts itself rather than through ZIPFoundation's
/// `Archive.extract`, whose Linux inflate loop (0.9.20) reads each chunk
/// past the bytes the archive gave (it tells zlib every chunk is a whole
/// buffer long), goes on reading past the entry into the rest of the
/// file, and spins forever once the file ends before the deflate stream
/// does. Here an entry's data is bounded by its compressed size and the
/// stream must end within it. Inflating is still zlib's, through
/// ZIPFoundation's public `Data.decompress`, fed whole buffers only.
enum ZipDirectory {
    /// Why an entry's data cannot be read; `detail` completes
    /// "the workbook is damaged (…)".
    struct Damage: Error, Equatable {
        var detail: String
    }

    /// The entries in central directory order; `nil` when there is no end
    /// of central directory record, or the directory it points at is not
    /// all there or not well-formed (a file cut short or corrupt).
    static func entries(of zip: ZipBytes) -> [ZipEntry]? {
        guard let end = endRecord(of: zip) else { return nil }
        guard end.size <= end.offset, end.directoryOffset <= end.offset - end.size,
              end.size <= UInt64(Int.max), end.count <= end.size / 46,
              let directory = zip.read(end.directoryOffset, Int(end.size)).map([UInt8].init)
        else { return nil }
        var entries: [ZipEntry] = []
        entries.reserveCapacity(Int(end.count))
        var at = 0
        for _ in 0 ..< end.count {
            guard at + 46 <= directory.count, le32(directory, at) == 0x0201_4B50 else { return nil }
            let nameLength = Int(le16(directory, at + 28)), extraLength = Int(le16(directory, at + 30))
            let commentLength = Int(le16(directory, at + 32))
            let next = at + 46 + nameLength + extraLength + commentLength
            guard next <= directory.count else { return nil }
            var entry = ZipEntry(
                path: String(decoding: directory[at + 46 ..< at + 46 + nameLength], as: UTF8.self),
                flags: le16(directory, at + 8), method: le16(directory, at + 10), crc32: le32(directory, at + 16),
                compressedSize: UInt64(le32(directory, at + 20)), uncompressedSize: UInt64(le32(directory, at + 24)),
                localHeaderOffset: UInt64(le32(directory, at + 42)))
            // ZIP64: a field at 0xFFFFFFFF is in the extra field 0x0001, in this order.
            if entry.uncompressedSize == 0xFFFF_FFFF || entry.compressedSize == 0xFFFF_FFFF
                || entry.localHeaderOffset == 0xFFFF_FFFF {
                guard var values = zip64Values(directory[at + 46 + nameLength ..< at + 46 + nameLength + extraLength])
                else { return nil }
                func take(_ field: inout UInt64) -> Bool {
                    guard field == 0xFFFF_FFFF else { return true }
                    guard !values.isEmpty else { return false }
                    field = values.removeFirst()
                    return true
                }
                guard take(&entry.uncompressedSize), take(&entry.compressedSize), take(&entry.localHeaderOffset)
                else { return nil }
            }
            entries.append(entry)
            at = next
        }
        return entries
    }

    /// Calls `consumer` with the data of `entry`, inflated, in chunks of at
    /// most `chunk` bytes, until it ends or `consumer` throws (which comes
    /// out unchanged). Throws ``Damage`` when the data is not all in the
    /// archive, uses a method other than stored or deflate, is encrypted,
    /// or its deflate stream is broken or does not end within it. The CRC
    /// is left to the caller.
    static func inflate(_ entry: ZipEntry, in zip: ZipBytes, chunk: Int = 1 << 16,
                        _ consumer: (Data) throws -> Void) throws {
        let name = entry.path
        guard entry.flags & 1 == 0 else { throw Damage(detail: "\(name) is encrypted") }
        guard let header = zip.read(entry.localHeaderOffset, 30).map([UInt8].init),
              le32(header, 0) == 0x0403_4B50 else {
            throw Damage(detail: "\(name) has no local header where the zip directory says")
        }
        let start = entry.localHeaderOffset + 30 + UInt64(le16(header, 26)) + UInt64(le16(header, 28))
        let size = entry.compressedSize
        guard start <= zip.count, size <= zip.count - start else {
            throw Damage(detail: "\(name) is cut short: its data runs past the end of the file")
        }
        switch entry.method {
        case 0:  // stored
            guard size == entry.uncompressedSize else {
                throw Damage(detail: "\(name) is stored with two different sizes")
            }
            var position: UInt64 = 0
            while position < size {
                let length = Int(min(UInt64(chunk), size - position))
                guard let data = zip.read(start + position, length) else {
                    throw Damage(detail: "\(name) is cut short: its data runs past the end of the file")
                }
                position += UInt64(length)
                try consumer(data)
            }
        case 8:  // deflate
            guard size > 0 else { throw Damage(detail: "\(name) has no compressed data") }
            // ZIPFoundation's loop hands zlib a whole buffer of input
            // whatever the provider returned, so every chunk is a whole
            // buffer: data of at most `chunk` bytes is one chunk of its own
            // size; longer data comes in `chunk`-byte chunks, the last one
            // padded with zeros (read only when the stream has not ended
            // by then, which the CRC then catches). Past the data the
            // provider throws instead of returning nothing, on which the
            // loop would spin.
            let buffer = size <= UInt64(chunk) ? Int(size) : chunk
            var position: UInt64 = 0
            let provider: Provider = { _, _ in
                guard position < size else {
                    throw Damage(detail: "\(name) cannot be unpacked: its deflate stream does not end within its data")
                }
                let length = Int(min(UInt64(buffer), size - position))
                guard var data = zip.read(start + position, length) else {
                    throw Damage(detail: "\(name) is cut short: its data runs past the end of the file")
                }
                position += UInt64(length)
                if length < buffer { data.append(Data(count: buffer - length)) }
                return data
            }
            // What the consumer throws comes out as it is; anything else
            // zlib or ZIPFoundation throws is a broken stream.
            var consumerError: (any Error)?
            do {
                _ = try Data.decompress(size: Int64(size), bufferSize: buffer, skipCRC32: true, provider: provider) { data in
                    do {
                        try consumer(data)
                    } catch {
                        consumerError = error
                        throw error
                    }
                }
            } catch let damage as Damage {
                throw damage
            } catch {
                if let consumerError { throw consumerError }
                throw Damage(detail: "\(name) cannot be unpacked: its deflate stream is broken")
            }
        default:
            throw Damage(detail: "\(name) is compressed with zip method \(entry.method), which Excel never uses")
        }
    }

    // MARK: The end of central directory record

    private struct EndRecord {
        /// Where the record starts (the central directory must end before it).
        var offset: UInt64
        var count: UInt64
        var size: UInt64
        var directoryOffset: UInt64
    }

    /// The end of central directory record: the last `PK\5\6` in the final
    /// 64 KB + 22 bytes (the record and a comment of at most 65,535 bytes),
    /// with its ZIP64 record when it defers to one.
    private static func endRecord(of zip: ZipBytes) -> EndRecord? {
        guard zip.count >= 22 else { return nil }
        let windowStart = zip.count > 22 + 0xFFFF ? zip.count - 22 - 0xFFFF : 0
        guard let window = zip.read(windowStart, Int(zip.count - windowStart)).map([UInt8].init) else { return nil }
        var at = window.count - 22
        while at >= 0, le32(window, at) != 0x0605_4B50 { at -= 1 }
        guard at >= 0 else { return nil }
        let offset = windowStart + UInt64(at)
        var record = EndRecord(offset: offset, count: UInt64(le16(window, at + 10)),
                               size: UInt64(le32(window, at + 12)), directoryOffset: UInt64(le32(window, at + 16)))
        if record.count == 0xFFFF || record.size == 0xFFFF_FFFF || record.directoryOffset == 0xFFFF_FFFF {
            // The ZIP64 end of central directory locator sits just before.
            guard offset >= 20, let locator = zip.read(offset - 20, 20).map([UInt8].init),
                  le32(locator, 0) == 0x0706_4B50 else { return nil }
            let recordOffset = le64(locator, 8)
            guard recordOffset < offset, let zip64 = zip.read(recordOffset, 56).map([UInt8].init),
                  le32(zip64, 0) == 0x0606_4B50 else { return nil }
            record = EndRecord(offset: recordOffset, count: le64(zip64, 32), size: le64(zip64, 40),
                               directoryOffset: le64(zip64, 48))
        }
        return record
    }

    /// The 8-byte values of a ZIP64 extended information extra field (0x0001).
    private static func zip64Values(_ extra: ArraySlice<UInt8>) -> [UInt64]? {
        let bytes = Array(extra)
        var at = 0
        while at + 4 <= bytes.count {
            let id = le16(bytes, at), length = Int(le16(bytes, at + 2))
            guard at + 4 + length <= bytes.count else { return nil }
            if id == 0x0001 {
                return stride(from: at + 4, to: at + 4 + length - 7, by: 8).map { le64(bytes, $0) }
            }
            at += 4 + length
        }
        return nil
    }

    private static func le16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }

    private static func le32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }

    private static func le64(_ b: [UInt8], _ i: Int) -> UInt64 {
        UInt64(le32(b, i)) | UInt64(le32(b, i + 4)) << 32
    }
}
