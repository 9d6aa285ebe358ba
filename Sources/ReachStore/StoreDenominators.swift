import ReachModel

/// What the store knows of the days that count (contract v2): the spans of
/// the checkins files (data days), the school calendar and counted leave.
extension Store {
    /// Every calendar row, in identity order (start, end, type, college,
    /// branch, class).
    public func calendar() throws -> [CalendarEntry] {
        try guarded {
            try db.query("""
                SELECT start_day, end_day, type, college, branch, class_name, note FROM calendar
                ORDER BY start_day, end_day, type, college, branch, class_name
                """) { rows in
                var entries: [CalendarEntry] = []
                while try rows.step() {
                    guard let start = try rows.optionalDay(0), let end = try rows.optionalDay(1),
                          let type = CalendarEntry.DayType(rawValue: rows.text(2)) else {
                        throw StoreDamage.error(path, table: "calendar", row: nil,
                                                "a row holds an empty day or the type '\(rows.text(2))'")
                    }
                    entries.append(CalendarEntry(start: start, end: end, type: type, college: rows.text(3),
                                                 branch: rows.text(4), className: rows.text(5), note: rows.text(6)))
                }
                return entries
            }
        }
    }

    /// Every counted leave with its member id, by member id (code points),
    /// then start, end and type.
    public func leave() throws -> [LeaveEntry] {
        try guarded {
            try db.query("""
                SELECT m.member_id, l.start_day, l.end_day, l.type, l.status, l.note
                FROM leave l JOIN member_ids m ON m.key = l.member_key
                ORDER BY m.member_id, l.start_day, l.end_day, l.type
                """) { rows in
                var entries: [LeaveEntry] = []
                while try rows.step() {
                    guard let start = try rows.optionalDay(1), let end = try rows.optionalDay(2) else {
                        throw StoreDamage.error(path, table: "leave", row: nil, "a row holds an empty day")
                    }
                    entries.append(LeaveEntry(memberID: rows.text(0), start: start, end: end, type: rows.text(3),
                                              status: rows.text(4), note: rows.text(5)))
                }
                return entries
            }
        }
    }

    /// The spans of the ingested checkins files (SPEC 2, data day).
    public struct DataSpans: Sendable, Equatable {
        /// Earliest and latest instant of each file's valid rows, in ingest order.
        public var spans: [ClosedRange<Int64>]
        /// Checkins files whose span is unknown (stored before contract v2):
        /// for them, the days with at least one stored check-in are data days.
        public var filesWithoutSpan: Int

        public init(spans: [ClosedRange<Int64>], filesWithoutSpan: Int) {
            self.spans = spans
            self.filesWithoutSpan = filesWithoutSpan
        }
    }

    /// The spans of every ingested checkins file. A file of only rejected
    /// rows has no valid row and no span: it adds no data day.
    public func dataSpans() throws -> DataSpans {
        try guarded {
            try db.query("""
                SELECT first_instant, last_instant, rows - rejected FROM files
                WHERE status = 'ingested' AND kind = 'checkins' ORDER BY ingest_id
                """) { rows in
                var result = DataSpans(spans: [], filesWithoutSpan: 0)
                while try rows.step() {
                    guard let first = try rows.optionalInstant(0), let last = try rows.optionalInstant(1) else {
                        if rows.int64(2) > 0 { result.filesWithoutSpan += 1 }
                        continue
                    }
                    guard first <= last else {
                        throw StoreDamage.error(path, table: "files", row: nil, "a checkins file's span ends before it starts")
                    }
                    result.spans.append(first ... last)
                }
                return result
            }
        }
    }
}
