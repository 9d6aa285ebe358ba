import ReachModel

/// Reads registry records (SPEC 1.3 groups, contract v4): group_name must
/// not be empty; registered must be a date and member_count a whole number
/// ≥ 0 when given. Every other column is free text.
struct GroupSink: RecordSink {
    let layout: HeaderLayout
    var groups: [RegisteredGroup] = []

    init(layout: HeaderLayout) { self.layout = layout }

    mutating func accept<Record: FieldRecord>(_ scanner: Record) -> String? {
        let fields = Fields(layout: layout, record: scanner)
        let name = fields.text(.groupName)
        if name.isEmpty { return "empty group_name" }
        var registered: Day?
        let date = fields[.registered]
        if !date.isEmpty {
            guard let day = TimestampParser.date(date) else { return "unparseable registered '\(fieldText(date))'" }
            registered = day
        }
        var memberCount: Int?
        if let reason = CountText.read(fields[.memberCount], column: .memberCount, into: &memberCount) { return reason }
        groups.append(RegisteredGroup(
            groupName: name, type: fields.text(.type), college: fields.text(.college), branch: fields.text(.branch),
            className: fields.text(.class), org: fields.text(.org), ownerID: fields.text(.ownerID),
            owner: fields.text(.owner), registered: registered, memberCount: memberCount, status: fields.text(.status)))
        return nil
    }

    consuming func finish() -> RowPiece<RegisteredGroup> { RowPiece(rows: groups) }
}
