import ReachModel

/// One value of a report table. Its kind decides both how the CSV writes it
/// and which cell type the workbook uses, so the two outputs cannot drift.
enum Cell {
    /// Text from the input or a fixed token: CSV-injection guarded, a string cell.
    case text(String)
    /// A count or a line number: written as digits, a number cell.
    case count(Int)
    /// A fraction: `fixed4` in CSV, a percent-formatted number in the workbook.
    case ratio(Ratio)
    /// A calendar day: `YYYY-MM-DD` in CSV, a date cell in the workbook.
    case day(Day)
    /// A local wall-clock time: `text` in CSV, a date-time cell built from
    /// `localSeconds` (seconds since 1970-01-01 local midnight) in the workbook.
    case timestamp(localSeconds: Int64, text: String)
    /// No value: an empty field, no cell.
    case empty

    static func day(_ day: Day?) -> Cell { day.map(Cell.day) ?? .empty }
    static func ratio(_ ratio: Ratio?) -> Cell { ratio.map(Cell.ratio) ?? .empty }
    static func count(_ n: Int?) -> Cell { n.map(Cell.count) ?? .empty }
}

/// How the workbook shows a column.
enum ColumnStyle: Sendable {
    case text, count, date, timestamp
    /// A long text (a comment to publish), wrapped within a wide column.
    case paragraph
    /// A percent; `coloured` ones get the red/amber/green threshold colours.
    case percent(coloured: Bool)
    /// A signed percent change (delta).
    case change
}

/// One column of a report table: its CSV name, its workbook headers and how
/// to read its value from a row.
struct Column<Row>: Sendable {
    /// The SPEC 3 column name, also the English-free key of the column.
    let key: String
    let zh: String
    let en: String
    let style: ColumnStyle
    let value: @Sendable (Row) -> Cell

    init(_ key: String, _ zh: String, _ en: String, _ style: ColumnStyle, _ value: @escaping @Sendable (Row) -> Cell) {
        self.key = key
        self.zh = zh
        self.en = en
        self.style = style
        self.value = value
    }

    func header(_ language: ReportLanguage) -> String { language == .zh ? zh : en }
}

extension Array {
    /// The columns named by `keys`, in that order (a workbook sheet that shows
    /// a CSV table with some columns moved or left out).
    func picking<Row>(_ keys: [String]) -> [Column<Row>] where Element == Column<Row> {
        keys.map { key in
            guard let column = first(where: { $0.key == key }) else { preconditionFailure("no column \(key)") }
            return column
        }
    }
}

/// Width of a text on screen in Latin character cells: East Asian wide and
/// full-width characters count double, so that column widths fit Chinese.
func displayWidth(_ text: String) -> Int {
    var width = 0
    for scalar in text.unicodeScalars {
        let v = scalar.value
        if v < 0x1100 {
            width += 1
        } else if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                    || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                    || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v) || (0x20000...0x3FFFD).contains(v) {
            width += 2
        } else {
            width += 1
        }
    }
    return width
}
