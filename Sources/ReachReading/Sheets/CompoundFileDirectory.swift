import Foundation

/// The stream names in an OLE2 compound file's directory ([MS-CFB]), read
/// with a few small seeks, without reading the streams.
///
/// Used before FreeXL to tell what an OLE2 file that is not a plain `.xls`
/// is: a password-protected `.xlsx`/`.docx` is an OLE2 file holding an
/// `EncryptedPackage` stream (and `EncryptionInfo`), which FreeXL only
/// reports as "no workbook".
enum CompoundFileDirectory {
    /// The OLE2 signature, the first 8 bytes of every compound file.
    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// Most directory sectors followed (a directory of 4 entries per 512-byte
    /// sector; real files have a handful). Stops a looping chain.
    static let maxDirectorySectors = 4096

    /// The names of the directory entries (storages and streams) of the
    /// compound file at `url`, in directory order; `nil` when the file is
    /// no compound file or its header or directory chain is broken.
    static func entryNames(of url: URL) -> [String]? {
        reading(url, unreadable: nil) { entryNames(read: $0) }
    }

    /// Opens the file at `url` and calls `body` with a `read(offset, count)`
    /// that seeks and reads exactly `count` bytes (`nil` when they are not
    /// there); `unreadable` when the file cannot be opened.
    private static func reading<T>(_ url: URL, unreadable: T, _ body: ((UInt64, Int) -> [UInt8]?) -> T) -> T {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return unreadable }
        defer { try? handle.close() }
        return body { offset, count in
            do {
                try handle.seek(toOffset: offset)
                let data = try handle.read(upToCount: count) ?? Data()
                return data.count == count ? [UInt8](data) : nil
            } catch { return nil }
        }
    }

    /// The entry names, reading the file through `read(offset, count)`
    /// (`nil` when those bytes are not there).
    static func entryNames(read: (UInt64, Int) -> [UInt8]?) -> [String]? {
        guard let header = read(0, 512), Array(header[0 ..< 8]) == signature else { return nil }
        let shift = Int(le16(header, 0x1E))
        guard shift == 9 || shift == 12 else { return nil }
        let sectorSize = 1 << shift
        let fatSectorCount = Int(le32(header, 0x2C))
        let firstDirectorySector = le32(header, 0x30)
        var difatSector = le32(header, 0x44)
        let difatSectorCount = Int(le32(header, 0x48))

        // Where each sector lives: sector s starts at (s + 1) * sectorSize.
        func sectorOffset(_ s: UInt32) -> UInt64 { (UInt64(s) + 1) * UInt64(sectorSize) }

        // The FAT's own sectors: 109 in the header, the rest in the DIFAT chain.
        var fatSectors: [UInt32] = (0 ..< 109).map { le32(header, 0x4C + 4 * $0) }
        var difatRead = 0
        while fatSectors.count < fatSectorCount, difatSector < 0xFFFF_FFFA, difatRead < difatSectorCount {
            guard let sector = read(sectorOffset(difatSector), sectorSize) else { return nil }
            let perSector = sectorSize / 4 - 1
            fatSectors += (0 ..< perSector).map { le32(sector, 4 * $0) }
            difatSector = le32(sector, sectorSize - 4)
            difatRead += 1
        }
        let entriesPerFATSector = sectorSize / 4
        func next(_ s: UInt32) -> UInt32? {
            let index = Int(s) / entriesPerFATSector
            guard index < min(fatSectorCount, fatSectors.count) else { return nil }
            let fatSector = fatSectors[index]
            guard fatSector < 0xFFFF_FFFA,
                  let entry = read(sectorOffset(fatSector) + UInt64(4 * (Int(s) % entriesPerFATSector)), 4)
            else { return nil }
            return le32(entry, 0)
        }

        var names: [String] = []
        var sector = firstDirectorySector
        var visited = 0
        while sector < 0xFFFF_FFFA {
            visited += 1
            guard visited <= maxDirectorySectors, let bytes = read(sectorOffset(sector), sectorSize) else { return nil }
            for entry in stride(from: 0, to: sectorSize, by: 128) {
                let type = bytes[entry + 66]
                guard type == 1 || type == 2 || type == 5 else { continue }  // storage, stream, root
                let length = min(Int(le16(bytes, entry + 64)), 64)
                let units = (0 ..< max(0, length / 2 - 1)).map { le16(bytes, entry + 2 * $0) }
                names.append(String(decoding: units, as: UTF16.self))
            }
            guard let following = next(sector) else { return nil }
            sector = following
        }
        return names
    }

    /// Whether an entry of the directory sector FreeXL 1.0.6 reads claims a
    /// name longer than the 64 bytes [MS-CFB] allows (2.6.1: at most 32
    /// UTF-16 units with the terminating null) — a damaged or hostile file.
    ///
    /// FreeXL converts each entry name of that sector with the length the
    /// entry gives (up to 65,535 bytes), reading past the 128-byte entry and
    /// its 4 KB sector buffer, so such a file must not reach it. The sector
    /// is the one FreeXL reads: the header's first directory sector, found
    /// at `(sector + 1) × sector size` computed in 32 bits as FreeXL does
    /// (the same place for any sector inside a file FreeXL is given). `false`
    /// when there is no such sector to read (FreeXL then fails on its own).
    static func hasOverlongName(of url: URL) -> Bool {
        reading(url, unreadable: false) { hasOverlongName(read: $0) }
    }

    /// ``hasOverlongName(of:)``, reading the file through `read(offset, count)`.
    static func hasOverlongName(read: (UInt64, Int) -> [UInt8]?) -> Bool {
        guard let header = read(0, 512), Array(header[0 ..< 8]) == signature else { return false }
        let shift = Int(le16(header, 0x1E))
        guard shift == 9 || shift == 12 else { return false }
        let sectorSize = UInt32(1) << shift
        let offset = (le32(header, 0x30) &+ 1) &* sectorSize
        guard let sector = read(UInt64(offset), Int(sectorSize)) else { return false }
        return stride(from: 0, to: Int(sectorSize), by: 128).contains { le16(sector, $0 + 64) > 64 }
    }

    /// Whether the directory names an `EncryptedPackage` stream: an
    /// encrypted Office Open XML file (`.xlsx`, `.docx` with a password).
    static func isEncryptedPackage(_ names: [String]) -> Bool {
        names.contains("EncryptedPackage")
    }

    private static func le16(_ b: [UInt8], _ i: Int) -> UInt16 {
        UInt16(b[i]) | UInt16(b[i + 1]) << 8
    }

    private static func le32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }
}
