import ReachModel

/// Reads roster records (SPEC 1.3 members): member_id, name, class and
/// branch must not be empty; joined and left must be dates when given.
///
/// A member id written as a number is read back as its digits (``IDRepair``).
struct RosterSink: RecordSink {
    let layout: HeaderLayout
    var members: [Member] = []
    var repair: IDRepair

    init(layout: HeaderLayout, memberIDWidth: Int? = nil) {
        self.layout = layout
        repair = IDRepair(memberIDWidth: memberIDWidth)
    }

    mutating func accept<Record: FieldRecord>(_ scanner: Record) -> String? {
        let bytes = Fields(layout: layout, record: scanner)
        for column in [Column.memberID, .name, .class, .branch] where bytes[column].isEmpty {
            return "empty \(column.rawValue)"
        }
        if let reason = IDText.reject(bytes[.memberID], column: .memberID) { return reason }
        var dates: [Day?] = []
        for column in [Column.joined, .left] {
            let f = bytes[column]
            if f.isEmpty { dates.append(nil); continue }
            guard let day = TimestampParser.date(f) else { return "unparseable \(column.rawValue) '\(fieldText(f))'" }
            dates.append(day)
        }
        let memberID = fieldText(repair.memberID(bytes[.memberID], isNumber: scanner.isNumber(layout.index[.memberID]!)))
        members.append(Member(memberID: memberID, name: bytes.text(.name), className: bytes.text(.class),
                              branch: bytes.text(.branch), college: bytes.text(.college), status: bytes.text(.status),
                              counsellor: bytes.text(.counsellor), joined: dates[0], left: dates[1]))
        return nil
    }

    consuming func finish() -> RowPiece<Member> {
        var notes = ReadNotes()
        notes.add(repair)
        repair.deallocate()
        return RowPiece(rows: members, notes: notes)
    }
}

/// Reads post records (SPEC 1.3 posts, 6.6): content_id and title must not
/// be empty; published_at must be a timestamp when given. A content_id
/// written as a whole number with a fraction or exponent is read back as
/// its digits, as in event files (``IDRepair``).
struct PostSink: RecordSink {
    let layout: HeaderLayout
    var timestamps: TimestampParser
    var posts: [Post] = []
    let repair = IDRepair(memberIDWidth: nil)

    init(layout: HeaderLayout, zone: ReportingZone) {
        self.layout = layout
        timestamps = TimestampParser(zone: zone)
    }

    mutating func accept<Record: FieldRecord>(_ scanner: Record) -> String? {
        let bytes = Fields(layout: layout, record: scanner)
        for column in [Column.contentID, .title] where bytes[column].isEmpty {
            return "empty \(column.rawValue)"
        }
        if let reason = IDText.reject(bytes[.contentID], column: .contentID) { return reason }
        var published: Int64?
        let f = bytes[.publishedAt]
        if !f.isEmpty {
            guard let instant = timestamps.instant(f) else { return "unparseable published_at '\(fieldText(f))'" }
            published = instant
        }
        posts.append(Post(contentID: fieldText(repair.contentID(bytes[.contentID])), title: bytes.text(.title),
                          publishedAt: published, branch: bytes.text(.branch)))
        return nil
    }

    consuming func finish() -> RowPiece<Post> {
        repair.deallocate()
        return RowPiece(rows: posts)
    }
}
