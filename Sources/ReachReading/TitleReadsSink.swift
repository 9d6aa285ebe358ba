import ReachModel

/// Reads the official account's analytics export (图文分析, contract v4): a
/// posts file with a title and reads columns but no content_id. Each row
/// becomes ``ReachModel/TitleReads``, matched to a post by its exact title
/// when a report is made. The title must not be empty; reads and
/// reads_total are whole numbers ≥ 0 when given.
struct TitleReadsSink: RecordSink {
    let layout: HeaderLayout
    var rows: [TitleReads] = []

    init(layout: HeaderLayout) { self.layout = layout }

    mutating func accept<Record: FieldRecord>(_ scanner: Record) -> String? {
        let fields = Fields(layout: layout, record: scanner)
        let title = fields.text(.title)
        if title.isEmpty { return "empty title" }
        var reads: Int?, readsTotal: Int?
        if let reason = fields.reads(&reads, &readsTotal) { return reason }
        rows.append(TitleReads(title: title, reads: reads, readsTotal: readsTotal))
        return nil
    }

    consuming func finish() -> RowPiece<TitleReads> { RowPiece(rows: rows) }
}
