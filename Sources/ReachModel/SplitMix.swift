/// SplitMix64 (Steele, Lea and Flood, 2014, with Vigna's constants): a
/// small, fast generator whose stream depends on the seed alone, so that
/// tests drawing "random" data draw the same data on every run, machine
/// and Swift version (the standard library's generators promise none of
/// that).
///
/// The one implementation: `reach synth` seeds its generator with it
/// (`Random` in ReachSynth), and the tests and the micro-benchmarks in
/// `Benchmarks/` draw their data from it.
public struct SplitMix {
    /// The generator's state; the seed before the first draw.
    public var state: UInt64

    /// A generator whose first draw is SplitMix64's first output for `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0 ..< bound` (`bound` > 0), the next 64 bits' remainder:
    /// very slightly biased towards small values, which test data does not mind.
    public mutating func next(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
