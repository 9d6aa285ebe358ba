import Foundation

/// The parts of a zip file (an `.xlsx`), read without a zip library: the
/// test target links none (only ReachSynth and ReachModel), so this reads
/// the central directory and inflates each part with a small RFC 1951
/// decoder of its own (after zlib's puff.c). Enough for the workbooks
/// libxlsxwriter writes; not a general zip reader (no zip64, no encryption).
struct ZipParts {
    /// Part name → uncompressed bytes.
    let parts: [String: [UInt8]]

    init(_ url: URL) throws {
        let zip = Array(try Data(contentsOf: url))
        func u16(_ at: Int) -> Int { Int(zip[at]) | Int(zip[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        // End of central directory: the last PK\5\6 record.
        guard let eocd = stride(from: zip.count - 22, through: max(0, zip.count - 22 - 65_535), by: -1)
            .first(where: { u32($0) == 0x0605_4B50 }) else { throw ZipError("no end of central directory") }
        var at = u32(eocd + 16)
        var parts: [String: [UInt8]] = [:]
        for _ in 0 ..< u16(eocd + 10) {
            guard u32(at) == 0x0201_4B50 else { throw ZipError("bad central directory entry") }
            let method = u16(at + 10), compressed = u32(at + 20), size = u32(at + 24)
            let nameLength = u16(at + 28), extra = u16(at + 30), comment = u16(at + 32), local = u32(at + 42)
            let name = String(decoding: zip[(at + 46) ..< (at + 46 + nameLength)], as: UTF8.self)
            let start = local + 30 + u16(local + 26) + u16(local + 28)
            let data = Array(zip[start ..< (start + compressed)])
            switch method {
            case 0: parts[name] = data
            case 8:
                var inflater = Inflater(data)
                parts[name] = try inflater.inflate()
            default: throw ZipError("\(name): compression method \(method)")
            }
            guard parts[name]!.count == size else { throw ZipError("\(name): \(parts[name]!.count) bytes, not \(size)") }
            at += 46 + nameLength + extra + comment
        }
        self.parts = parts
    }

    func text(_ name: String) -> String? { parts[name].map { String(decoding: $0, as: UTF8.self) } }
}

struct ZipError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A raw DEFLATE decoder (RFC 1951), after Mark Adler's puff.c.
private struct Inflater {
    private let input: [UInt8]
    private var pos = 0, bitBuffer = 0, bitCount = 0
    private var out: [UInt8] = []

    init(_ input: [UInt8]) { self.input = input }

    private struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int]

        init(lengths: [Int]) {
            symbols = [Int](repeating: 0, count: lengths.count)
            for l in lengths { counts[l] += 1 }
            var offsets = [Int](repeating: 0, count: 16)
            for l in 1 ..< 15 { offsets[l + 1] = offsets[l] + counts[l] }
            for (symbol, l) in lengths.enumerated() where l != 0 {
                symbols[offsets[l]] = symbol
                offsets[l] += 1
            }
        }
    }

    private static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99,
                                     115, 131, 163, 195, 227, 258]
    private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025,
                                       1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11,
                                        12, 12, 13, 13]

    private mutating func bits(_ n: Int) throws -> Int {
        while bitCount < n {
            guard pos < input.count else { throw ZipError("deflate data ends early") }
            bitBuffer |= Int(input[pos]) << bitCount
            pos += 1
            bitCount += 8
        }
        let value = bitBuffer & ((1 << n) - 1)
        bitBuffer >>= n
        bitCount -= n
        return value
    }

    private mutating func decode(_ h: Huffman) throws -> Int {
        var code = 0, first = 0, index = 0
        for length in 1 ... 15 {
            code |= try bits(1)
            let count = h.counts[length]
            if code - count < first { return h.symbols[index + (code - first)] }
            index += count
            first = (first + count) << 1
            code <<= 1
        }
        throw ZipError("bad Huffman code")
    }

    mutating func inflate() throws -> [UInt8] {
        var last = 0
        repeat {
            last = try bits(1)
            switch try bits(2) {
            case 0:
                bitBuffer = 0
                bitCount = 0
                guard pos + 4 <= input.count else { throw ZipError("stored block ends early") }
                let length = Int(input[pos]) | Int(input[pos + 1]) << 8
                pos += 4
                out.append(contentsOf: input[pos ..< (pos + length)])
                pos += length
            case 1:
                let lengths = [Int](repeating: 8, count: 144) + [Int](repeating: 9, count: 112)
                    + [Int](repeating: 7, count: 24) + [Int](repeating: 8, count: 8)
                try codes(Huffman(lengths: lengths), Huffman(lengths: [Int](repeating: 5, count: 30)))
            case 2:
                let literalCount = try bits(5) + 257, distanceCount = try bits(5) + 1, codeCount = try bits(4) + 4
                let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
                var codeLengths = [Int](repeating: 0, count: 19)
                for i in 0 ..< codeCount { codeLengths[order[i]] = try bits(3) }
                let lengthCode = Huffman(lengths: codeLengths)
                var lengths: [Int] = []
                while lengths.count < literalCount + distanceCount {
                    let symbol = try decode(lengthCode)
                    switch symbol {
                    case 0 ..< 16: lengths.append(symbol)
                    case 16:
                        guard let previous = lengths.last else { throw ZipError("repeat with no length") }
                        lengths += [Int](repeating: previous, count: 3 + (try bits(2)))
                    case 17: lengths += [Int](repeating: 0, count: 3 + (try bits(3)))
                    default: lengths += [Int](repeating: 0, count: 11 + (try bits(7)))
                    }
                }
                try codes(Huffman(lengths: Array(lengths[..<literalCount])), Huffman(lengths: Array(lengths[literalCount...])))
            default:
                throw ZipError("bad block type")
            }
        } while last == 0
        return out
    }

    private mutating func codes(_ literals: Huffman, _ distances: Huffman) throws {
        while true {
            let symbol = try decode(literals)
            if symbol < 256 {
                out.append(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                let s = symbol - 257
                let length = Self.lengthBase[s] + (try bits(Self.lengthExtra[s]))
                let d = try decode(distances)
                let distance = Self.distanceBase[d] + (try bits(Self.distanceExtra[d]))
                guard distance <= out.count else { throw ZipError("distance too far back") }
                for _ in 0 ..< length { out.append(out[out.count - distance]) }
            }
        }
    }
}
