import ReachModel

/// Where a file's header is and which header cell each column was read
/// from: what `reach check` shows, so that whoever prepares an export can
/// see how reach understood it (SPEC 1.2, 1.2a).
public struct HeaderMatch: Sendable, Equatable {
    /// One column read, by its SPEC name.
    public struct Matched: Sendable, Equatable {
        /// Canonical column name (`member_id`, `time`, …).
        public var column: String
        /// The header text it was matched by (joined for a two-row header).
        public var header: String
        /// Column letter in a sheet (`C`), field number in a delimited file (`3`).
        public var position: String
    }

    /// The sheet read; `nil` for a delimited file.
    public var sheet: String?
    /// The sheets of the workbook that were not read.
    public var otherSheets: [String]
    /// Line (delimited file) or sheet rows (spreadsheet) of the header: two
    /// rows for a merged group header.
    public var rows: ClosedRange<Int>
    /// The columns read, in the order of the file.
    public var columns: [Matched]

    init(sheet: String?, otherSheets: [String], rows: ClosedRange<Int>, layout: HeaderLayout, names: [String],
         kind: FileKind) {
        self.sheet = sheet
        self.otherSheets = otherSheets
        self.rows = rows
        columns = layout.index.sorted { $0.value < $1.value }.map { column, index in
            Matched(column: column.rawValue, header: index < names.count ? names[index] : "",
                    position: sheet == nil ? String(index + 1) : SheetText.columnLetters(index))
        }
    }

    /// What a file's quality row says besides its counts: for a
    /// spreadsheet, the sheet read with its header rows, and the sheets not
    /// read; nothing for a delimited file.
    public var notes: [String] {
        guard sheet != nil else { return [] }
        return [placeText] + (otherSheets.isEmpty ? [] : ["other sheets not read: \(SheetSource.list(otherSheets))"])
    }

    /// `line 2`, `row 3` or `rows 2–3`, and the sheet: where the header is.
    public var placeText: String {
        let unit = sheet == nil ? "line" : (rows.count == 1 ? "row" : "rows")
        let span = rows.count == 1 ? "\(rows.lowerBound)" : "\(rows.lowerBound)–\(rows.upperBound)"
        return sheet.map { "sheet '\($0)', header \(unit) \(span)" } ?? "header \(unit) \(span)"
    }
}
