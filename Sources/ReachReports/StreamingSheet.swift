/// A sheet in libxlsxwriter's constant-memory mode, for the long tables of
/// the main workbook (members, gap list, silent classes).
///
/// libxlsxwriter writes each row of such a sheet to a temporary file as
/// soon as the next row starts, and its strings inline rather than in the
/// shared-string table: several times faster and lighter than a normal sheet
/// for tens of thousands of rows. In exchange a cell above the current row
/// is silently dropped, and a chart drawn from the sheet gets no data cache.
/// So a streaming sheet takes one whole table, top to bottom, and offers no
/// other way to write a cell, nor a name a chart could be pointed at. With a
/// libxlsxwriter release whose per-sheet mode reach has not checked
/// (``ConstantMemorySwitch``) it is a normal sheet under the same rules.
struct StreamingSheet {
    private let sheet: Sheet

    init(_ sheet: Sheet) { self.sheet = sheet }

    /// Writes the header row and one row per element, top to bottom
    /// (``Sheet/table(_:columns:language:minRate:layout:)``); `layout` may
    /// cut the table (``TableLayout/maxRows``), and nothing is written
    /// above it afterwards.
    func table<Row>(_ rows: some Collection<Row>, columns: [Column<Row>], language: ReportLanguage, minRate: Double,
                    layout: TableLayout = TableLayout()) throws {
        try sheet.table(rows, columns: columns, language: language, minRate: minRate, layout: layout)
    }
}
