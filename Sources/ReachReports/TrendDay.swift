import ReachMetrics
import ReachModel

/// One day of D in a group's trend table: the group's daily.csv row of that
/// day, if it has one, and a note saying why not when it has none.
///
/// daily.csv has rows only for days with members expected. A trend table
/// for people keeps every day of the window instead, so that a day without
/// data, an off day or a leave-only day stands there empty — and its chart
/// shows a gap, never a 0 % day.
struct TrendDay: Sendable {
    let day: Day
    let row: DailyRow?
    let note: String

    /// Every day of D in order, with `rows` (one group's daily rows, by date)
    /// in their places.
    static func window(_ rows: some Sequence<DailyRow>, tables: MetricTables, labels: Labels) -> [TrendDay] {
        let options = tables.options
        var byDay = [DailyRow?](repeating: nil, count: options.window)
        for row in rows where byDay.indices.contains(row.day - options.windowStart) {
            byDay[row.day - options.windowStart] = row
        }
        return byDay.enumerated().map { i, row in
            let day = options.windowStart + i
            return TrendDay(day: day, row: row, note: labels.dayNote(tables.dayRow(day), hasFigure: row != nil))
        }
    }

    /// The daily.csv columns named by `keys` (`date` first), read from the
    /// day's row and empty on a day without one, then the note.
    static func columns(_ keys: [String], words: Vocabulary) -> [Column<TrendDay>] {
        let date = Column<TrendDay>("date", "日期", "Date", .date) { .day($0.day) }
        let figures = Columns.daily(words).picking(keys.filter { $0 != "date" }).map { column in
            Column<TrendDay>(column.key, column.zh, column.en, column.style) { $0.row.map(column.value) ?? .empty }
        }
        let note = Column<TrendDay>("note", "说明", "Note", .text) { .text($0.note) }
        return [date] + figures + [note]
    }
}
