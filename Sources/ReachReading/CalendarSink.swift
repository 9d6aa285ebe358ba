import ReachModel

/// Reads school calendar records (SPEC 1.3 calendar, contract v2): start and
/// type are required; start and end are dates, the end not before the start;
/// the type is one of the accepted words for `off` or `on`.
struct CalendarSink: RecordSink {
    let layout: HeaderLayout
    var entries: [CalendarEntry] = []

    init(layout: HeaderLayout) { self.layout = layout }

    mutating func accept<Record: FieldRecord>(_ scanner: Record) -> String? {
        let fields = Fields(layout: layout, record: scanner)
        let start: Day, end: Day
        switch fields.dayRange(TimestampParser.date) {
        case .success(let range): (start, end) = range
        case .failure(let rejection): return rejection.reason
        }
        let typeText = fieldText(fields[.type])
        if typeText.isEmpty { return "empty type" }
        guard let type = Self.dayType(typeText) else {
            return "unknown calendar type '\(typeText)' (use off, 休息, 放假, 假期, 停课, holiday, or on, 上课, 补班, workday)"
        }
        entries.append(CalendarEntry(start: start, end: end, type: type, college: fields.text(.college),
                                     branch: fields.text(.branch), className: fields.text(.class),
                                     note: fields.text(.note)))
        return nil
    }

    consuming func finish() -> RowPiece<CalendarEntry> { RowPiece(rows: entries) }

    /// The type a calendar row's word names, case-insensitively (SPEC 1.3).
    static func dayType(_ word: String) -> CalendarEntry.DayType? {
        switch word.lowercased() {
        case "off", "休息", "放假", "假期", "停课", "holiday": return .off
        case "on", "上课", "补班", "workday": return .on
        default: return nil
        }
    }
}
