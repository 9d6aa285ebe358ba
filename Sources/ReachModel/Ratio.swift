/// An exact fraction, as SPEC 6.9 asks: metrics compare and round the exact
/// value, never a floating-point approximation.
public struct Ratio: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// May be negative (a delta); the denominator is always positive.
    public var numerator: Int
    public var denominator: Int

    /// `numerator / denominator`; a zero or negative denominator is a programming error.
    public init(_ numerator: Int, _ denominator: Int) {
        precondition(denominator != 0, "Ratio with zero denominator")
        if denominator < 0 {
            self.numerator = -numerator
            self.denominator = -denominator
        } else {
            self.numerator = numerator
            self.denominator = denominator
        }
    }

    /// Parses a plain decimal such as `0.6` or `1` exactly; `nil` for anything else.
    public init?(decimal text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty || parts.count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return nil }
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= 9, let whole = Int(parts[0].isEmpty ? "0" : String(parts[0])),
              let frac = Int(fraction.isEmpty ? "0" : fraction) else { return nil }
        var scale = 1
        for _ in 0..<fraction.count { scale *= 10 }
        self.init(whole * scale + frac, scale)
    }

    /// The text ``init(decimal:)`` reads back, with as many decimals as the
    /// denominator has zeros: `0.60` for 60/100, `1` for 1/1; `nil` when the
    /// denominator is not a power of ten. `reach config` shows `min_rate` so.
    public var decimal: String? {
        var decimals = 0, rest = denominator
        while rest % 10 == 0 { rest /= 10; decimals += 1 }
        guard rest == 1 else { return nil }
        let whole = String(numerator.magnitude / UInt(denominator))
        let sign = numerator < 0 ? "-" : ""
        guard decimals > 0 else { return sign + whole }
        let fraction = String(numerator.magnitude % UInt(denominator))
        return sign + whole + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    /// The nearest `Double`, for charts and workbook cells.
    public var doubleValue: Double { Double(numerator) / Double(denominator) }

    /// `self − other`, exact.
    public func minus(_ other: Ratio) -> Ratio {
        let n = Int128(numerator) * Int128(other.denominator) - Int128(other.numerator) * Int128(denominator)
        let d = Int128(denominator) * Int128(other.denominator)
        let g = Ratio.gcd(n.magnitude, d.magnitude)
        return Ratio(Int(n / Int128(g)), Int(d / Int128(g)))
    }

    /// Rounded half up to 4 decimals, as every report writes ratios
    /// (`0.8125`, `-0.0310`; zero is `0.0000`, never `-0.0000`).
    ///
    /// "Half up" is taken literally: ties go towards +∞, so −0.00005 → `0.0000`.
    public var fixed4: String {
        // q = floor((n * 10^4 + d/2) / d) = floor((2n * 10^4 + d) / 2d)
        let num = Int128(numerator) * 20_000 + Int128(denominator)
        let den = Int128(denominator) * 2
        var q = num / den
        if num % den != 0 && num < 0 { q -= 1 }
        let negative = q < 0
        let mag = q.magnitude
        let whole = mag / 10_000, frac = Int(mag % 10_000)
        var fracText = String(frac)
        fracText = String(repeating: "0", count: 4 - fracText.count) + fracText
        return (negative ? "-" : "") + String(whole) + "." + fracText
    }

    public var description: String { fixed4 }

    public static func < (a: Ratio, b: Ratio) -> Bool {
        Int128(a.numerator) * Int128(b.denominator) < Int128(b.numerator) * Int128(a.denominator)
    }

    public static func == (a: Ratio, b: Ratio) -> Bool {
        Int128(a.numerator) * Int128(b.denominator) == Int128(b.numerator) * Int128(a.denominator)
    }

    public func hash(into hasher: inout Hasher) {
        let g = Ratio.gcd(UInt128(numerator.magnitude), UInt128(denominator))
        hasher.combine(numerator / Int(g))
        hasher.combine(denominator / Int(g))
    }

    static func gcd(_ a: UInt128, _ b: UInt128) -> UInt128 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a == 0 ? 1 : a
    }
}
