import ReachModel

/// Reads roster records (SPEC 1.3 members): member_id, name, class and
/// branch must not be empty; joined and left must be dates when given.
///
/// A member id written as a number is read back as its digits (``IDRepair``).
struct RosterSink: RecordSink {
    let layout: HeaderLayout
    var members: [Member] = []
    var repair: IDRepair
    /// Field index of each column (-1 when the file has none), looked up
    /// once rather than per record: a campus roster has tens of thousands.
    let member, name, className, branch, college, status, counsellor, joined, left: Int

    init(layout: HeaderLayout, memberIDWidth: Int? = nil) {
        self.layout = layout
        repair = IDRepair(memberIDWidth: memberIDWidth)
        func index(_ column: Column) -> Int { layout.index[column] ?? -1 }
        (member, name, className, branch) = (index(.memberID), index(.name), index(.class), index(.branch))
        (college, status, counsellor) = (index(.college), index(.status), index(.counsellor))
        (joined, left) = (index(.joined), index(.left))
    }

    mutating func accept<Record: FieldRecord>(_ scanner: Record) -> String? {
        func field(_ i: Int) -> UnsafeBufferPointer<UInt8> {
            i >= 0 ? scanner.field(i) : UnsafeBufferPointer(start: nil, count: 0)
        }
        for (i, column) in [(member, Column.memberID), (name, .name), (className, .class), (branch, .branch)]
            where field(i).isEmpty {
            return "empty \(column.rawValue)"
        }
        if let reason = IDText.reject(field(member), column: .memberID) { return reason }
        func date(_ i: Int, _ column: Column) -> Result<Day?, RowRejection> {
            let f = field(i)
            if f.isEmpty { return .success(nil) }
            guard let day = TimestampParser.date(f) else {
                return .failure(RowRejection("unparseable \(column.rawValue) '\(fieldText(f))'"))
            }
            return .success(day)
        }
        let joinedDay: Day?, leftDay: Day?
        switch (date(joined, .joined), date(left, .left)) {
        case (.failure(let rejection), _), (.success, .failure(let rejection)): return rejection.reason
        case (.success(let a), .success(let b)): (joinedDay, leftDay) = (a, b)
        }
        let memberID = fieldText(repair.memberID(field(member), isNumber: scanner.isNumber(member)))
        members.append(Member(memberID: memberID, name: fieldText(field(name)), className: fieldText(field(className)),
                              branch: fieldText(field(branch)), college: fieldText(field(college)),
                              status: fieldText(field(status)), counsellor: fieldText(field(counsellor)),
                              joined: joinedDay, left: leftDay))
        return nil
    }

    consuming func finish() -> RowPiece<Member> {
        var notes = ReadNotes()
        notes.add(repair)
        return RowPiece(rows: members, notes: notes)
    }
}
