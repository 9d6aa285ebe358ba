// Binary searches over lists kept in order, so that a name is found
// without building a table of strings (the registry audit looks up group
// names, member ids and share targets this way).

/// The first index of `range` for which `isAtOrAfter` holds, `range`'s end
/// when none does; `isAtOrAfter` must be false, then true, along the range.
func partitionPoint(in range: Range<Int>, where isAtOrAfter: (Int) -> Bool) -> Int {
    var lo = range.lowerBound, hi = range.upperBound
    while lo < hi {
        let mid = lo + (hi - lo) / 2
        if isAtOrAfter(mid) { hi = mid } else { lo = mid + 1 }
    }
    return lo
}

/// Where `key` is among the keys of `range` (`keyAt`, distinct and in code
/// point order), matched by code points; `nil` when it is not there.
func sortedPosition(of key: String, in range: Range<Int>, _ keyAt: (Int) -> String) -> Int? {
    let i = partitionPoint(in: range) { !keyAt($0).precedesByCodePoint(key) }
    return i < range.upperBound && !key.precedesByCodePoint(keyAt(i)) ? i : nil
}
