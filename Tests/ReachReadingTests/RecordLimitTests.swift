import Foundation
import ReachTestSupport
import Testing
import ReachModel
@testable import ReachReading

/// The record limit (``MemoryBudget/recordBytes``, issue 18): a record
/// longer than it is a bad row at its line, reading goes on at the next
/// line, and what is decided never depends on how the text was buffered.
@Suite struct RecordLimitTests {
    static let small = MemoryBudget(recordBytes: 64)

    func read(_ text: String, name: String = "checkins.csv", budget: MemoryBudget = RecordLimitTests.small,
              batchRecords: Int = 200_000) throws -> ReadAll {
        let reader = try FileReader(bytes: Array(text.utf8), name: name, zone: shanghai, batchRecords: batchRecords,
                                    budget: budget)
        var all = ReadAll(kind: reader.kind)
        try reader.forEachBatch { all.batches.append($0) }
        return all
    }

    @Test func aLineLongerThanTheLimitIsABadRowAndTheNextRowIsRead() throws {
        let long = "S2," + String(repeating: "x", count: 100)
        let text = "member_id,time\nS1,2026-11-03 08:00:00\n\(long)\r\nS3,2026-11-03 08:00:01\n"
        for batchRecords in [1, 200_000] {
            let all = try read(text, batchRecords: batchRecords)
            #expect(all.records == 3)
            #expect(all.events.map(\.member) == ["S1", "S3"])
            #expect(all.rejects == [RowReject(file: "checkins.csv", line: 3,
                                              reason: "record longer than 64 bytes (a value too long, or a quote not closed)",
                                              raw: long)])
        }
    }

    @Test func aRecordOfExactlyTheLimitIsRead() throws {
        let id = String(repeating: "1", count: 64 - ",2026-11-03 08:00:00".utf8.count)
        let all = try read("member_id,time\n\(id),2026-11-03 08:00:00\n")
        #expect(all.rejects.isEmpty)
        #expect(all.events.map(\.member) == [id])
    }

    /// A quoted value with line breaks that is longer than the limit: its
    /// first line is rejected as an unclosed quote (SPEC 1.2), and the lines
    /// after it are read as records.
    @Test func aQuoteNotClosedWithinTheLimitIsAnUnclosedQuote() throws {
        let text = "member_id,time,content_id\nS1,2026-11-03 08:00:00,\"P1\n" + String(repeating: "y\n", count: 40)
            + "P1\"\nS2,2026-11-03 08:00:01,P2\n"
        let all = try read(text, name: "shares.csv")
        #expect(all.rejects.first == RowReject(file: "shares.csv", line: 2, reason: "unclosed quote",
                                               raw: "S1,2026-11-03 08:00:00,\"P1"))
        #expect(all.rejects.dropFirst().allSatisfy { $0.reason.hasPrefix("wrong field count") })
        #expect(all.events.map(\.member) == ["S2"])
        #expect(all.rejects.last?.line == 43)
    }

    /// A 200,000-character value (600,000 bytes of Chinese text, quoted,
    /// with a line break) stays well within the standard limit.
    @Test func aValueOfTwoHundredThousandCharactersIsKept() throws {
        let value = String(repeating: "评论很长\n", count: 40_000)
        let text = "member_id,time,channel\nS1,2026-11-03 08:00:00,\"\(value)\"\nS2,2026-11-03 08:00:01,app\n"
        let all = try read(text, budget: .standard)
        #expect(all.rejects.isEmpty)
        #expect(all.events.map(\.channel) == [value, "app"])
    }

    /// An over-long record's raw text is its first ``RecordLimit/rawBytes``
    /// bytes, cut before a character that would not fit.
    @Test func theRawTextOfAnOverLongRecordIsItsStart() throws {
        let long = "S1," + String(repeating: "长", count: 2_000)
        let all = try read("member_id,time\n\(long)\n", budget: MemoryBudget(recordBytes: 4_096))
        let raw = try #require(all.rejects.first?.raw)
        #expect(raw.utf8.count == 1_023 && long.hasPrefix(raw))
    }

    /// A line longer than the limit before any header rejects the file, naming the line.
    @Test func aHeaderSearchLineLongerThanTheLimitRejectsTheFile() throws {
        let text = "export title\n" + String(repeating: "z", count: 100) + "\nmember_id,time\n"
        do {
            _ = try read(text)
            Issue.record("not rejected")
        } catch ReachError.fileRejected(let file, let reason) {
            #expect(file == "checkins.csv")
            #expect(reason.hasPrefix("line 2 is longer than 64 bytes, the most one record may hold"))
        }
        #expect(try read("member_id,time\n" + String(repeating: "z", count: 100) + "\n").records == 1)
    }

    /// The scanner decides within the limit: a text that holds the limit
    /// and two bytes more gives what the whole text gives, whether or not
    /// more follows; a shorter one asks for more.
    @Test func theScannerDecidesWithinTheLimit() {
        let cases = ["\"" + String(repeating: "a\n", count: 50), String(repeating: "b", count: 100) + "\nc\n",
                     "S1,\"q\n" + String(repeating: "c", count: 99) + "\"\n"]
        for text in cases {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { b in
                func scan(_ count: Int, atEnd: Bool) -> RecordScanner.Record? {
                    var scanner = RecordScanner(text: b.baseAddress!, end: count, atEnd: atEnd, delimiter: 0x2C,
                                                maxFields: 4, maxRecord: 64)
                    defer { scanner.deallocate() }
                    return scanner.scan(at: 0)
                }
                let whole = scan(bytes.count, atEnd: true)
                let window = scan(67, atEnd: false)
                #expect(whole?.unclosedQuote == window?.unclosedQuote && whole?.overlong == window?.overlong, "\(text.prefix(8))")
                #expect(whole?.overlong == true || whole?.unclosedQuote == true, "\(text.prefix(8))")
                #expect(scan(60, atEnd: false) == nil)
            }
        }
    }

    /// A line longer than the buffer is skipped across refills, its line
    /// counted once, and the next line read whole.
    @Test func aLineLongerThanTheBufferIsSkipped() throws {
        let tmp = TempFolder()
        let url = URL(fileURLWithPath: tmp.write("skip.csv", "a\n" + String(repeating: "x", count: 1_000) + "\nnext,line\n"))
        let text = try TextBuffer(url: url, chunkSize: 64)
        text.consume(to: 2, lineBreaks: 1)
        try text.skipLine()
        #expect(text.line == 3)
        while !text.atEnd { try text.refill() }
        #expect(String(decoding: UnsafeBufferPointer(start: text.base + text.start, count: text.end - text.start), as: UTF8.self)
                    == "next,line\n")
    }

    /// A sheet row whose cells in the header's columns hold more than the
    /// limit is a bad row at its sheet row.
    @Test func aSheetRowLongerThanTheLimitIsABadRow() throws {
        let html = """
            <html><body><table>
            <tr><td>member_id</td><td>time</td></tr>
            <tr><td>S1</td><td>2026-11-03 08:00:00</td></tr>
            <tr><td>\(String(repeating: "w", count: 100))</td><td>2026-11-03 08:00:00</td></tr>
            <tr><td>S3</td><td>2026-11-03 08:00:01</td><td>\(String(repeating: "v", count: 100))</td></tr>
            </table></body></html>
            """
        let all = try read(html, name: "checkins.xls")
        #expect(all.events.map(\.member) == ["S1", "S3"])
        #expect(all.rejects.map(\.reason) == ["row longer than 64 bytes of text (a value too long)"])
        #expect(all.rejects.map(\.line) == [3])
        #expect(all.rejects.first?.sheet != nil)
    }
}
