/// Splits UTF-8 text into delimited records (SPEC 1.2): RFC 4180 quoting
/// (the delimiter, `""` and line breaks inside quotes), LF or CRLF line ends,
/// values trimmed of U+0020 and U+3000 on both sides, quoted or not.
///
/// The scanner works on raw bytes and makes no strings: a field is a byte
/// range of the text, or of a scratch area when unescaping `""` changed it.
/// A quote opens a quoted field only at the start of a field (after
/// trimming); anywhere else it is an ordinary character, and characters after
/// a closing quote are kept (lenient, like most spreadsheet readers). A
/// quote that is never closed before the end of the text makes a record of
/// just the line it starts on (SPEC 1.2), so one stray quote costs one line.
///
/// A record may be at most `maxRecord` bytes long (``MemoryBudget/recordBytes``):
/// the scanner looks no further than that for its end, so what it decides
/// never depends on how much text follows. A quote that opens a value and
/// is not closed within the limit, past the line it opens on, is an
/// unclosed quote (the value could only be longer than a record may be).
/// Any other record past the limit — a line that long — is marked
/// ``Record/overlong`` and, like an unclosed quote, is only the line it
/// starts on; when that line runs on past the text, ``Record/runsOn`` asks
/// the reader to skip to its line feed.
struct RecordScanner {
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let quote: UInt8 = 0x22
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09

    /// The text; records are read from it in place.
    let text: UnsafePointer<UInt8>
    /// Bytes in `text`.
    let end: Int
    /// No more text follows `end`: a record without a line end is complete.
    let atEnd: Bool
    let delimiter: UInt8
    /// Fields kept per record; more are counted but not kept.
    let maxFields: Int
    /// Longest record, line end excluded.
    let maxRecord: Int
    /// Field ranges of the last record: `start >= 0` is an offset in `text`,
    /// `start < 0` is offset `-start - 1` in the scratch area.
    private(set) var starts: UnsafeMutablePointer<Int>
    private(set) var counts: UnsafeMutablePointer<Int>
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity: Int
    private var scratchCount = 0

    /// Where one record lies.
    struct Record {
        /// Offset of its first byte.
        var start: Int
        /// Offset after its last byte, line end (and a CR before it) excluded.
        var rawEnd: Int
        /// Offset of the next record.
        var next: Int
        /// Fields in the record (may exceed `maxFields`).
        var fieldCount: Int
        /// Line feeds consumed, its own line end included.
        var lineBreaks: Int
        /// Only spaces, tabs and U+3000: skipped, not counted.
        var isBlank: Bool
        /// A quoted field ran to the end of the text without its closing
        /// quote: the record is then only the line it starts on (`rawEnd`,
        /// `next` and `lineBreaks` say so) and its fields are not kept.
        var unclosedQuote: Bool
        /// Longer than ``RecordScanner/maxRecord``: like an unclosed quote,
        /// the record is only the line it starts on, its fields not kept.
        var overlong = false
        /// An over-long record whose line goes on past the end of the text:
        /// `next` is the end, and reading goes on after the line's line feed.
        var runsOn = false
    }

    init(text: UnsafePointer<UInt8>, end: Int, atEnd: Bool, delimiter: UInt8, maxFields: Int, maxRecord: Int = .max) {
        self.text = text
        self.end = end
        self.atEnd = atEnd
        self.delimiter = delimiter
        self.maxFields = max(1, maxFields)
        self.maxRecord = max(1, maxRecord)
        starts = .allocate(capacity: self.maxFields)
        counts = .allocate(capacity: self.maxFields)
        scratchCapacity = 4096
        scratch = .allocate(capacity: scratchCapacity)
    }

    /// Frees the field and scratch storage; the scanner is unusable after.
    func deallocate() {
        starts.deallocate()
        counts.deallocate()
        scratch.deallocate()
    }

    /// Field `i` (< min(fieldCount, maxFields)) of the last record scanned.
    @inline(__always) func field(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let s = starts[i]
        return s >= 0 ? UnsafeBufferPointer(start: text + s, count: counts[i])
                      : UnsafeBufferPointer(start: scratch + (-s - 1), count: counts[i])
    }

    /// Scans the record starting at `position`; `nil` when it does not end
    /// within the text and more text may follow. A record longer than
    /// ``maxRecord`` comes back ``Record/overlong``.
    @inline(__always) mutating func scan(at position: Int) -> Record? {
        if let record = scanPlain(at: position) {
            return record.rawEnd - position > maxRecord ? overlong(at: position, openQuote: false) : record
        }
        return scanBounded(at: position)
    }

    /// A record the fast path left: the general path, which looks for the
    /// record's end within the limit only (two bytes more: a closing quote,
    /// a CR), so that whether a quote is unclosed never depends on how much
    /// text follows.
    @inline(never) private mutating func scanBounded(at position: Int) -> Record? {
        let window = maxRecord < end - position - 2 ? position + maxRecord + 2 : end
        guard let record = scanGeneral(at: position, end: window, atEnd: atEnd && window == end) else {
            return window < end ? overlong(at: position, openQuote: true) : nil
        }
        return record.rawEnd - position > maxRecord ? overlong(at: position, openQuote: false) : record
    }

    /// The record starting at `position` that is longer than the limit: the
    /// line it starts on. `openQuote`: its end was not found within the
    /// limit; when its first line is within the limit, a quoted value runs
    /// on past it, and the record is an unclosed quote.
    @inline(never) private func overlong(at position: Int, openQuote: Bool) -> Record {
        let lineEnd = Self.lineFeed(in: text, from: position, to: end)
        var rawEnd = lineEnd
        if rawEnd > position && text[rawEnd - 1] == Self.cr && lineEnd < end { rawEnd -= 1 }
        let unclosed = openQuote && rawEnd - position <= maxRecord
        return Record(start: position, rawEnd: rawEnd, next: lineEnd < end ? lineEnd + 1 : end, fieldCount: 1,
                      lineBreaks: lineEnd < end ? 1 : 0, isBlank: false, unclosedQuote: unclosed, overlong: !unclosed,
                      runsOn: lineEnd == end && !atEnd)
    }

    /// The common case, fast: a record with no `"` whose line feed is in the
    /// text. Eight bytes at a time, it marks every delimiter, line feed and
    /// quote, then walks the marks; the fields are those
    /// ``scanGeneral(at:)`` gives for such a record. `nil` (nothing decided)
    /// for a record with a quote before its line feed, or without a line
    /// feed in the text's whole words.
    @inline(__always) private mutating func scanPlain(at position: Int) -> Record? {
        let t = text, end = self.end
        let ones: UInt64 = 0x0101_0101_0101_0101
        let delims = UInt64(delimiter) &* ones, lfs = UInt64(Self.lf) &* ones, quotes = UInt64(Self.quote) &* ones
        let raw = UnsafeRawPointer(t)
        var i = position, fieldStart = position
        var fieldCount = 0
        var allEmpty = true
        while i &+ 8 <= end {
            let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let lineFeeds = Self.zeroBytes(w ^ lfs)
            let quoteMarks = Self.zeroBytes(w ^ quotes)
            if quoteMarks != 0 && (lineFeeds == 0 || quoteMarks.trailingZeroBitCount < lineFeeds.trailingZeroBitCount) {
                return nil  // a quote in the record: the general path
            }
            var marks = Self.zeroBytes(w ^ delims) | lineFeeds
            while marks != 0 {
                let at = i &+ marks.trailingZeroBitCount &>> 3
                let atLineFeed = t[at] == Self.lf
                var e = at
                if atLineFeed && e > fieldStart && t[e &- 1] == Self.cr { e &-= 1 }
                let (fStart, fEnd) = Self.trim(t, fieldStart, e)
                if fieldCount < maxFields {
                    starts[fieldCount] = fStart
                    counts[fieldCount] = fEnd &- fStart
                }
                if fEnd > fStart { allEmpty = false }
                fieldCount &+= 1
                if atLineFeed {
                    var rawEnd = at
                    if rawEnd > position && t[rawEnd &- 1] == Self.cr { rawEnd &-= 1 }
                    let blank = allEmpty && Self.isBlank(t, position, rawEnd)
                    return Record(start: position, rawEnd: rawEnd, next: at &+ 1, fieldCount: fieldCount,
                                  lineBreaks: 1, isBlank: blank, unclosedQuote: false)
                }
                fieldStart = at &+ 1
                marks &= marks &- 1
            }
            i &+= 8
        }
        return nil
    }

    /// Bit 7 set in each byte of `x` that is zero, exactly (no borrow
    /// carries into the next byte).
    @inline(__always) private static func zeroBytes(_ x: UInt64) -> UInt64 {
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((x & lows) &+ lows) | x) & 0x8080_8080_8080_8080
    }

    /// Any record: quoted fields (with `""`, delimiters and line breaks
    /// inside), text after a closing quote, a record at the end of the text.
    /// Looks at `text[position ..< end]` only; `atEnd`: no text follows `end`.
    mutating func scanGeneral(at position: Int) -> Record? {
        scanGeneral(at: position, end: end, atEnd: atEnd)
    }

    private mutating func scanGeneral(at position: Int, end: Int, atEnd: Bool) -> Record? {
        let t = text, delim = delimiter
        scratchCount = 0
        var i = position
        var fieldCount = 0
        var breaks = 0
        var unclosed = false
        var anyQuoted = false
        var allEmpty = true
        while true {
            i = skipLeadingSpace(i, end: end)
            var fStart: Int, fEnd: Int
            var scratchStart = -1
            if i < end && t[i] == Self.quote {
                anyQuoted = true
                i += 1
                var segment = i
                var contentEnd: Int
                while true {
                    while i < end && t[i] != Self.quote {
                        if t[i] == Self.lf { breaks += 1 }
                        i += 1
                    }
                    if i >= end {
                        if !atEnd { return nil }
                        unclosed = true
                        contentEnd = end
                        break
                    }
                    if i + 1 >= end && !atEnd { return nil }  // `""` or a closing quote: not known yet
                    if i + 1 < end && t[i + 1] == Self.quote {
                        if scratchStart < 0 { scratchStart = scratchCount }
                        appendScratch(from: segment, to: i + 1)
                        i += 2
                        segment = i
                        continue
                    }
                    contentEnd = i
                    i += 1
                    break
                }
                if scratchStart >= 0 { appendScratch(from: segment, to: contentEnd) }
                if !unclosed {
                    // Characters between the closing quote and the delimiter are kept.
                    let after = i
                    while i < end && t[i] != delim && t[i] != Self.lf { i += 1 }
                    if i >= end && !atEnd { return nil }
                    var afterEnd = i
                    if afterEnd > after && t[afterEnd - 1] == Self.cr && (i >= end || t[i] == Self.lf) { afterEnd -= 1 }
                    if Self.trim(t, after, afterEnd).end > Self.trim(t, after, afterEnd).start {
                        if scratchStart < 0 {
                            scratchStart = scratchCount
                            appendScratch(from: segment, to: contentEnd)
                        }
                        appendScratch(from: after, to: afterEnd)
                    }
                }
                if scratchStart >= 0 {
                    (fStart, fEnd) = Self.trim(UnsafePointer(scratch), scratchStart, scratchCount)
                } else {
                    (fStart, fEnd) = Self.trim(t, segment, contentEnd)
                }
            } else {
                let s = i
                i = nextDelimiterOrLineFeed(from: i, end: end)
                if i >= end && !atEnd { return nil }
                var e = i
                if e > s && t[e - 1] == Self.cr && (i >= end || t[i] == Self.lf) { e -= 1 }
                (fStart, fEnd) = Self.trim(t, s, e)
            }
            if fieldCount < maxFields {
                starts[fieldCount] = scratchStart >= 0 ? -fStart - 1 : fStart
                counts[fieldCount] = fEnd - fStart
            }
            if fEnd > fStart { allEmpty = false }
            fieldCount += 1
            if !unclosed && i < end && t[i] == delim {
                i += 1
                continue
            }
            var rawEnd: Int, next: Int
            if unclosed {
                // SPEC 1.2 (v2): a quote never closed rejects only the line it
                // starts on; reading resumes at the next line.
                let lineEnd = Self.lineFeed(in: t, from: position, to: end)
                rawEnd = lineEnd
                next = lineEnd < end ? lineEnd + 1 : end
                breaks = lineEnd < end ? 1 : 0
                fieldCount = 1
            } else if i < end {  // at a line feed
                rawEnd = i
                next = i + 1
                breaks += 1
            } else {
                rawEnd = end
                next = end
            }
            if rawEnd > position && t[rawEnd - 1] == Self.cr { rawEnd -= 1 }
            let blank = !anyQuoted && allEmpty && Self.isBlank(t, position, rawEnd)
            return Record(start: position, rawEnd: rawEnd, next: next, fieldCount: fieldCount,
                          lineBreaks: breaks, isBlank: blank, unclosedQuote: unclosed)
        }
    }

    /// The first line feed in `[from, to)`, or `to`.
    static func lineFeed(in base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        var i = from
        while i < to && base[i] != lf { i += 1 }
        return i
    }

    /// `[s, e)` of `base` without surrounding U+0020 and U+3000.
    @inline(__always) static func trim(_ base: UnsafePointer<UInt8>, _ s0: Int, _ e0: Int) -> (start: Int, end: Int) {
        var s = s0, e = e0
        while s < e {
            if base[s] == space { s += 1; continue }
            if base[s] == 0xE3 && e - s >= 3 && base[s + 1] == 0x80 && base[s + 2] == 0x80 { s += 3; continue }
            break
        }
        while e > s {
            if base[e - 1] == space { e -= 1; continue }
            if e - s >= 3 && base[e - 3] == 0xE3 && base[e - 2] == 0x80 && base[e - 1] == 0x80 { e -= 3; continue }
            break
        }
        return (s, e)
    }

    /// Whether `[s, e)` holds only spaces, tabs, CRs and U+3000.
    static func isBlank(_ base: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        var i = s
        while i < e {
            let c = base[i]
            if c == space || c == tab || c == cr { i += 1; continue }
            if c == 0xE3 && e - i >= 3 && base[i + 1] == 0x80 && base[i + 2] == 0x80 { i += 3; continue }
            return false
        }
        return true
    }

    /// The first offset at or after `from` holding the delimiter or a line
    /// feed, or `end`; eight bytes at a time (SWAR zero-byte test).
    @inline(__always) private func nextDelimiterOrLineFeed(from: Int, end: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let delims = UInt64(delimiter) &* ones, lfs = UInt64(Self.lf) &* ones
        let raw = UnsafeRawPointer(text)
        var i = from
        while i + 8 <= end {
            let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let x = w ^ delims, y = w ^ lfs
            let found = ((x &- ones) & ~x | (y &- ones) & ~y) & highs
            if found != 0 { return i + found.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < end && text[i] != delimiter && text[i] != Self.lf { i += 1 }
        return i
    }

    @inline(__always) private func skipLeadingSpace(_ from: Int, end: Int) -> Int {
        var i = from
        while i < end {
            if text[i] == Self.space { i += 1; continue }
            if text[i] == 0xE3 && i + 2 < end && text[i + 1] == 0x80 && text[i + 2] == 0x80 { i += 3; continue }
            break
        }
        return i
    }

    private mutating func appendScratch(from: Int, to: Int) {
        let n = to - from
        guard n > 0 else { return }
        if scratchCount + n > scratchCapacity {
            var capacity = scratchCapacity * 2
            while capacity < scratchCount + n { capacity *= 2 }
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            bigger.update(from: scratch, count: scratchCount)
            scratch.deallocate()
            scratch = bigger
            scratchCapacity = capacity
        }
        (scratch + scratchCount).update(from: text + from, count: n)
        scratchCount += n
    }
}
