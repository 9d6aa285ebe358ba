import CXLSXWriter
import ReachModel

/// A line chart of daily coverage: days along the x axis (`mm-dd`),
/// 0–100 % up the y axis, one line per series, drawn from a trend table on
/// a normal ``Sheet`` — never a ``StreamingSheet``, whose cells libxlsxwriter
/// cannot read back — so the file carries the chart's data cache and
/// renders without recalculation.
///
/// An empty cell is a gap in the line, never a zero: a day without data, or
/// without check-in, is no 0 % day (SPEC 2, contract v2). libxlsxwriter 1.1
/// writes gaps, its default, by leaving out `<c:dispBlanksAs>` (Excel and
/// LibreOffice read that as gaps in a file of its Excel 2007 kind) and skips
/// empty cells in the data cache.
struct CoverageChart {
    /// What a series is called in the legend.
    enum SeriesName {
        /// The text of a cell (a table's header).
        case cell(row: Int, col: Int)
        case text(String)
    }

    private let chart: UnsafeMutablePointer<lxw_chart>
    private let workbookPath: String

    /// A chart in `book` titled `title`, its legend below it or left out.
    init(in book: Workbook, title: String, legend: Bool) throws {
        chart = try book.addLineChart()
        workbookPath = book.path
        chart_show_blanks_as(chart, UInt8(LXW_CHART_BLANKS_AS_GAP.rawValue))
        chart_title_set_name(chart, title)
        chart_legend_set_position(chart, UInt8((legend ? LXW_CHART_LEGEND_BOTTOM : LXW_CHART_LEGEND_NONE).rawValue))
        chart_axis_set_num_format(chart.pointee.x_axis, "mm-dd")
        chart_axis_set_num_format(chart.pointee.y_axis, "0%")
        chart_axis_set_min(chart.pointee.y_axis, 0)
        chart_axis_set_max(chart.pointee.y_axis, 1)
    }

    /// Adds a line: the days in column `dayCol` and the coverage in column
    /// `col` of `rows` on `sheet`.
    func addSeries(from sheet: Sheet, rows: ClosedRange<Int>, dayCol: Int, col: Int, name: SeriesName) throws {
        guard let series = chart_add_series(chart, nil, nil) else {
            throw ReachError.cannotRun("cannot add a chart series to \(workbookPath)")
        }
        let first = lxw_row_t(rows.lowerBound), last = lxw_row_t(rows.upperBound)
        chart_series_set_categories(series, sheet.name, first, lxw_col_t(dayCol), last, lxw_col_t(dayCol))
        chart_series_set_values(series, sheet.name, first, lxw_col_t(col), last, lxw_col_t(col))
        switch name {
        case .cell(let row, let col): chart_series_set_name_range(series, sheet.name, lxw_row_t(row), lxw_col_t(col))
        case .text(let text): chart_series_set_name(series, text)
        }
    }

    /// Places the chart on `sheet` with its top left corner in cell
    /// (`row`, `col`), scaled from libxlsxwriter's default size.
    func place(on sheet: Sheet, row: Int, col: Int, xScale: Double, yScale: Double) throws {
        try sheet.insertChart(chart, row: row, col: col, xScale: xScale, yScale: yScale)
    }
}
