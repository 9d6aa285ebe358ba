import Foundation
import Testing
import ReachModel
@testable import ReachReading

/// UTF-16 and GB18030 files are decoded a piece at a time (``Transcoder``):
/// the text must be exactly what decoding the whole file gives, wherever
/// the pieces are cut, and bad bytes late in a file still reject it.
@Suite struct StreamedDecodingTests {
    /// Text with every width of character: ASCII, two-byte and four-byte
    /// GB18030, a surrogate pair in UTF-16, U+FEFF and € (GB18030's 0x80).
    static let text: String = {
        var lines = "member_id,time,channel\n"
        for i in 0 ..< 400 {
            lines += "S\(i),2026-11-03 08:\(String(format: "%02d", i % 60)):00,小程序\u{FEFF}😀é€\(i % 7 == 0 ? "\u{20AC}" : "")\n"
        }
        return lines
    }()

    /// All the text a buffer gives, refilled in chunks of `chunk` bytes.
    static func decodedText(_ bytes: [UInt8], chunk: Int) throws -> String {
        let buffer = try TextBuffer(bytes: bytes, name: "checkins.csv", chunkSize: chunk)
        var text: [UInt8] = []
        while true {
            text += UnsafeBufferPointer(start: buffer.base + buffer.start, count: buffer.end - buffer.start)
            buffer.consume(to: buffer.end, lineBreaks: 0)
            if buffer.atEnd { break }
            try buffer.refill()
        }
        return String(decoding: text, as: UTF8.self)
    }

    @Test func gb18030InSmallPiecesIsTheWholeText() throws {
        let bytes = SheetFixtures.gb18030(Self.text) + [0x80]  // a last €, one byte
        for chunk in [64, 65, 97, 1 << 20] {
            #expect(try Self.decodedText(bytes, chunk: chunk) == Self.text + "€", "chunk \(chunk)")
        }
    }

    @Test func utf16InSmallPiecesIsTheWholeText() throws {
        let units = Array(Self.text.utf16)
        let little: [UInt8] = [0xFF, 0xFE] + units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big: [UInt8] = [0xFE, 0xFF] + units.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        for chunk in [64, 66, 1 << 20] {
            #expect(try Self.decodedText(little, chunk: chunk) == Self.text, "chunk \(chunk)")
            #expect(try Self.decodedText(big, chunk: chunk) == Self.text, "chunk \(chunk)")
        }
    }

    /// A file read from disk in chunks, rows and all.
    @Test func aLargeGB18030FileIsReadInChunks() throws {
        var text = "学号,打卡时间,打卡渠道\n"
        for i in 0 ..< 60_000 { text += "S\(i % 5000),2026-11-03 \(String(format: "%02d:%02d", i / 3600 % 24, i / 60 % 60)):\(String(format: "%02d", i % 60)),小程序打卡\n" }
        let bytes = SheetFixtures.gb18030(text)
        let all = try SheetFixtures.withFile(bytes, name: "打卡.csv") { url in
            let reader = try FileReader(url: url, zone: shanghai, batchRecords: 7_000)
            var all = ReadAll(kind: reader.kind)
            try reader.forEachBatch { all.batches.append($0) }
            return all
        }
        #expect(all.records == 60_000 && all.rejects.isEmpty)
        #expect(all.events.last?.channel == "小程序打卡")
    }

    /// Bad bytes far into a GB18030 file reject it, naming their line and offset.
    @Test func badBytesLateInAGB18030FileRejectIt() throws {
        let good = SheetFixtures.gb18030(Self.text)
        let bytes = good + Array("S9,2026-11-03 08:00:00,".utf8) + [0x81, 0x0A] + Array("S10,2026-11-03 08:00:00,\n".utf8)
        do {
            _ = try Self.decodedText(bytes, chunk: 64)
            Issue.record("not rejected")
        } catch ReachError.fileRejected(_, let reason) {
            #expect(reason.contains("line 402 (byte \(good.count + 23) of the file, 0x81)"), "\(reason)")
        }
    }

    @Test func anOddUTF16FileIsRejected() throws {
        let bytes: [UInt8] = [0xFF, 0xFE] + Array("a,b\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } + [0x41]
        for chunk in [64, 1 << 20] {
            #expect(throws: ReachError.self) { try Self.decodedText(bytes, chunk: chunk) }
        }
    }
}
