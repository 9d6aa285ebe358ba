import Foundation
import ReachModel

/// The data sheet of a spreadsheet file and its header (SPEC 1.2a): the
/// first sheet whose first 10 non-blank rows hold a header of the file's
/// kind. Its data rows are then read in one streaming pass.
final class SheetSource {
    let book: SheetBook
    let fileName: String
    /// Index and name of the sheet read.
    let sheet: Int
    let sheetName: String
    let header: SheetHeader
    /// Sheets that were not read (before or after the data sheet).
    let otherSheets: [String]

    /// Picks the data sheet; throws ``ReachError/fileRejected(file:reason:)``
    /// when no sheet has a header of `kind`.
    init(book: SheetBook, fileName: String, kind: FileKind) throws {
        self.book = book
        self.fileName = fileName
        var bestMissing: [Column]?
        var looked: [String] = []
        for (index, name) in book.sheetNames.enumerated() {
            var rows: [SheetRow] = []
            try Self.guarded(fileName) {
                try book.readRows(sheet: index) { row in
                    if SheetText.isBlank(row) { return .more }
                    rows.append(row)
                    return rows.count < SheetHeaderSearch.rowsNeeded ? .more : .stop
                }
            }
            let (found, missing) = SheetHeaderSearch.search(rows, kind: kind)
            if let found {
                // Damage found at the end of the sheet must reject the file
                // before its first batch, not after some.
                try Self.guarded(fileName) { try book.verify(sheet: index) }
                sheet = index
                sheetName = name
                header = found
                otherSheets = book.sheetNames.enumerated().filter { $0.offset != index }.map(\.element)
                return
            }
            looked.append(name)
            if let missing, bestMissing == nil || missing.count < bestMissing!.count { bestMissing = missing }
        }
        guard let bestMissing else {
            throw ReachError.fileRejected(file: fileName, reason: "the workbook has no text in any sheet (\(Self.list(looked))); export it again")
        }
        throw ReachError.fileRejected(file: fileName, reason: HeaderSearch.missingReason(
            bestMissing, kind: kind, place: "in the first \(HeaderSearch.linesSearched) non-blank rows of any sheet (\(Self.list(looked)))"))
    }

    /// Calls `body` with each non-blank data row below the header, in order.
    func forEachDataRow(_ body: (SheetRow) throws -> Void) throws {
        let last = header.rows.upperBound
        try Self.guarded(fileName) {
            try book.readRows(sheet: sheet) { row in
                if row.number <= last || SheetText.isBlank(row) { return .more }
                try body(row)
                return .more
            }
        }
    }

    /// Sheet names as messages quote them: `'说明', '汇总'`.
    static func list(_ names: [String]) -> String {
        names.map { "'\($0)'" }.joined(separator: ", ")
    }

    /// Turns a ``SheetError`` into the file's whole-file reject.
    static func guarded(_ fileName: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as SheetError {
            throw ReachError.fileRejected(file: fileName, reason: error.reason)
        }
    }
}
