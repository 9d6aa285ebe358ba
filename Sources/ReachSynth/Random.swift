import ReachModel

/// The generator's own pseudo-random numbers: xoshiro256** seeded through SplitMix64.
///
/// `reach synth` must give byte-identical files for the same seed on every
/// platform and Swift version, so it never touches the standard library's
/// random APIs (whose algorithms may change) and derives an independent
/// stream for every purpose and day from the seed alone.
struct Random {
    private var s0, s1, s2, s3: UInt64

    /// A stream for `seed`, separated from other streams by `purpose` and `index`.
    init(seed: UInt64, purpose: Purpose, index: UInt64 = 0) {
        var mixer = seed ^ (purpose.rawValue &* 0x9E37_79B9_7F4A_7C15) ^ (index &* 0xD1B5_4A32_D192_ED03)
        s0 = Random.splitMix(&mixer)
        s1 = Random.splitMix(&mixer)
        s2 = Random.splitMix(&mixer)
        s3 = Random.splitMix(&mixer)
    }

    /// What a stream is used for; each purpose draws from its own sequence.
    enum Purpose: UInt64 {
        case campus = 1, habits, posts, day, quirks, names, fileStyle, calendar, leave, registry, reads
    }

    /// SplitMix64's next output for `state`, which it advances.
    static func splitMix(_ state: inout UInt64) -> UInt64 {
        var generator = SplitMix(seed: state)
        defer { state = generator.state }
        return generator.next()
    }

    @inline(__always) private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// The next 64 random bits.
    @inline(__always) mutating func next() -> UInt64 {
        let result = Random.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Random.rotl(s3, 45)
        return result
    }

    /// A uniform value in [0, 1).
    @inline(__always) mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A uniform integer in [0, n); `n` must be positive.
    @inline(__always) mutating func below(_ n: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// A uniform integer in `range`.
    @inline(__always) mutating func within(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.count)
    }

    /// True with probability `p`.
    @inline(__always) mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// A uniformly chosen element; `items` must not be empty.
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// `count` distinct indices of [0, n), ascending (count is clamped to n).
    mutating func distinct(_ count: Int, of n: Int) -> [Int] {
        var chosen = Set<Int>()
        let k = min(count, n)
        while chosen.count < k { chosen.insert(below(n)) }
        return chosen.sorted()
    }
}
