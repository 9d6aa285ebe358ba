import ReachModel

/// Reads leave records (SPEC 1.3 leave, contract v2), as approval exports
/// (DingTalk, WeCom) write them: start and end are dates or timestamps and
/// cover every local day from the start's day to the end's day; a status
/// that is present and not an approval rejects the row, so an unapproved
/// leave is never applied silently. A member id written as a number is
/// read back as its digits (``IDRepair``).
struct LeaveSink: RecordSink {
    let layout: HeaderLayout
    var timestamps: TimestampParser
    let zone: ReportingZone
    var entries: [LeaveEntry] = []
    var repair: IDRepair

    /// Statuses that count (SPEC 1.6), compared after lower-casing.
    static let approved: Set<String> = ["approved", "通过", "已通过", "同意", "已同意"]

    init(layout: HeaderLayout, zone: ReportingZone, memberIDWidth: Int? = nil) {
        self.layout = layout
        self.zone = zone
        timestamps = TimestampParser(zone: zone)
        repair = IDRepair(memberIDWidth: memberIDWidth)
    }

    mutating func accept<Record: FieldRecord>(_ scanner: Record) -> String? {
        let fields = Fields(layout: layout, record: scanner)
        let member = fields[.memberID]
        if member.isEmpty { return "empty member_id" }
        if let reason = IDText.reject(member, column: .memberID) { return reason }
        let start: Day, end: Day
        switch fields.dayRange({ day($0) }) {
        case .success(let range): (start, end) = range
        case .failure(let rejection): return rejection.reason
        }
        let status = fields.text(.status)
        if !status.isEmpty && !Self.approved.contains(status.lowercased()) { return "not approved: \(status)" }
        let memberID = fieldText(repair.memberID(member, isNumber: scanner.isNumber(layout.index[.memberID]!)))
        entries.append(LeaveEntry(memberID: memberID, start: start, end: end, type: fields.text(.type),
                                  status: status, note: fields.text(.note)))
        return nil
    }

    /// The local day of a date, or of any accepted timestamp (SPEC 1.4).
    private mutating func day(_ f: UnsafeBufferPointer<UInt8>) -> Day? {
        if let date = TimestampParser.date(f) { return date }
        return timestamps.instant(f).map(zone.day(of:))
    }

    consuming func finish() -> RowPiece<LeaveEntry> {
        var notes = ReadNotes()
        notes.add(repair)
        return RowPiece(rows: entries, notes: notes)
    }
}
