import CXLSXWriter

/// Adds a libxlsxwriter worksheet in constant-memory mode (a
/// ``StreamingSheet``) or in normal mode, in one workbook: the one place
/// reach writes a field of a libxlsxwriter struct.
///
/// libxlsxwriter offers the mode only for a whole workbook, as the
/// `constant_memory` option given to `workbook_new_opt`; no release through
/// 1.2.3 has a per-sheet option. Each sheet copies the option from the
/// workbook's `options` field when `workbook_add_worksheet` adds it, and
/// nothing reads the field afterwards, so setting it around that one call
/// gives that one sheet the mode. Neither whole-workbook mode will do
/// (BENCHMARKS.md, "One workbook, two sheet modes"; campus year, 50,000
/// members, `report --split class`):
/// - every sheet in constant-memory mode: the charts lose their data cache
///   (they draw from normal sheets only), so a viewer that does not
///   recalculate shows them empty;
/// - every sheet normal: a correct file (shared instead of inline strings
///   in the long sheets), but at W = 30 a peak of 323 MB instead of 205 MB,
///   and the main workbook, the report's longest job, takes about 1.5× as
///   long; on a province, 4 s more CPU in the by-college workbooks.
///
/// The field is written only when the library reach runs with is the
/// release its headers came from (the field's place in the struct is fixed
/// at compile time) and one whose source was read for the behaviour above
/// (``verifiedVersions``). With any other release every sheet is normal:
/// the same cells, more memory.
struct ConstantMemorySwitch {
    /// libxlsxwriter releases (`LXW_VERSION_ID`, e.g. 114 for 1.1.4) whose
    /// `workbook_add_worksheet` reads the mode from the workbook's options
    /// when it adds a sheet, and nothing else reads it: 1.0.0 through 1.2.3
    /// (reach builds with 1.1.4).
    static let verifiedVersions = 100...123

    /// Whether a sheet can be given its own mode: `false` means every sheet
    /// is normal.
    let perSheet: Bool

    /// The switch for the library linked (`lxw_version_id()`) and the
    /// headers compiled against (`LXW_VERSION_ID`).
    init(library: Int = Int(lxw_version_id()), headers: Int = Int(LXW_VERSION_ID)) {
        perSheet = library == headers && Self.verifiedVersions.contains(headers)
    }

    /// Adds the worksheet `name` to `book`, in constant-memory mode when
    /// `constantMemory` and ``perSheet``, else normal; `nil` when
    /// libxlsxwriter refuses. `book` was created with the option off, and
    /// it is off again on return.
    func addWorksheet(_ name: String, to book: UnsafeMutablePointer<lxw_workbook>,
                      constantMemory: Bool) -> UnsafeMutablePointer<lxw_worksheet>? {
        guard perSheet && constantMemory else { return workbook_add_worksheet(book, name) }
        book.pointee.options.constant_memory = 1
        defer { book.pointee.options.constant_memory = 0 }
        return workbook_add_worksheet(book, name)
    }
}
