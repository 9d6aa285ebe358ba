import ReachTestSupport
import ReachModel
import Testing
@testable import ReachReading

@Suite struct ScannerTests {
    /// Random text over the characters that matter to the dialect: the fast
    /// path for plain records must give exactly what the general scanner
    /// gives, record by record and field by field.
    @Test(arguments: [UInt8(ascii: ","), UInt8(ascii: "\t")])
    func plainRecordsScanAsTheGeneralScannerDoes(delimiter: UInt8) {
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("bc".utf8), Array("2026-11-03 08:05:09".utf8), [UInt8(ascii: ",")], [UInt8(ascii: "\t")],
            [UInt8(ascii: " ")], [0x0D], [0x0A], [0x0D, 0x0A], [UInt8(ascii: "\"")], Array("\u{3000}".utf8), Array("中文".utf8),
        ]
        // Quotes are rare so that most records take the fast path.
        let weights = [30, 20, 10, 12, 6, 6, 2, 8, 4, 1, 3, 6]
        var generator = SplitMix(seed: UInt64(delimiter))
        var bytes: [UInt8] = []
        while bytes.count < 200_000 {
            var pick = Int(generator.next() % UInt64(weights.reduce(0, +)))
            var k = 0
            while pick >= weights[k] { pick -= weights[k]; k += 1 }
            bytes += pieces[k]
        }
        bytes += [0x0A]
        bytes.withUnsafeBufferPointer { buffer in
            var fast = RecordScanner(text: buffer.baseAddress!, end: buffer.count, atEnd: true, delimiter: delimiter, maxFields: 6)
            var general = RecordScanner(text: buffer.baseAddress!, end: buffer.count, atEnd: true, delimiter: delimiter, maxFields: 6)
            defer { fast.deallocate(); general.deallocate() }
            var position = 0, records = 0
            while position < buffer.count {
                guard let a = fast.scan(at: position), let b = general.scanGeneral(at: position) else {
                    Issue.record("no record at \(position)"); return
                }
                #expect(a.start == b.start && a.rawEnd == b.rawEnd && a.next == b.next, "record at \(position)")
                #expect(a.fieldCount == b.fieldCount && a.lineBreaks == b.lineBreaks, "record at \(position)")
                #expect(a.isBlank == b.isBlank && a.unclosedQuote == b.unclosedQuote, "record at \(position)")
                for f in 0 ..< min(a.fieldCount, 6) where Array(fast.field(f)) != Array(general.field(f)) {
                    Issue.record("field \(f) of the record at \(position)")
                }
                position = b.next
                records += 1
            }
            #expect(records > 5_000)
        }
    }
}
