import CXLSXWriter
import Foundation
import ReachModel

/// A thin, checked wrapper over a libxlsxwriter workbook.
///
/// Every libxlsxwriter call that can fail goes through
/// ``check(_:_:path:)``, which turns a failure into
/// ``ReachError/cannotRun(_:)`` naming the output file. Sheets are
/// normal-mode, so charts drawn from them get their data caches and render
/// in viewers that do not recalculate; long tables go on a
/// ``StreamingSheet``.
///
/// A workbook is confined to the thread that creates it: libxlsxwriter
/// keeps tables shared by all its sheets (strings, formats), so neither the
/// workbook nor its ``Sheet``s are `Sendable`, and the compiler refuses to
/// hand them to another thread. Workbooks written side by side are separate
/// `Workbook`s, each made and closed by one job (``ReportWriter``).
final class Workbook {
    let path: String
    private var handle: UnsafeMutablePointer<lxw_workbook>?
    private(set) var sheets: [Sheet] = []
    private(set) var styles: Styles!
    private let modes: ConstantMemorySwitch
    /// The footer of every printed page of every sheet.
    let footer: PageFooter

    /// A workbook to be written at `path`, its parts assembled in
    /// `partsFolder` (`nil`: libxlsxwriter's default; see ``PartsFolder``).
    /// `footer`: what every printed page says at its foot (each sheet's
    /// page set-up is made when the workbook is closed, ``PageSetup``).
    /// `modes`: how a ``StreamingSheet`` is added (tests give another).
    init(path: String, footer: PageFooter, partsFolder: String? = nil,
         modes: ConstantMemorySwitch = ConstantMemorySwitch()) throws {
        self.path = path
        self.footer = footer
        self.modes = modes
        let started: UnsafeMutablePointer<lxw_workbook>? = partsFolder.withOptionalCString { folder in
            var options = lxw_workbook_options()
            options.constant_memory = 0
            options.tmpdir = folder  // copied by libxlsxwriter
            return workbook_new_opt(path, &options)
        }
        guard let handle = started else {
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

    /// Adds a normal worksheet: cells in any order, readable by a chart.
    /// `name` is a fixed sheet name, never input text.
    func addSheet(_ name: String) throws -> Sheet {
        try add(name, streaming: false)
    }

    /// Adds a ``StreamingSheet`` for a long table.
    func addStreamingSheet(_ name: String) throws -> StreamingSheet {
        StreamingSheet(try add(name, streaming: true))
    }

    private func add(_ name: String, streaming: Bool) throws -> Sheet {
        guard let ws = modes.addWorksheet(name, to: live, constantMemory: streaming) else {
            throw ReachError.cannotRun("cannot add sheet \(name) to \(path)")
        }
        let sheet = Sheet(ws, name: name, styles: styles, workbookPath: path)
        sheets.append(sheet)
        return sheet
    }

    func addFormat() -> UnsafeMutablePointer<lxw_format> {
        workbook_add_format(live)
    }

    /// Text wrapped within its cell, aligned to the top, for a long line of
    /// the overview (``Sheet/wrappedText(_:_:_:_:)``). Made on first use, so
    /// a workbook without such a line has exactly the formats it always had.
    private(set) lazy var wrapped: Styles.Format = {
        let format = addFormat()
        format_set_text_wrap(format)
        format_set_align(format, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
        return format
    }()

    /// The label beside a ``wrapped`` text: bold like every label, at the
    /// top of its row beside the text's first line. Made on first use.
    private(set) lazy var wrappedLabel: Styles.Format = {
        let format = addFormat()
        format_set_bold(format)
        format_set_align(format, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
        return format
    }()

    /// A line chart, set up by ``CoverageChart``.
    func addLineChart() throws -> UnsafeMutablePointer<lxw_chart> {
        guard let chart = workbook_add_chart(live, UInt8(LXW_CHART_LINE.rawValue)) else {
            throw ReachError.cannotRun("cannot add a chart to \(path)")
        }
        return chart
    }

    /// Applies the column widths, gives every sheet its page set-up
    /// (``PageSetup``, from those widths) and writes the file
    /// (libxlsxwriter compresses its parts at zlib's default level).
    func close() throws {
        for sheet in sheets {
            try sheet.applyWidths()
            try sheet.applyPageSetup(footer)
        }
        let handle = live
        self.handle = nil
        try Self.check(workbook_close(handle), "write", path: path)
    }

    /// Throws ``ReachError/cannotRun(_:)`` for a libxlsxwriter error: what
    /// reach could not do to the workbook at `path`, why and what to do.
    static func check(_ error: lxw_error, _ what: @autoclosure () -> String, path: String) throws {
        guard error != LXW_NO_ERROR else { return }
        let reason = String(cString: lxw_strerror(error))
        throw ReachError.cannotRun("cannot \(what()) the workbook \(path): \(reason); \(remedy(error))")
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
    /// Wrapped and at the top of its cell: a ``Sheet/paragraph(_:_:_:)``.
    /// Numbered only when a cell uses it (see below), so a workbook without
    /// such a cell has exactly the formats it always had.
    let paragraph: Format

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
        paragraph = book.addFormat()
        format_set_text_wrap(paragraph)
        format_set_align(paragraph, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
        // libxlsxwriter numbers a format the first time a cell or a
        // conditional format uses it (with these functions of its header),
        // and leaves an unused one out of styles.xml. Numbering them here,
        // in this order, gives these formats the same numbers in every
        // workbook reach writes, whatever its sheets hold and whichever
        // sheet is written first. Without it the files are as correct, but
        // their styles.xml and style numbers differ from the reports before.
        for format in [header, title, label, warning, percent, change, date, timestamp] { _ = lxw_format_get_xf_index(format) }
        for format in [below, watch, full] { _ = lxw_format_get_dxf_index(format) }
    }
}

/// Not `Sendable`, on purpose (see ``Workbook``): no conformance, not even
/// an unchecked one, can be added elsewhere.
@available(*, unavailable)
extension Workbook: Sendable {}

private extension Optional where Wrapped == String {
    /// Calls `body` with a C string of the value, or with `nil`.
    func withOptionalCString<R>(_ body: (UnsafeMutablePointer<CChar>?) -> R) -> R {
        guard let self else { return body(nil) }
        return self.withCString { body(UnsafeMutablePointer(mutating: $0)) }
    }
}
