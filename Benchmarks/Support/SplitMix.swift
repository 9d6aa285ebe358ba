/// SplitMix64: the benchmarks' inputs are drawn from it, so that every run
/// measures the same bytes (no standard-library randomness, whose
/// algorithms may change between Swift versions).
public struct SplitMix {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0 ..< bound` (`bound` > 0; the modulo bias is negligible here).
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
