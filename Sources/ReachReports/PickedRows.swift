/// Some rows of a table, picked by their places in it: one group's share of
/// members.csv, gaps.csv or daily.csv, without a copy of the rows (a
/// province's split would otherwise copy a million member rows).
struct PickedRows<Row: Sendable>: RandomAccessCollection, Sendable {
    /// The whole table (an array shares its storage, so this is no copy).
    let table: [Row]
    /// The places of the picked rows in `table`, in table order.
    let places: [Int]

    var startIndex: Int { 0 }
    var endIndex: Int { places.count }
    subscript(position: Int) -> Row { table[places[position]] }
}
