import ReachModel

/// Finds the header line of a file (SPEC 1.2): the first of the first 10
/// non-blank lines that holds every required column of the file's kind.
/// Lines above it (export titles) are skipped.
enum HeaderSearch {
    static let linesSearched = 10

    /// Where the header was found.
    struct Found {
        var layout: HeaderLayout
        /// Offset just after the header's line end.
        var dataStart: Int
        /// Line feeds from the text start to `dataStart`.
        var lineBreaks: Int
        /// Line feeds before the header line (its line is this + 1).
        var headerLineBreaks: Int
        /// The header's field names, as written.
        var names: [String]
    }

    enum Outcome {
        case found(Found)
        /// The text ends before 10 non-blank lines and no header was seen;
        /// `nil` when it has no non-blank line at all.
        case notFound(bestMissing: [Column]?)
        /// The 10 lines are not all in the text yet.
        case needMore
        /// A line before the header is longer than the record limit
        /// (``ReachModel/MemoryBudget/recordBytes``); `lineBreaks` line feeds
        /// come before it.
        case lineTooLong(lineBreaks: Int)
    }

    /// Looks at `text[start ..< end]`, each physical line on its own; a line
    /// may be at most `maxLine` bytes long, its end is never looked for
    /// further.
    static func search(_ text: UnsafePointer<UInt8>, start: Int, end: Int, atEnd: Bool, kind: FileKind,
                       maxLine: Int = .max) -> Outcome {
        var position = start, breaks = 0, candidates = 0
        var bestMissing: [Column]?
        while candidates < linesSearched {
            let breaksBefore = breaks
            if position >= end {
                if atEnd { break }
                return .needMore
            }
            let window = maxLine < end - position - 2 ? position + maxLine + 2 : end
            var lineEnd = position
            while lineEnd < window && text[lineEnd] != RecordScanner.lf { lineEnd += 1 }
            if lineEnd == window && window < end { return .lineTooLong(lineBreaks: breaks) }
            if lineEnd == end && !atEnd { return .needMore }
            let next = lineEnd < end ? lineEnd + 1 : end
            var contentEnd = lineEnd
            if contentEnd > position && text[contentEnd - 1] == RecordScanner.cr { contentEnd -= 1 }
            if contentEnd - position > maxLine { return .lineTooLong(lineBreaks: breaks) }
            if lineEnd < end { breaks += 1 }
            if !RecordScanner.isBlank(text, position, contentEnd) {
                candidates += 1
                let (names, delimiter) = fieldNames(text + position, count: contentEnd - position)
                let (layout, missing) = HeaderLayout.match(names: names, kind: kind, delimiter: delimiter)
                if let layout {
                    return .found(Found(layout: layout, dataStart: next, lineBreaks: breaks, headerLineBreaks: breaksBefore,
                                        names: names))
                }
                if bestMissing == nil || missing.count < bestMissing!.count { bestMissing = missing }
            }
            position = next
        }
        return .notFound(bestMissing: bestMissing)
    }

    /// The trimmed fields of one line, split at a tab when the line holds a
    /// tab and no comma, else at commas.
    static func fieldNames(_ line: UnsafePointer<UInt8>, count: Int) -> ([String], UInt8) {
        let bytes = UnsafeBufferPointer(start: line, count: count)
        let delimiter: UInt8 = bytes.contains(RecordScanner.tab) && !bytes.contains(0x2C) ? RecordScanner.tab : 0x2C
        let fieldLimit = bytes.reduce(1) { $0 + ($1 == delimiter ? 1 : 0) }
        var scanner = RecordScanner(text: line, end: count, atEnd: true, delimiter: delimiter, maxFields: fieldLimit)
        defer { scanner.deallocate() }
        guard let record = scanner.scan(at: 0) else { return ([], delimiter) }
        let names = (0 ..< min(record.fieldCount, fieldLimit)).map { fieldText(scanner.field($0)) }
        return (names, delimiter)
    }

    /// Why a file whose line `line`, above any header, is longer than `limit` bytes is rejected.
    static func tooLongReason(line: Int, limit: Int) -> String {
        "line \(line) is longer than \(MemoryBudget.bytesText(limit)), the most one record may hold, and no header line was found above it; the header must be one of the first \(linesSearched) non-blank lines: check that this is the export itself, and save it again as CSV"
    }

    /// Why a file has no usable header: the missing columns and their accepted names.
    /// `place` says where the header was looked for (a sheet's rows, say).
    static func missingReason(_ missing: [Column], kind: FileKind,
                              place: String = "in the first \(linesSearched) non-blank lines") -> String {
        func named(_ column: Column) -> String {
            "\(column.rawValue) (accepted names: \(column.aliases(in: kind).joined(separator: ", ")))"
        }
        let list = missing.map { column in
            let alternatives = column.alternatives(in: kind)
            return alternatives.isEmpty ? named(column)
                : ([column] + alternatives).map(named).joined(separator: " or ")
        }.joined(separator: "; ")
        return "no header line with all required columns of a \(kind.rawValue) file \(place); missing \(list). Add or rename the header columns, or pass --kind if this is another kind of file"
    }
}
