import CXLSXWriter
import ReachModel

/// One worksheet: typed cell writing with error checks, and the column
/// widths that fit what was written.
final class Sheet {
    let name: String
    /// The formats of the sheet's workbook.
    let styles: Styles
    private let ws: UnsafeMutablePointer<lxw_worksheet>
    /// The workbook's file, for error messages.
    private let workbookPath: String
    /// Widest content per column so far, in Latin character cells.
    private var widths: [Int] = []
    /// Cells of wrapped text and their display widths: their rows get the
    /// height of their lines once the column widths are known.
    private var wrapped: [(row: Int, col: Int, width: Int)] = []
    /// The last row and the last column a cell was written to (-1: none).
    private var lastRow = -1, lastCol = -1
    /// Rows frozen at the top (``freezeRows(_:)``), which print on every page too.
    private var frozenRows = 0
    /// The charts placed on the sheet: top left cell and size in pixels.
    private var charts: [(row: Int, col: Int, width: Double, height: Double)] = []
    /// Set by ``printOnOnePage()``: the last row and column printed.
    private var onePage: PageSetup.PrintArea?

    init(_ ws: UnsafeMutablePointer<lxw_worksheet>, name: String, styles: Styles, workbookPath: String) {
        self.ws = ws
        self.name = name
        self.styles = styles
        self.workbookPath = workbookPath
    }

    /// ``Workbook/check(_:_:path:)`` for a call on this sheet.
    private func check(_ error: lxw_error, _ what: @autoclosure () -> String) throws {
        try Workbook.check(error, "\(what()) of sheet \(name) in", path: workbookPath)
    }

    /// Rows a sheet holds (Excel's limit, 2²⁰).
    static let rowLimit = 1_048_576

    /// A string cell; input text is only ever written this way, never as a
    /// formula, and always as ``CellText/fitted(_:)`` (cut to Excel's limit,
    /// characters XML cannot hold replaced): this is the one place every
    /// workbook writes a string cell. `fits: false` for titles that may
    /// overflow into the next cells.
    func text(_ row: Int, _ col: Int, _ text: String, _ format: Styles.Format? = nil, fits: Bool = true) throws {
        guard !text.isEmpty else { return }
        let value = CellText.fitted(text)
        try check(worksheet_write_string(ws, lxw_row_t(row), lxw_col_t(col), value, format), "write a cell")
        written(row, col)
        // A text's display width never exceeds its UTF-8 length, so most
        // cells of a long column skip the measuring.
        if fits && (col >= widths.count || value.utf8.count > widths[col]) { fit(col, displayWidth(value)) }
    }

    /// A text that may be longer than its column is wide, wrapped into
    /// lines within the cell (`format` wraps, ``Workbook/wrapped``): the row
    /// is made as tall as the lines, and the column keeps its width.
    func wrappedText(_ row: Int, _ col: Int, _ text: String, _ format: Styles.Format) throws {
        try self.text(row, col, text, format, fits: false)
        wrapped.append((row, col, displayWidth(CellText.fitted(text))))
    }

    /// A long text of a table, wrapped in a column at most
    /// ``paragraphWidth`` characters wide (narrower when every text is short).
    func paragraph(_ row: Int, _ col: Int, _ text: String) throws {
        try wrappedText(row, col, text, styles.paragraph)
        fit(col, min(displayWidth(CellText.fitted(text)), Sheet.paragraphWidth))
    }

    /// The widest a ``paragraph(_:_:_:)`` column is made, in Latin character cells.
    static let paragraphWidth = 50

    func number(_ row: Int, _ col: Int, _ value: Double, _ format: Styles.Format? = nil, width: Int) throws {
        try check(worksheet_write_number(ws, lxw_row_t(row), lxw_col_t(col), value, format), "write a cell")
        written(row, col)
        fit(col, width)
    }

    private func written(_ row: Int, _ col: Int) {
        if row > lastRow { lastRow = row }
        if col > lastCol { lastCol = col }
    }

    /// Writes one table value with the cell type and format its column asks for.
    func cell(_ row: Int, _ col: Int, _ value: Cell, _ style: ColumnStyle) throws {
        switch value {
        case .text(let s):
            if case .paragraph = style { try paragraph(row, col, s) } else { try text(row, col, s) }
        case .count(let n):
            try number(row, col, Double(n), width: n < 0 ? String(n).count : digits(n))
        case .ratio(let r):
            if case .change = style {
                try number(row, col, r.doubleValue, styles.change, width: 7)
            } else {
                try number(row, col, r.doubleValue, styles.percent, width: 6)
            }
        case .day(let d):
            try number(row, col, Sheet.serial(d), styles.date, width: 10)
        case .timestamp(let seconds, _):
            try number(row, col, Double(seconds) / 86_400 + Sheet.excelEpochOffset, styles.timestamp, width: 19)
        case .empty:
            break
        }
    }

    /// Days from 1899-12-30 (Excel's day 0) to 1970-01-01.
    static let excelEpochOffset = 25_569.0
    static func serial(_ day: Day) -> Double { Double(day.index) + excelEpochOffset }

    /// A header row in the header style; headers get room for a filter button.
    func header(_ row: Int, _ titles: [String], firstCol: Int = 0) throws {
        for (i, title) in titles.enumerated() {
            try text(row, firstCol + i, title, styles.header)
            fit(firstCol + i, displayWidth(title) + 3)
        }
    }

    /// Keeps rows `0..<rows` in view on screen; on paper they are the rows
    /// repeated at the top of every page (``PageSetup/repeatedRows``).
    func freezeRows(_ rows: Int) {
        worksheet_freeze_panes(ws, lxw_row_t(rows), 0)
        frozenRows = rows
    }

    /// Prints what is written so far, and the charts placed on it, on one
    /// page; rows written afterwards (a chart's data table below) stay on
    /// screen only. For the overview, which a committee reads on one sheet
    /// of paper whatever the length of the window.
    func printOnOnePage() {
        onePage = PageSetup.PrintArea(lastRow: max(lastRow, 0), lastCol: max(lastCol, 0))
    }

    func autofilter(firstRow: Int, firstCol: Int, lastRow: Int, lastCol: Int) throws {
        try check(worksheet_autofilter(ws, lxw_row_t(firstRow), lxw_col_t(firstCol), lxw_row_t(lastRow), lxw_col_t(lastCol)),
                  "set the filter")
    }

    /// Red below the minimum rate, amber below 90 %, green at 100 %, on one
    /// column range of percent cells. Blank cells stay uncoloured.
    func thresholdColours(firstRow: Int, lastRow: Int, col: Int, minRate: Double) throws {
        guard lastRow >= firstRow else { return }
        let corner = Sheet.cellName(row: firstRow, col: col)
        let rules: [(String, Styles.Format)] = [
            ("<\(minRate)", styles.below),
            ("<0.9", styles.watch),
            (">=1", styles.full),
        ]
        for (test, format) in rules {
            try conditionalFormat("=AND(ISNUMBER(\(corner)),\(corner)\(test))", format, firstRow: firstRow, firstCol: col,
                                  lastRow: lastRow, lastCol: col)
        }
    }

    /// Fills rows `firstRow…lastRow` of columns `firstCol…lastCol` red, as a
    /// coverage below the minimum rate, where the cell in column `col` holds
    /// a text (the registry's rows with a problem).
    func flagRows(firstRow: Int, lastRow: Int, firstCol: Int, lastCol: Int, whereFilled col: Int) throws {
        guard lastRow >= firstRow else { return }
        try conditionalFormat("=LEN($\(Sheet.cellName(row: firstRow, col: col)))>0", styles.below, firstRow: firstRow,
                              firstCol: firstCol, lastRow: lastRow, lastCol: lastCol)
    }

    /// A conditional format by `formula` (relative to the range's first
    /// cell) that stops the rules after it when it applies.
    private func conditionalFormat(_ formula: String, _ format: Styles.Format, firstRow: Int, firstCol: Int, lastRow: Int,
                                   lastCol: Int) throws {
        var rule = lxw_conditional_format()
        rule.type = UInt8(LXW_CONDITIONAL_TYPE_FORMULA.rawValue)
        rule.format = format
        rule.stop_if_true = 1
        try formula.withCString { cString in
            rule.value_string = UnsafeMutablePointer(mutating: cString)
            try check(worksheet_conditional_format_range(ws, lxw_row_t(firstRow), lxw_col_t(firstCol), lxw_row_t(lastRow),
                                                         lxw_col_t(lastCol), &rule),
                      "set the colours")
        }
    }

    func insertChart(_ chart: UnsafeMutablePointer<lxw_chart>, row: Int, col: Int, xScale: Double, yScale: Double) throws {
        var options = lxw_chart_options()
        options.x_scale = xScale
        options.y_scale = yScale
        try check(worksheet_insert_chart_opt(ws, lxw_row_t(row), lxw_col_t(col), chart, &options), "place the chart")
        charts.append((row, col, PageSetup.chartSize.width * xScale, PageSetup.chartSize.height * yScale))
    }

    /// Makes a column at least `width` characters wide when widths are applied.
    func fit(_ col: Int, _ width: Int) {
        if col >= widths.count { widths.append(contentsOf: repeatElement(0, count: col - widths.count + 1)) }
        if width > widths[col] { widths[col] = width }
    }

    func applyWidths() throws {
        for (col, width) in widths.enumerated() where width > 0 {
            try check(worksheet_set_column(ws, lxw_col_t(col), lxw_col_t(col), Double(fittedWidth(col)), nil),
                      "set the column widths")
        }
        for cell in wrapped {
            // Lines of the column's width, a character cell short for the margins.
            let perLine = max(1, (cell.col < widths.count && widths[cell.col] > 0 ? fittedWidth(cell.col) : 9) - 1)
            let lines = (cell.width + perLine - 1) / perLine
            try check(worksheet_set_row(ws, lxw_row_t(cell.row), Sheet.lineHeight * Double(max(1, lines)), nil),
                      "set a row height")
        }
    }

    /// How the sheet prints, from its column widths, charts and frozen rows
    /// (``PageSetup``); call after ``applyWidths()``.
    func pageSetup() -> PageSetup {
        let columns = onePage.map { $0.lastCol + 1 } ?? max(widths.count, lastCol + 1)
        let pixels = (0..<columns).map(columnPixels)
        // Only the cells (and charts) print: a text running past the last
        // column (a rejected row's raw text, up to 32,766 characters) would
        // otherwise widen the printout, and one page wide would shrink the
        // whole table to nothing.
        var chartRight = 0
        var area = onePage ?? PageSetup.PrintArea(lastRow: max(lastRow, 0), lastCol: max(columns - 1, 0))
        for chart in charts {
            // The chart's right edge from the sheet's left, and the last column and row it covers.
            var left = (0..<chart.col).reduce(0) { $0 + columnPixels($1) }, endCol = chart.col
            let right = left + Int(chart.width.rounded(.up))
            while left + columnPixels(endCol) < right {
                left += columnPixels(endCol)
                endCol += 1
            }
            chartRight = max(chartRight, right)
            let endRow = chart.row + Int((chart.height / Double(PageSetup.rowPixels)).rounded(.up))
            area = PageSetup.PrintArea(lastRow: max(area.lastRow, endRow), lastCol: max(area.lastCol, endCol))
        }
        return PageSetup(columnPixels: pixels, chartRight: chartRight, repeatedRows: frozenRows, onePage: onePage != nil,
                         printArea: area)
    }

    /// Gives the sheet its page set-up (``pageSetup()``) and `footer`.
    func applyPageSetup(_ footer: PageFooter) throws {
        let setup = pageSetup()
        worksheet_set_paper(ws, PageSetup.paperA4)
        if setup.landscape { worksheet_set_landscape(ws) } else { worksheet_set_portrait(ws) }
        let m = PageSetup.margins
        worksheet_set_margins(ws, m.left, m.right, m.top, m.bottom)
        worksheet_fit_to_pages(ws, 1, UInt16(setup.pagesTall))
        if setup.repeatedRows > 0 {
            try check(worksheet_repeat_rows(ws, 0, lxw_row_t(setup.repeatedRows - 1)), "set the rows printed on every page")
        }
        let area = setup.printArea
        try check(worksheet_print_area(ws, 0, 0, lxw_row_t(area.lastRow), lxw_col_t(area.lastCol)), "set the print area")
        try check(worksheet_set_footer(ws, footer.text), "set the footer")
    }

    /// A column's width in pixels once widths are applied.
    private func columnPixels(_ col: Int) -> Int {
        PageSetup.pixels(characters: col < widths.count && widths[col] > 0 ? fittedWidth(col) : 0)
    }

    /// The height of one line of text in points (Excel's default row).
    static let lineHeight = 15.0

    /// The width a column is given: its widest content and a margin, at most 60.
    private func fittedWidth(_ col: Int) -> Int { min(widths[col] + 2, 60) }

    /// `A1`-style name of a cell (0-based row and column).
    static func cellName(row: Int, col: Int) -> String {
        var letters = ""
        var c = col + 1
        while c > 0 {
            let r = (c - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + r))) + letters
            c = (c - 1) / 26
        }
        return letters + String(row + 1)
    }

    private func digits(_ n: Int) -> Int {
        var n = n, d = 1
        while n >= 10 { n /= 10; d += 1 }
        return d
    }
}

/// Not `Sendable`: a sheet is written on its workbook's thread (``Workbook``).
@available(*, unavailable)
extension Sheet: Sendable {}
