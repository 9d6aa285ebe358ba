import ReachModel

/// Reads post records (SPEC 1.3 posts, 6.6): content_id and title must not
/// be empty; published_at must be a timestamp when given; reads and
/// reads_total (contract v4) are whole numbers ≥ 0 when given. A content_id
/// written as a whole number with a fraction or exponent is read back as
/// its digits, as in event files (``IDRepair``). A posts file without a
/// content_id column is read by ``TitleReadsSink``.
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
        var reads: Int?, readsTotal: Int?
        if let reason = bytes.reads(&reads, &readsTotal) { return reason }
        posts.append(Post(contentID: fieldText(repair.contentID(bytes[.contentID])), title: bytes.text(.title),
                          publishedAt: published, branch: bytes.text(.branch), reads: reads, readsTotal: readsTotal))
        return nil
    }

    consuming func finish() -> RowPiece<Post> {
        return RowPiece(rows: posts)
    }
}
