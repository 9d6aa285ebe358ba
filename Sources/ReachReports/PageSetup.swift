import ReachModel

/// How one sheet prints (SPEC 4, contract v4): on A4, landscape or
/// portrait by its width, scaled to one page wide, its header rows on every
/// page and a footer naming the day, the sheet and the page.
///
/// Worked out from what the sheet holds once it is written (its column
/// widths, its charts, its frozen rows) when the workbook is closed, so that
/// every sheet added through ``Workbook/addSheet(_:)`` or
/// ``Workbook/addStreamingSheet(_:)`` prints this way without a line of its
/// own. ``Sheet/applyPageSetup(_:)`` hands it to libxlsxwriter.
struct PageSetup: Equatable {
    /// Whether the page is turned sideways.
    let landscape: Bool
    /// Pages tall the sheet is scaled to: 0 (as many as its rows need) or 1.
    let pagesTall: Int
    /// Rows `0..<repeatedRows` print at the top of every page (none: 0).
    let repeatedRows: Int
    /// The last row and column printed: the sheet's cells and charts, or
    /// the top left part of the sheet the overview prints
    /// (``Sheet/printOnOnePage()``). Text running past the last column is
    /// not printed, so it cannot widen the printout.
    let printArea: PrintArea

    struct PrintArea: Equatable {
        let lastRow: Int
        let lastCol: Int
    }

    /// The paper: A4 (libxlsxwriter's paper code 9), as schools in China use.
    static let paperA4: UInt8 = 9
    /// Margins in inches: left, right, top, bottom; narrower than Excel's
    /// defaults (0.7, 0.7, 0.75, 0.75) so a table keeps more of its size,
    /// with room at the bottom for the footer (0.3 in from the edge).
    static let margins = (left: 0.5, right: 0.5, top: 0.6, bottom: 0.75)

    /// Printable width of an upright A4 page in pixels (96 per inch)
    /// between the margins: 210 mm less 1 in. A wider sheet turns sideways
    /// and is scaled to one page wide whatever its width.
    static let portraitWidth = 698

    /// The page set-up of a sheet whose printed columns are `columnPixels`
    /// wide (left to right) with charts reaching `chartRight` pixels from the
    /// left edge (0: none).
    ///
    /// The rule: portrait when the printed columns and charts fit the width
    /// of an upright A4 page (``portraitWidth``), landscape when wider. Either
    /// way the sheet is then scaled to one page wide, so a table is never cut
    /// sideways; turning the wide ones keeps their print as large as it can
    /// be. `onePage`: scaled to one page tall too (the overview).
    init(columnPixels: [Int], chartRight: Int, repeatedRows: Int, onePage: Bool,
         printArea: PrintArea) {
        let width = max(columnPixels.reduce(0, +), chartRight)
        landscape = width > Self.portraitWidth
        pagesTall = onePage ? 1 : 0
        self.repeatedRows = repeatedRows
        self.printArea = printArea
    }

    /// A column's width in pixels as Excel draws it in its default font
    /// (Calibri 11: 7 pixels a character and 5 of padding); `characters`
    /// 0 is a column left at the default width of 8.43 characters.
    static func pixels(characters: Int) -> Int {
        characters > 0 ? characters * 7 + 5 : 64
    }

    /// A chart's default size in pixels in libxlsxwriter, before scaling.
    static let chartSize = (width: 480.0, height: 288.0)
    /// Excel's default row height in pixels (15 points).
    static let rowPixels = 20
}

/// The footer of every printed page: the as-of day on the left, the sheet
/// name in the middle and `page N of M` on the right (SPEC 4), in the
/// report's language, as a libxlsxwriter footer string (`&A` the sheet's
/// name, `&P` the page, `&N` the pages of what is printed).
struct PageFooter: Sendable, Equatable {
    let text: String

    init(asOf: Day, language: ReportLanguage) {
        let labels = Labels(language: language)
        // Ampersands start a code: a literal one is written twice.
        func literal(_ s: String) -> String { s.replacingOccurrences(of: "&", with: "&&") }
        text = "&L" + literal(labels.footerAsOf(asOf)) + "&C&A&R" + labels.footerPage(page: "&P", of: "&N")
    }
}
