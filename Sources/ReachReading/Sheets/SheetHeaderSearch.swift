import ReachModel

/// Where a sheet's header is and how its columns were matched.
struct SheetHeader {
    var layout: HeaderLayout
    /// Sheet row numbers of the header: one row, or the two rows of a
    /// merged group header joined (`上班1` above `打卡时间` → `上班1打卡时间`).
    var rows: ClosedRange<Int>
    /// The header name of each column, as matched (joined for two rows).
    var names: [String]
}

/// Finds the header of a sheet (SPEC 1.2, 1.2a): among the first 10
/// non-blank rows, the first that holds every required column of the
/// file's kind, alone or joined with the row above or below it.
enum SheetHeaderSearch {
    /// Non-blank rows looked at, plus one: the lower row of a two-row
    /// header whose upper row is the tenth.
    static let rowsNeeded = HeaderSearch.linesSearched + 1

    /// `rows`: the first non-blank rows of a sheet, in order (at most
    /// ``rowsNeeded``). `nil` header: `bestMissing` names the fewest
    /// required columns any row lacked (`nil` when there was no row).
    static func search(_ rows: [SheetRow], kind: FileKind) -> (header: SheetHeader?, bestMissing: [Column]?) {
        var bestMissing: [Column]?
        func note(_ missing: [Column]) {
            if bestMissing == nil || missing.count < bestMissing!.count { bestMissing = missing }
        }
        for k in 0 ..< min(rows.count, HeaderSearch.linesSearched) {
            let row = rows[k]
            let names = row.cells.map { String(SheetText.trimmed($0)) }
            let (single, missing) = HeaderLayout.match(names: names, kind: kind, delimiter: 0x2C)
            note(missing)
            if let single {
                // A group row over sub-headers also matches alone when the
                // group cells hold the required names; the row below then
                // fills the group's empty cells and the joined pair matches too.
                if k + 1 < rows.count, adjacent(row, rows[k + 1]), fillsGaps(upper: row, lower: rows[k + 1]),
                   let pair = joined(upper: row, lower: rows[k + 1], kind: kind) {
                    return (pair, nil)
                }
                return (SheetHeader(layout: single, rows: row.number ... row.number, names: names), nil)
            }
            if k > 0, adjacent(rows[k - 1], row), let pair = joined(upper: rows[k - 1], lower: row, kind: kind) {
                return (pair, nil)
            }
        }
        return (nil, bestMissing)
    }

    /// The two rows follow each other in the sheet.
    private static func adjacent(_ upper: SheetRow, _ lower: SheetRow) -> Bool {
        lower.number == upper.number + 1
    }

    /// `lower` has text under an empty cell of `upper` (the tail of a merged group cell).
    private static func fillsGaps(upper: SheetRow, lower: SheetRow) -> Bool {
        lower.cells.indices.contains { i in
            !SheetText.trimmed(lower.cells[i]).isEmpty
                && (i >= upper.cells.count || SheetText.trimmed(upper.cells[i]).isEmpty)
        }
    }

    /// The names of a two-row header: a column with a sub-header joins it to
    /// its group cell (the nearest non-empty upper cell to its left, while
    /// the sub-headers run on: a merged cell holds its text in its first
    /// column only); a column without one keeps the upper name (a cell
    /// merged down over both rows). When the joined name is no column of
    /// `kind` but the group alone is, the group name is kept (`打卡时间`
    /// over `上班`, `下班` reads as `打卡时间`, first column first). A
    /// sub-header alone never stands for its column: `打卡时间` under
    /// `下班1` must not be read as the check-in time.
    static func joinedNames(upper: SheetRow, lower: SheetRow, kind: FileKind) -> [String] {
        let width = max(upper.cells.count, lower.cells.count)
        var names: [String] = []
        var group = ""
        for i in 0 ..< width {
            let top = i < upper.cells.count ? String(SheetText.trimmed(upper.cells[i])) : ""
            let sub = i < lower.cells.count ? String(SheetText.trimmed(lower.cells[i])) : ""
            if !top.isEmpty { group = top }
            if sub.isEmpty {
                names.append(top)
                group = top
            } else if !HeaderLayout.isColumnName(group + sub, kind: kind) && HeaderLayout.isColumnName(group, kind: kind) {
                names.append(group)
            } else {
                names.append(group + sub)
            }
        }
        return names
    }

    private static func joined(upper: SheetRow, lower: SheetRow, kind: FileKind) -> SheetHeader? {
        let names = joinedNames(upper: upper, lower: lower, kind: kind)
        guard let layout = HeaderLayout.match(names: names, kind: kind, delimiter: 0x2C).layout else { return nil }
        return SheetHeader(layout: layout, rows: upper.number ... lower.number, names: names)
    }
}
