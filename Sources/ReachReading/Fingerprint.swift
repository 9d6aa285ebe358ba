import Foundation
import ReachModel

/// A 128-bit content fingerprint of a file's bytes, written as 32 lower-case
/// hex digits.
///
/// The store keys its ledger of ingested files on it (SPEC 1.5: a file whose
/// bytes were ingested before changes nothing), so it must be cheap enough to
/// run over every input before reading it.
///
/// The hash is non-cryptographic and specific to reach: four 64-bit lanes
/// absorb 32-byte stripes with the xxHash64 round
/// (`acc = rotl(acc + word·P2, 31)·P1`), which runs at several GB/s; the tail
/// and the length are folded in, and two differently mixed 64-bit finals
/// (an xxHash64-style merge and a wyhash-style 128-bit multiply fold) make
/// the 128-bit result. It guards against accidental re-ingest, not against
/// deliberate collisions. It is not compatible with any published xxHash
/// variant, and must never change once stores exist.
public enum Fingerprint {
    /// Fingerprint of a file, read in 4 MiB blocks (memory stays bounded).
    public static func of(fileAt url: URL) throws -> String {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { throw cannotOpen(url.lastPathComponent) }
        defer { close(fd) }
        let blockSize = 4 << 20
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 16)
        defer { block.deallocate() }
        var state = FingerprintState()
        while true {
            let n = try fillBlock(fd: fd, block, file: url.lastPathComponent)
            state.absorb(UnsafeRawBufferPointer(rebasing: block[0..<n]), last: n < blockSize)
            if n < blockSize { break }
        }
        return state.hexDigest
    }

    /// The error for a file that `open` refused (reads `errno`).
    static func cannotOpen(_ file: String) -> ReachError {
        .fileRejected(file: file, reason: "cannot open the file (\(String(cString: strerror(errno)))); check that it exists and is readable")
    }

    /// Fingerprint of bytes in memory; equal to ``of(fileAt:)`` for a file holding them.
    public static func of(bytes: some Collection<UInt8>) -> String {
        var state = FingerprintState()
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            state.absorb(UnsafeRawBufferPointer(buffer), last: true)
        }
        if done == nil {
            Array(bytes).withUnsafeBytes { state.absorb($0, last: true) }
        }
        return state.hexDigest
    }

    /// Reads until `block` is full or the file ends; returns the byte count.
    static func fillBlock(fd: Int32, _ block: UnsafeMutableRawBufferPointer, file: String) throws -> Int {
        var filled = 0
        while filled < block.count {
            let n = read(fd, block.baseAddress! + filled, block.count - filled)
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReachError.fileRejected(file: file, reason: "cannot read the file (\(String(cString: strerror(errno)))); check that it is readable")
            }
            filled += n
        }
        return filled
    }
}

/// The running state of a ``Fingerprint``: whole 32-byte stripes go through
/// the four lanes; only the final call may pass a length that is not a
/// multiple of 32.
struct FingerprintState {
    static let p1: UInt64 = 0x9E37_79B1_85EB_CA87
    static let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    static let p3: UInt64 = 0x1656_67B1_9E37_79F9
    static let p4: UInt64 = 0x85EB_CA77_C2B2_AE63
    static let p5: UInt64 = 0x27D4_EB2F_1656_67C5

    var a = p1 &+ p2, b = p2, c: UInt64 = 0, d = 0 &- p1
    var length: UInt64 = 0
    var tail: (UInt64, UInt64) = (0, 0)
    var finished = false

    @inline(__always) static func round(_ acc: UInt64, _ word: UInt64) -> UInt64 {
        ((acc &+ word &* p2) <<< 31) &* p1
    }

    /// Absorbs `bytes`; its count must be a multiple of 32 unless `last`.
    mutating func absorb(_ bytes: UnsafeRawBufferPointer, last: Bool) {
        precondition(!finished && (last || bytes.count % 32 == 0))
        let n = bytes.count
        length &+= UInt64(n)
        guard let base = bytes.baseAddress else { finished = last; return }
        var (a, b, c, d) = (self.a, self.b, self.c, self.d)
        var i = 0
        while i + 32 <= n {
            a = Self.round(a, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            b = Self.round(b, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)))
            c = Self.round(c, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)))
            d = Self.round(d, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)))
            i += 32
        }
        (self.a, self.b, self.c, self.d) = (a, b, c, d)
        if last {
            // Up to 31 tail bytes, folded into two words per 16 bytes.
            var t0: UInt64 = 0, t1: UInt64 = 0
            var k = 0
            while i < n {
                let byte = UInt64(base.load(fromByteOffset: i, as: UInt8.self))
                t0 = (t0 <<< 8) ^ byte ^ (t1 &* Self.p3)
                if k % 8 == 7 { t1 = Self.round(t1, t0); t0 = 0 }
                k += 1
                i += 1
            }
            tail = (t0, t1)
            finished = true
        }
    }

    /// 32 hex digits of the two 64-bit finals.
    var hexDigest: String {
        precondition(finished)
        let merged = (a <<< 1) &+ (b <<< 7) &+ (c <<< 12) &+ (d <<< 18)
        var h1 = merged
        for lane in [a, b, c, d] { h1 = (h1 ^ Self.round(0, lane)) &* Self.p1 &+ Self.p4 }
        h1 ^= length &* Self.p5
        h1 = Self.round(h1, tail.0) ^ Self.round(0, tail.1)
        h1 = Self.avalanche(h1)
        var h2 = Self.fold(a ^ Self.p3, c ^ length) ^ Self.fold(b ^ Self.p4, d ^ tail.0)
        h2 = Self.fold(h2 ^ tail.1, Self.p5 ^ length)
        h2 = Self.avalanche(h2 ^ h1 >> 17)
        return Self.hex(h1) + Self.hex(h2)
    }

    @inline(__always) static func avalanche(_ x: UInt64) -> UInt64 {
        var h = x
        h ^= h >> 33; h = h &* p2
        h ^= h >> 29; h = h &* p3
        h ^= h >> 32
        return h
    }

    /// wyhash's mix: the two halves of a 64×64→128-bit product, xor-ed.
    @inline(__always) static func fold(_ x: UInt64, _ y: UInt64) -> UInt64 {
        let (hi, lo) = x.multipliedFullWidth(by: y)
        return hi ^ lo
    }

    static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}

infix operator <<< : BitwiseShiftPrecedence
@inline(__always) func <<< (x: UInt64, r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }
