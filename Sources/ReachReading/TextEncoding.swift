import Foundation

/// How a file's bytes are turned into the UTF-8 text the scanner reads
/// (SPEC 1.2).
///
/// UTF-8 files, the common and large case, are streamed chunk by chunk and
/// only validated. UTF-16 (with BOM) and GB18030 files, which come from Excel
/// exports and are small, are transcoded to UTF-8 as a whole in memory.
enum TextEncoding: Equatable {
    case utf8
    case utf16LittleEndian
    case utf16BigEndian
    case gb18030

    /// The encoding told by a byte-order mark, and the BOM length; plain UTF-8
    /// (BOM length 0) when there is none.
    static func fromBOM(_ head: UnsafeRawBufferPointer) -> (TextEncoding, bomLength: Int) {
        let b = head.count
        if b >= 3, head[0] == 0xEF, head[1] == 0xBB, head[2] == 0xBF { return (.utf8, 3) }
        if b >= 2, head[0] == 0xFF, head[1] == 0xFE { return (.utf16LittleEndian, 2) }
        if b >= 2, head[0] == 0xFE, head[1] == 0xFF { return (.utf16BigEndian, 2) }
        return (.utf8, 0)
    }

    /// UTF-8 bytes of UTF-16 code units (BOM already removed); `nil` when
    /// the units are not valid UTF-16 (odd length, unpaired surrogate).
    static func transcodeUTF16(_ bytes: UnsafeRawBufferPointer, bigEndian: Bool) -> [UInt8]? {
        guard bytes.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 3 / 2)
        let count = bytes.count / 2
        var i = 0
        @inline(__always) func unit(_ k: Int) -> UInt32 {
            let x = UInt32(bytes[2 * k]), y = UInt32(bytes[2 * k + 1])
            return bigEndian ? x << 8 | y : y << 8 | x
        }
        while i < count {
            var scalar = unit(i)
            i += 1
            if scalar >= 0xD800 && scalar < 0xDC00 {
                guard i < count else { return nil }
                let low = unit(i)
                guard low >= 0xDC00 && low < 0xE000 else { return nil }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                i += 1
            } else if scalar >= 0xDC00 && scalar < 0xE000 {
                return nil
            }
            appendUTF8(scalar, to: &out)
        }
        return out
    }

    /// UTF-8 bytes of GB18030 text; `nil` when the bytes are not GB18030.
    static func transcodeGB18030(_ bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        let gb18030 = String.Encoding(rawValue: 0x8000_0632)  // kCFStringEncodingGB_18030_2000
        guard let text = String(data: Data(bytes), encoding: gb18030) else { return nil }
        return Array(text.utf8)
    }

    /// Offset of the first byte sequence that is not well-formed GB18030
    /// (one byte 00–7F; two bytes 81–FE then 40–7E or 80–FE; four bytes
    /// 81–FE 30–39 81–FE 30–39), or `nil` when every sequence is.
    static func firstInvalidGB18030(_ bytes: UnsafeRawBufferPointer) -> Int? {
        let n = bytes.count
        var i = 0
        while i < n {
            let b0 = bytes[i]
            if b0 < 0x80 { i += 1; continue }
            guard b0 >= 0x81 && b0 <= 0xFE && i + 1 < n else { return i }
            let b1 = bytes[i + 1]
            if (0x40 ... 0x7E).contains(b1) || (0x80 ... 0xFE).contains(b1) { i += 2; continue }
            guard (0x30 ... 0x39).contains(b1), i + 3 < n, (0x81 ... 0xFE).contains(bytes[i + 2]),
                  (0x30 ... 0x39).contains(bytes[i + 3]) else { return i }
            i += 4
        }
        return nil
    }

    /// Where an undecodable byte is, for a whole-file reject reason:
    /// `line 12 (byte 345 of the file, 0xFF); the line starts 31 32 2C FF …`.
    ///
    /// - Parameters:
    ///   - text: bytes holding the bad byte and, ideally, its whole line.
    ///   - offset: the bad byte's offset in `text`.
    ///   - line: the line number of `text[lineCountedFrom]`.
    ///   - fileOffset: the file offset of `text[0]`.
    static func position(in text: UnsafeRawBufferPointer, offset: Int, line: Int, lineCountedFrom: Int = 0,
                         fileOffset: Int = 0) -> String {
        var lineNumber = line
        var lineStart = lineCountedFrom
        for i in lineCountedFrom ..< offset where text[i] == 0x0A {
            lineNumber += 1
            lineStart = i + 1
        }
        var lineEnd = offset
        while lineEnd < text.count && text[lineEnd] != 0x0A { lineEnd += 1 }
        let shown = text[lineStart ..< min(lineEnd, lineStart + 24, max(offset + 1, lineStart + 16))]
        let hex = shown.map { String(format: "%02X", $0) }.joined(separator: " ")
        let more = lineStart + shown.count < lineEnd ? " …" : ""
        return "line \(lineNumber) (byte \(fileOffset + offset) of the file, 0x\(String(format: "%02X", text[offset]))); the line starts \(hex)\(more)"
    }

    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6)); out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12)); out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18)); out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F)); out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}

/// Strict UTF-8 validation (no overlongs, no surrogates, nothing above
/// U+10FFFF), with an 8-bytes-at-a-time path over ASCII runs.
enum UTF8Validation {
    /// The outcome of validating a prefix of a stream.
    enum Outcome: Equatable {
        /// Valid up to `validEnd`; bytes after it start a sequence that the
        /// next bytes may complete.
        case valid(validEnd: Int)
        /// An invalid sequence starts at `offset`.
        case invalid(offset: Int)
    }

    /// Validates `bytes`; `atEnd` says no bytes follow, so an incomplete
    /// final sequence is invalid.
    static func validate(_ bytes: UnsafeRawBufferPointer, atEnd: Bool) -> Outcome {
        guard let base = bytes.baseAddress else { return .valid(validEnd: 0) }
        let n = bytes.count
        var i = 0
        let highs: UInt64 = 0x8080_8080_8080_8080
        while i < n {
            // ASCII runs: 32 bytes, then 8 bytes at a time.
            while i + 32 <= n {
                let any = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    | base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
                    | base.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)
                    | base.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)
                if any & highs != 0 { break }
                i += 32
            }
            if i + 8 <= n {
                let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if word & highs == 0 { i += 8; continue }
            }
            guard i < n else { break }  // the ASCII runs ended exactly at the end
            let b0 = base.load(fromByteOffset: i, as: UInt8.self)
            if b0 < 0x80 { i += 1; continue }
            // Most Chinese text: lead byte E1–EC, EE or EF and two
            // continuation bytes with no further range limits.
            if b0 >= 0xE1 && b0 != 0xED && b0 <= 0xEF && i + 2 < n {
                let b1 = base.load(fromByteOffset: i + 1, as: UInt8.self)
                let b2 = base.load(fromByteOffset: i + 2, as: UInt8.self)
                if b1 & 0xC0 == 0x80 && b2 & 0xC0 == 0x80 { i += 3; continue }
                return .invalid(offset: i)
            }
            let need: Int
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: return .invalid(offset: i)
            }
            for k in 1...need {
                if i + k >= n { return atEnd ? .invalid(offset: i) : .valid(validEnd: i) }
                let b = base.load(fromByteOffset: i + k, as: UInt8.self)
                if k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF) { return .invalid(offset: i) }
            }
            i += need + 1
        }
        return .valid(validEnd: n)
    }
}
