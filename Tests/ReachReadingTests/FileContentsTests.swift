import Foundation
import ReachTestSupport
import Testing
import ReachModel
@testable import ReachReading

/// A file read once (``FileContents``): its fingerprint is the one a
/// separate pass gives, and the reader parses its bytes exactly as it
/// parses the file read from disk in chunks.
@Suite struct FileContentsTests {
    let tmp = TempFolder()

    func write(_ bytes: [UInt8], name: String = "checkins-\(UUID().uuidString).csv") -> URL {
        URL(fileURLWithPath: tmp.write(name, bytes))
    }

    /// Sizes around the fingerprint's 32-byte stripes and the 256 KiB
    /// blocks of the first pass, read whole and (over a tiny limit) hashed
    /// in a pass of their own.
    @Test func theFingerprintIsTheSeparatePassOnesAtEverySize() throws {
        let block = 256 << 10
        for size in [0, 1, 31, 32, 33, 4095, block - 1, block, block + 1, 3 * block + 17] {
            let bytes = (0 ..< size).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 9) }
            let url = write(bytes)
            let expected = try Fingerprint.of(fileAt: url)
            let whole = try FileContents(url: url)
            #expect(whole.isWhole && whole.count == size)
            #expect(whole.fingerprint == expected, "\(size) bytes read whole")
            #expect(whole.fingerprint == Fingerprint.of(bytes: bytes))
            let large = try FileContents(url: url, wholeFileLimit: size - 1)
            #expect(!large.isWhole)
            #expect(large.fingerprint == expected, "\(size) bytes hashed in a pass of their own")
        }
    }

    @Test func aFileThatCannotBeOpenedIsRejectedAsTheFingerprintRejectsIt() throws {
        let missing = tmp.fileURL("checkins-missing.csv")
        var reasons: [String] = []
        for attempt in [{ _ = try FileContents(url: missing) }, { _ = try Fingerprint.of(fileAt: missing) }] {
            do { try attempt() } catch ReachError.fileRejected(_, let reason) { reasons.append(reason) }
        }
        #expect(reasons.count == 2 && reasons[0] == reasons[1] && reasons[0].contains("cannot open the file"))
    }

    /// UTF-8 (with and without BOM), UTF-16 and GB18030 files give the same
    /// rows, rejects and line numbers from memory as from disk.
    @Test func aFileReadWholeGivesTheRowsOfTheFileReadInChunks() throws {
        let text = "打卡统计 2026年11月\n学号,时间,渠道\nS1,2026-11-03 08:00:00,小程序\nS2,bad,x\n\nS3,2026-11-03 09:00:00,\n"
        let units = Array(text.utf16)
        let gb18030 = try #require(text.data(using: String.Encoding(rawValue: 0x8000_0632)))
        let variants: [[UInt8]] = [Array(text.utf8), [0xEF, 0xBB, 0xBF] + Array(text.utf8),
                                   [0xFF, 0xFE] + units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] },
                                   [UInt8](gb18030)]
        for (k, bytes) in variants.enumerated() {
            let url = write(bytes)
            let contents = try FileContents(url: url)
            #expect(contents.format == .text)
            #expect(contents.isUTF8 == (k < 2), "variant \(k)")
            let fromMemory = try rows(FileReader(contents: contents, zone: shanghai))
            let fromDisk = try rows(FileReader(url: url, zone: shanghai))
            #expect(fromMemory.events == fromDisk.events && fromMemory.rejects == fromDisk.rejects, "variant \(k)")
            #expect(fromMemory.events.count == 2 && fromMemory.rejects.map(\.line) == [4], "variant \(k)")
        }
    }

    struct Rows {
        var events: [String] = []
        var rejects: [RowReject] = []
    }

    func rows(_ reader: FileReader) throws -> Rows {
        var rows = Rows()
        try reader.forEachBatch { batch in
            rows.rejects += batch.rejects
            if case .events(let e) = batch.rows {
                rows.events += e.rows.map { "\(e.memberIDs[Int($0.member)]) \($0.instant) \(e.attributes[Int($0.attributes)].channel)" }
            }
        }
        return rows
    }

    /// The encoding is told from the first chunk, as when reading from
    /// disk: a bad byte after it rejects the file as not UTF-8 (naming its
    /// line and offset) rather than turning it into GB18030.
    @Test func aBadByteAfterTheFirstChunkRejectsTheFileAsWhenReadInChunks() throws {
        var bytes = Array("member_id,time\n".utf8)
        for i in 0 ..< 2000 { bytes += Array("S\(i),2026-11-03 08:00:00\n".utf8) }
        let offset = bytes.count + 3
        bytes += Array("S2x".utf8) + [0xC3, 0x28] + Array(",2026-11-03 08:00:00\n".utf8)
        let storage = ByteStorage(capacity: bytes.count)
        storage.withBytes { $0.copyBytes(from: bytes) }
        var reason = ""
        do {
            _ = try TextBuffer(whole: storage, count: bytes.count, isUTF8: false, name: "checkins.csv", encodingFrom: 4096)
        } catch ReachError.fileRejected(_, let r) {
            reason = r
        }
        #expect(reason.contains("not valid UTF-8 at line 2002 (byte \(offset) of the file, 0xC3)"), "\(reason)")
    }

    /// The block of a file read whole is lent again once its reader has let
    /// go of it, never while it is held.
    @Test func aReadBufferIsLentAgainOnlyWhenFree() throws {
        let url = write(Array("member_id,time\nS1,2026-11-03 08:00:00\n".utf8))
        let buffers = ReadBuffers()
        let first = try FileContents(url: url, buffers: buffers)
        var second: FileContents? = try FileContents(url: url, buffers: buffers)
        let block = ObjectIdentifier(try #require(second?.storage))
        #expect(ObjectIdentifier(try #require(first.storage)) != block, "the first file still holds its block")
        second = nil
        let third = try FileContents(url: url, buffers: buffers)
        #expect(ObjectIdentifier(try #require(third.storage)) == block, "the second file's block is free again")
        withExtendedLifetime(first) {}
    }
}
