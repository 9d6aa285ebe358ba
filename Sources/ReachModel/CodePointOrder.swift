extension String {
    /// Whether this string sorts before `other` by Unicode code points, the
    /// order SPEC 3 asks for group names, member ids and file names.
    ///
    /// Swift's `<` compares canonical equivalents as equal and is not code
    /// point order; UTF-8 byte order is (for the valid UTF-8 every Swift
    /// string holds), and it is SQLite's BINARY collation too, so the store's
    /// `ORDER BY` and reach's sorts agree.
    @inlinable
    public func precedesByCodePoint(_ other: String) -> Bool {
        utf8.lexicographicallyPrecedes(other.utf8)
    }
}
