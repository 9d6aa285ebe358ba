import Foundation
import ReachTestSupport
import Testing
import ReachModel
@testable import ReachReading

@Suite struct EncodingTests {
    let text = "学号,时间,渠道\nS1,2026-11-03 08:00:00,小程序\n"
    let expected = (member: "S1", instant: utc(2026, 11, 3, 0), channel: "小程序")

    func check(_ bytes: [UInt8]) throws {
        let all = try read(bytes, name: "打卡.csv")
        #expect(all.kind == .checkins)
        #expect(all.records == 1)
        #expect(all.rejects.isEmpty)
        let e = try #require(all.events.first)
        #expect(e.member == expected.member)
        #expect(e.instant == expected.instant)
        #expect(e.channel == expected.channel)
    }

    @Test func utf8WithAndWithoutBOM() throws {
        try check(Array(text.utf8))
        try check([0xEF, 0xBB, 0xBF] + Array(text.utf8))
    }

    @Test func utf16LittleAndBigEndianWithBOM() throws {
        let units = Array(text.utf16)
        try check([0xFF, 0xFE] + units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        try check([0xFE, 0xFF] + units.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
    }

    @Test func gb18030() throws {
        // 学号,时间,渠道 / S1,...,小程序 written by hand in GBK code points.
        let xuehao: [UInt8] = [0xD1, 0xA7, 0xBA, 0xC5], shijian: [UInt8] = [0xCA, 0xB1, 0xBC, 0xE4]
        let qudao: [UInt8] = [0xC7, 0xFE, 0xB5, 0xC0], xiaochengxu: [UInt8] = [0xD0, 0xA1, 0xB3, 0xCC, 0xD0, 0xF2]
        let comma = Array(",".utf8), nl: [UInt8] = [0x0A]
        let bytes = xuehao + comma + shijian + comma + qudao + nl
            + Array("S1,2026-11-03 08:00:00,".utf8) + xiaochengxu + nl
        try check(bytes)
    }

    @Test func utf8ValidationFindsTheFirstBadSequenceAndWaitsForSplitOnes() {
        func check(_ bytes: [UInt8], atEnd: Bool = true) -> UTF8Validation.Outcome {
            bytes.withUnsafeBytes { UTF8Validation.validate($0, atEnd: atEnd) }
        }
        let ascii = Array(repeating: UInt8(ascii: "a"), count: 40)  // past the 32-byte fast path
        let chinese = Array("打卡，评论、转发 ok 是".utf8)
        #expect(check(ascii + chinese + ascii) == .valid(validEnd: 80 + chinese.count))
        // A three-byte character cut by the end of the buffer: wait for more, or invalid at the end.
        #expect(check(ascii + [0xE6, 0x98], atEnd: false) == .valid(validEnd: 40))
        #expect(check(ascii + [0xE6, 0x98]) == .invalid(offset: 40))
        // Bad continuation bytes, a UTF-16 surrogate (ED A0 80), an overlong form (E0 80 80), a lone continuation.
        #expect(check(ascii + [0xE6, 0x41, 0x80]) == .invalid(offset: 40))
        #expect(check(ascii + [0xE6, 0x98, 0xC0]) == .invalid(offset: 40))
        #expect(check(chinese + [0xED, 0xA0, 0x80]) == .invalid(offset: chinese.count))
        #expect(check([0x41, 0xE0, 0x80, 0x80]) == .invalid(offset: 1))
        #expect(check(ascii + [0x80]) == .invalid(offset: 40))
        #expect(check([0xED, 0x9F, 0xBF, 0xF0, 0x9F, 0x98, 0x80]) == .valid(validEnd: 7))  // U+D7FF, U+1F600
    }

    /// Text whose ASCII runs end exactly at its end: validation stops there
    /// and never reads the byte after it (found by scripts/fuzz).
    @Test func validationStopsAtTheEndOfAnAlignedASCIIRun() {
        for n in [8, 32, 64, 96] {
            var bytes = [UInt8](repeating: 0x41, count: n + 1)
            bytes[n] = 0xFF  // the byte after the text: outside, never looked at
            let outcome = bytes.withUnsafeBytes { UTF8Validation.validate(UnsafeRawBufferPointer(rebasing: $0[0 ..< n]), atEnd: true) }
            #expect(outcome == .valid(validEnd: n), "\(n) bytes")
        }
    }

    @Test func undecodableBytesRejectTheFile() throws {
        let reason = try #require(fileRejection(Array("member_id,time\n".utf8) + [0xFF, 0xFF, 0x0A], name: "checkins.csv"))
        #expect(reason.contains("neither UTF-8"))
        #expect(reason.contains("line 2 (byte 15 of the file, 0xFF); the line starts FF FF;"))
        let badUTF16 = fileRejection([0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00], name: "checkins.csv")
        #expect(badUTF16?.contains("UTF-16") == true)
    }

    /// The first byte that is neither UTF-8 nor GB18030 is named by line,
    /// file offset and the line's first bytes, past valid GB18030 text.
    @Test func undecodablePositionIsTheFirstByteGB18030Refuses() throws {
        // 学号 in GB18030 (D1 A7 BA C5), then a line with 0xFF (never valid in GB18030).
        let bytes: [UInt8] = [0xD1, 0xA7, 0xBA, 0xC5] + Array(",time\nS1,2026-11-03 08:00\nS2,".utf8) + [0xFF, 0x41, 0x0A]
        let reason = try #require(fileRejection(bytes, name: "checkins.csv"))
        #expect(reason.contains("line 3 (byte 33 of the file, 0xFF); the line starts 53 32 2C FF 41; save"), "\(reason)")
        #expect(bytes.withUnsafeBytes { TextEncoding.firstInvalidGB18030($0) } == 33)
        #expect(([0x81, 0x30, 0x81, 0x30, 0x41] as [UInt8]).withUnsafeBytes { TextEncoding.firstInvalidGB18030($0) } == nil)
        #expect(([0x41, 0x81, 0x30, 0x81] as [UInt8]).withUnsafeBytes { TextEncoding.firstInvalidGB18030($0) } == 1)
        #expect(([0xFF] as [UInt8]).withUnsafeBytes { TextEncoding.firstInvalidGB18030($0) } == 0)
    }

    /// A UTF-8 file that turns invalid in a later chunk names the line and
    /// the byte's offset in the whole file.
    @Test func invalidUTF8InALaterChunkNamesLineAndFileOffset() throws {
        var bytes = Array("member_id,time\n".utf8)
        for i in 0 ..< 2000 { bytes += Array("S\(i),2026-11-03 08:00:00\n".utf8) }
        let offset = bytes.count + 3
        bytes += Array("S2x".utf8) + [0xC3, 0x28] + Array(",2026-11-03 08:00:00\n".utf8)
        let tmp = TempFolder()
        let url = URL(fileURLWithPath: tmp.write("checkins.csv", bytes))
        let text = try TextBuffer(url: url, chunkSize: 4096)
        var reason = ""
        do {
            while !text.atEnd { text.consume(to: text.end - (text.end - text.start) / 2, lineBreaks: 0); try text.refill() }
        } catch ReachError.fileRejected(_, let r) {
            reason = r
        }
        #expect(reason.contains("(byte \(offset) of the file, 0xC3)"), "\(reason)")
    }

    @Test func fingerprintIsStableAndSameForFileAndBytes() throws {
        let bytes = (0 ..< 100_003).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let tmp = TempFolder()
        let url = URL(fileURLWithPath: tmp.write("fingerprinted", bytes))
        let a = Fingerprint.of(bytes: bytes)
        #expect(a.count == 32)
        #expect(a.allSatisfy { $0.isHexDigit })
        #expect(try Fingerprint.of(fileAt: url) == a)
        var changed = bytes
        changed[50_000] ^= 1
        #expect(Fingerprint.of(bytes: changed) != a)
        #expect(Fingerprint.of(bytes: bytes.dropLast()) != a)
        #expect(Fingerprint.of(bytes: [UInt8]()) != Fingerprint.of(bytes: [0]))
        #expect(Fingerprint.of(bytes: [0]) != Fingerprint.of(bytes: [0, 0]))
    }
}
