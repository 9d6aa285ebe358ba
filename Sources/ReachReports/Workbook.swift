import CDeflateLevel
import CXLSXWriter
import Foundation
import ReachModel

/// A thin, checked wrapper over a libxlsxwriter workbook.
///
/// Every libxlsxwriter call that can fail goes through ``check(_:_:)``, which
/// turns a failure into ``ReachError/cannotRun(_:)`` naming the output file.
/// Sheets are normal-mode by default, so charts drawn from them get their
/// data caches and render in viewers that do not recalculate. Long tables
/// (members, gaps) go on streaming sheets: libxlsxwriter's constant-memory
/// mode, chosen per sheet, writes each row out as it is finished and stores
/// strings inline instead of in the shared-string table, which is several
/// times faster and lighter for tens of thousands of rows.
final class Workbook {
    let path: String
    private var handle: UnsafeMutablePointer<lxw_workbook>?
    private(set) var sheets: [Sheet] = []
    private(set) var styles: Styles!

    init(path: String) throws {
        self.path = path
        var options = lxw_workbook_options()
        options.constant_memory = 0
        guard let handle = workbook_new_opt(path, &options) else {
            throw ReachError.cannotRun("cannot start the workbook \(path): out of memory")
        }
        self.handle = handle
        styles = Styles(self)
    }

    deinit {
        // Only reached without close(): an error was thrown while filling the
        // workbook. Free it without writing anything.
        if let handle { lxw_workbook_free(handle) }
    }

    /// Adds a worksheet; `name` is a fixed sheet name, never input text.
    /// A `streaming` sheet must be written row by row, top to bottom, and
    /// cannot feed a chart.
    func addSheet(_ name: String, streaming: Bool = false) throws -> Sheet {
        // libxlsxwriter reads the mode when a sheet is added, so switching
        // the workbook option around the call makes it a per-sheet choice.
        let book = live
        book.pointee.options.constant_memory = streaming ? 1 : 0
        defer { book.pointee.options.constant_memory = 0 }
        guard let ws = workbook_add_worksheet(book, name) else {
            throw ReachError.cannotRun("cannot add sheet \(name) to \(path)")
        }
        let sheet = Sheet(ws, name: name, book: self)
        sheets.append(sheet)
        return sheet
    }

    func addFormat() -> UnsafeMutablePointer<lxw_format> {
        workbook_add_format(live)
    }

    /// A line chart that leaves a gap at an empty cell, never a zero: a day
    /// without data, or without check-in, is no 0 % day (SPEC 2, contract
    /// v2). libxlsxwriter 1.1 writes gaps, its default, by leaving out
    /// `<c:dispBlanksAs>` (Excel and LibreOffice read that as gaps in a file
    /// of its Excel 2007 kind) and skips empty cells in the data cache.
    func addLineChart() throws -> UnsafeMutablePointer<lxw_chart> {
        guard let chart = workbook_add_chart(live, UInt8(LXW_CHART_LINE.rawValue)) else {
            throw ReachError.cannotRun("cannot add a chart to \(path)")
        }
        chart_show_blanks_as(chart, UInt8(LXW_CHART_BLANKS_AS_GAP.rawValue))
        return chart
    }

    /// Applies the column widths and writes the file.
    ///
    /// The parts are compressed at ``Workbook/compressionLevel``:
    /// libxlsxwriter always asks zlib for its default level (6), which spends
    /// twice the time of level 1 on the member sheet's XML for a file about
    /// a third smaller; a nightly report is read once and replaced the next
    /// day, so reach prefers the speed.
    func close(compressionLevel: Int32 = Workbook.compressionLevel) throws {
        for sheet in sheets { try sheet.applyWidths() }
        let handle = live
        self.handle = nil
        reach_set_thread_deflate_level(compressionLevel)
        defer { reach_set_thread_deflate_level(-1) }
        try check(workbook_close(handle), "write")
    }

    /// The zlib level the workbook's parts are compressed at (1 = fastest,
    /// -1 = zlib's default).
    static let compressionLevel: Int32 = 1

    /// Whether ``compressionLevel`` takes effect in this process: false when
    /// the platform's linker bound zlib elsewhere, and the workbook is written
    /// at zlib's default level instead (same content, slower).
    static var compressionLevelApplies: Bool { reach_deflate_level_active() != 0 }

    func check(_ error: lxw_error, _ what: @autoclosure () -> String) throws {
        guard error != LXW_NO_ERROR else { return }
        let reason = String(cString: lxw_strerror(error))
        throw ReachError.cannotRun("cannot \(what()) the workbook \(path): \(reason); \(Workbook.remedy(error))")
    }

    /// What to do about a libxlsxwriter error: only file and zip errors are
    /// about the disk. Any other is a limit or a parameter reach should have
    /// kept to (cell texts are cut to fit, for example), so it is a bug.
    static func remedy(_ error: lxw_error) -> String {
        switch error {
        case LXW_ERROR_CREATING_XLSX_FILE, LXW_ERROR_CREATING_TMPFILE, LXW_ERROR_READING_TMPFILE,
             LXW_ERROR_ZIP_FILE_OPERATION, LXW_ERROR_ZIP_PARAMETER_ERROR, LXW_ERROR_ZIP_BAD_ZIP_FILE,
             LXW_ERROR_ZIP_INTERNAL_ERROR, LXW_ERROR_ZIP_FILE_ADD, LXW_ERROR_ZIP_CLOSE:
            return "check that the output folder and the temporary folder are writable and their disks have space"
        case LXW_ERROR_MEMORY_MALLOC_FAILED:
            return "the machine ran out of memory; run again with fewer other programs running"
        default:
            return "reach should have kept to that limit, so this is a bug, not a problem of the disk: please report it with this message"
        }
    }

    private var live: UnsafeMutablePointer<lxw_workbook> {
        guard let handle else { preconditionFailure("workbook used after close") }
        return handle
    }
}

/// The cell formats one workbook uses, created once.
struct Styles {
    typealias Format = UnsafeMutablePointer<lxw_format>
    let header: Format
    let title: Format
    let label: Format
    /// Bold red: a line the reader must not miss (no fill, as the text runs
    /// on over the cells to its right).
    let warning: Format
    let percent: Format
    let change: Format
    let date: Format
    let timestamp: Format
    let below: Format
    let watch: Format
    let full: Format

    init(_ book: Workbook) {
        header = book.addFormat()
        format_set_bold(header)
        format_set_bg_color(header, 0xDDEBF7)
        format_set_bottom(header, UInt8(LXW_BORDER_THIN.rawValue))
        title = book.addFormat()
        format_set_bold(title)
        format_set_font_size(title, 14)
        label = book.addFormat()
        format_set_bold(label)
        warning = book.addFormat()
        format_set_bold(warning)
        format_set_font_color(warning, 0xC00000)
        percent = book.addFormat()
        format_set_num_format(percent, "0.0%")
        change = book.addFormat()
        format_set_num_format(change, "+0.0%;-0.0%;0.0%")
        date = book.addFormat()
        format_set_num_format(date, "yyyy-mm-dd")
        timestamp = book.addFormat()
        format_set_num_format(timestamp, "yyyy-mm-dd hh:mm:ss")
        func fill(_ background: lxw_color_t, _ font: lxw_color_t) -> Format {
            let f = book.addFormat()
            format_set_bg_color(f, background)
            format_set_font_color(f, font)
            return f
        }
        below = fill(0xFFC7CE, 0x9C0006)   // red: below the minimum rate
        watch = fill(0xFFEB9C, 0x9C5700)   // amber: below 90 %
        full = fill(0xC6EFCE, 0x006100)    // green: 100 %
        // libxlsxwriter numbers a format the first time a cell or a
        // conditional format uses it, in the workbook's shared tables. Doing
        // it here, once, leaves nothing shared for the sheet writers to
        // change, so two sheets can be filled at the same time.
        for format in [header, title, label, warning, percent, change, date, timestamp] { _ = lxw_format_get_xf_index(format) }
        for format in [below, watch, full] { _ = lxw_format_get_dxf_index(format) }
    }
}
