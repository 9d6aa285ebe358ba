/// A count field (contract v4: a group's member_count, a post's reads):
/// a whole number ≥ 0 written in ASCII digits, as exports and spreadsheet
/// number cells write it.
enum CountText {
    /// The value of `field`: `nil` when it is empty, ``Parsed/invalid``
    /// when it is no whole number ≥ 0 (a sign, a fraction, a word, more
    /// than 18 digits).
    enum Parsed: Equatable {
        case value(Int)
        case invalid
    }

    static func parse(_ field: UnsafeBufferPointer<UInt8>) -> Parsed? {
        if field.isEmpty { return nil }
        guard field.count <= 18 else { return .invalid }
        var value = 0
        for byte in field {
            guard byte >= 0x30 && byte <= 0x39 else { return .invalid }
            value = value * 10 + Int(byte - 0x30)
        }
        return .value(value)
    }

    /// Reads the count of `column` into `value`, or returns the reject
    /// reason: `member_count '-3' is not a whole number ≥ 0`.
    static func read(_ field: UnsafeBufferPointer<UInt8>, column: Column, into value: inout Int?) -> String? {
        switch parse(field) {
        case nil: value = nil
        case .value(let count): value = count
        case .invalid: return "\(column.rawValue) '\(fieldText(field))' is not a whole number ≥ 0"
        }
        return nil
    }
}

extension Fields {
    /// The record's reads and reads_total (contract v4), or why not.
    func reads(_ reads: inout Int?, _ readsTotal: inout Int?) -> String? {
        CountText.read(self[.reads], column: .reads, into: &reads)
            ?? CountText.read(self[.readsTotal], column: .readsTotal, into: &readsTotal)
    }
}
