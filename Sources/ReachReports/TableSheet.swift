import ReachModel

/// Where and how a table goes on a sheet.
struct TableLayout {
    var top = 0
    var left = 0
    /// Freeze the rows down to and including the header.
    var freeze = true
    var filter = true
    /// At most this many data rows; the rest are counted in a closing note
    /// row (the CSV file keeps every row). Whatever is asked, a table never
    /// runs past Excel's last row.
    var maxRows = Int.max
    /// The CSV file with every row, named in that note (`nil`: "the CSV file").
    var csvFile: String? = nil
    /// A title line in the row above the header (so `top` ≥ 1), frozen and
    /// printed on every page with it: what every row of a split workbook's
    /// sheet shares (``SplitSheet``).
    var title: String? = nil
    /// The key of a text column: the rows where it is not empty are filled
    /// red (the registry's rows with a problem).
    var flaggedBy: String? = nil
}

extension Sheet {
    /// Writes a header row and one row per element, with threshold colours
    /// on the coloured percent columns; returns the row after the table.
    @discardableResult
    func table<Row>(_ rows: some Collection<Row>, columns: [Column<Row>], language: ReportLanguage,
                    minRate: Double, layout: TableLayout = TableLayout()) throws -> Int {
        if let title = layout.title {
            try text(layout.top - 1, layout.left, title, self.styles.title, fits: false)
        }
        try header(layout.top, columns.map { $0.header(language) }, firstCol: layout.left)
        // The per-cell loop reads only the value functions and styles, not
        // whole columns (whose names would be retained for every cell).
        let values = columns.map(\.value)
        let styles = columns.map(\.style)
        var r = layout.top + 1
        // Room for the rows and, when some do not fit, the note after them.
        let room = min(layout.maxRows, Sheet.rowLimit - r - 1)
        var left = 0
        for row in rows {
            guard r - layout.top - 1 < room else { left += 1; continue }
            for i in values.indices {
                try cell(r, layout.left + i, values[i](row), styles[i])
            }
            r += 1
        }
        let lastRow = r - 1
        for (i, column) in columns.enumerated() {
            if case .percent(coloured: true) = column.style {
                try thresholdColours(firstRow: layout.top + 1, lastRow: lastRow, col: layout.left + i, minRate: minRate)
            }
        }
        if let key = layout.flaggedBy, let col = columns.firstIndex(where: { $0.key == key }) {
            try flagRows(firstRow: layout.top + 1, lastRow: lastRow, firstCol: layout.left,
                         lastCol: layout.left + columns.count - 1, whereFilled: layout.left + col)
        }
        if layout.freeze { freezeRows(layout.top + 1) }
        if layout.filter {
            try autofilter(firstRow: layout.top, firstCol: layout.left, lastRow: max(lastRow, layout.top), lastCol: layout.left + columns.count - 1)
        }
        // The note last: on a streaming sheet libxlsxwriter refuses a filter
        // that ends above the row written last.
        if left > 0 {
            try text(r, layout.left, Labels(language: language).moreRows(left, csvFile: layout.csvFile), self.styles.label,
                     fits: false)
            r += 1
        }
        return r
    }
}

extension Column {
    /// The same column under another header (a group column shown as 班级).
    func titled(_ zh: String, _ en: String) -> Column { Column(key, zh, en, style, value) }
}
