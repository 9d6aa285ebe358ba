import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Chunk-by-chunk conversion of a file's bytes to UTF-8 with iconv, for the
/// markup readers (HTML tables, SpreadsheetML): the parsers then only ever
/// see UTF-8, whatever the file declared (`GBK`, `GB2312`, `UTF-16`).
///
/// A multi-byte character split between two chunks is carried over; bytes
/// that are not valid in the source character set throw a ``SheetError``
/// naming the character set and the byte offset, so that nothing is read
/// garbled.
final class SheetTranscoder {
    /// The iconv name the file is read as (`GB18030`, `UTF-8`, `UTF-16LE`).
    let sourceName: String
    private let converter: iconv_t
    private var carry: [UInt8] = []
    private var consumed = 0

    /// A converter from `charset` (a name as files write it, mapped by
    /// ``iconvName(_:)``), or `nil` when iconv does not know it.
    init?(from charset: String) {
        sourceName = Self.iconvName(charset)
        let cd = iconv_open("UTF-8", sourceName)
        guard let cd, cd != iconv_t(bitPattern: -1) else { return nil }
        converter = cd
    }

    deinit { iconv_close(converter) }

    /// The iconv name for a character set as HTML and XML files name it.
    /// Every GB name is read as GB18030, its superset: pages labelled
    /// GB2312 routinely hold GBK characters, as browsers know.
    static func iconvName(_ charset: String) -> String {
        let name = charset.lowercased().filter { !$0.isWhitespace }
        switch name {
        case "gb2312", "gbk", "x-gbk", "gb_2312-80", "gb_2312", "cp936", "ms936", "windows-936", "euc-cn",
             "csgb2312", "chinese", "iso-ir-58", "gb18030": return "GB18030"
        case "utf8", "utf-8", "unicode-1-1-utf-8": return "UTF-8"
        case "big5", "big-5", "cn-big5", "csbig5", "x-x-big5": return "BIG5-HKSCS"
        case "utf-16", "unicode": return "UTF-16"
        default: return charset.uppercased()
        }
    }

    /// Whether `name` (as ``iconvName(_:)`` gives it) is UTF-8.
    static func isUTF8(_ charset: String) -> Bool { iconvName(charset) == "UTF-8" }

    /// The UTF-8 of `chunk` (after what earlier chunks left incomplete);
    /// with `final`, an incomplete character at the end is an error.
    func convert(_ chunk: [UInt8], final: Bool) throws -> [UInt8] {
        var input = carry + chunk
        carry = []
        var out = [UInt8](repeating: 0, count: max(64, input.count * 2 + 16))
        var read = 0, written = 0
        while read < input.count {
            let (newRead, newWritten, error) = step(&input, from: read, into: &out, at: written)
            read = newRead
            written = newWritten
            switch error {
            case 0:
                break
            case E2BIG:
                out += [UInt8](repeating: 0, count: out.count)
            case EINVAL where !final:
                carry = Array(input[read...])
                read = input.count
            default:
                throw SheetError("the bytes at offset \(consumed + read) are not valid \(sourceName), the file's "
                    + "character set; open it in Excel or WPS and save it as .xlsx or CSV (UTF-8)")
            }
        }
        consumed += input.count - carry.count
        out.removeSubrange(written...)
        return out
    }

    /// One `iconv` call from `input[read...]` into `out[written...]`: the new
    /// offsets, and `errno` when it stopped early (0 when all was converted).
    private func step(_ input: inout [UInt8], from read: Int, into out: inout [UInt8], at written: Int)
        -> (Int, Int, Int32) {
        input.withUnsafeMutableBytes { inBytes in
            out.withUnsafeMutableBytes { outBytes in
                let inBase = inBytes.baseAddress!.assumingMemoryBound(to: CChar.self)
                let outBase = outBytes.baseAddress!.assumingMemoryBound(to: CChar.self)
                var inPointer: UnsafeMutablePointer<CChar>? = inBase + read
                var outPointer: UnsafeMutablePointer<CChar>? = outBase + written
                var inLeft = inBytes.count - read
                var outLeft = outBytes.count - written
                let rc = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                return (inBytes.count - inLeft, outBytes.count - outLeft, rc == -1 ? errno : 0)
            }
        }
    }
}
