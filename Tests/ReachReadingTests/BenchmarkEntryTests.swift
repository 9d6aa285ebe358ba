import Testing
@_spi(Benchmarks) @testable import ReachReading

/// The micro-benchmarks' entry points do the work they are timed for.
@Suite struct BenchmarkEntryTests {
    func fields(_ strings: [String]) -> FieldBytes {
        var fields = FieldBytes()
        for string in strings { fields.append(string.utf8) }
        return fields
    }

    @Test func fieldBytesLayFieldsEndToEnd() {
        let laid = fields(["ab", "", "c"])
        #expect(laid.bytes == Array("abc".utf8))
        #expect(laid.ends == [2, 2, 3])
        #expect(laid.count == 3)
    }

    @Test func recordScanningCountsRecordsAndFieldBytes() {
        // Header 9 + 4 bytes, first row 10 + 19; the blank line is skipped;
        // `"a,""b"" "` unescapes to `a,"b" ` and is trimmed to 5 bytes, ` c `
        // to 1; `x` is a record of one field, whose bytes are not read.
        let text = "member_id,time\n2026010001,2026-11-03 08:00:00\n\n  \"a,\"\"b\"\" \" , c \nx\n"
        let result = RecordScanning.scan(Array(text.utf8), delimiter: 0x2C, fieldCount: 2)
        #expect(result.records == 4)
        #expect(result.fieldBytes == 13 + 29 + 5 + 1)
    }

    @Test(arguments: [false, true])
    func internerTableInternsAndFinds(prefetching: Bool) {
        let table = InternerTable(expectedKeys: 4)
        let long = String(repeating: "x", count: 20)  // longer than a slot holds
        #expect(table.intern(fields(["a", "bb", "a", long])) == 0 + 1 + 0 + 2)
        #expect(table.count == 3)
        #expect(table.find(fields(["bb", "zz", long, "a"]), prefetching: prefetching) == (3, 1 + 2 + 0))
        // More keys than the prefetch queue holds, a long one among them.
        let many = (0 ..< 40).map { "k\($0)" }
        _ = table.intern(fields(many))  // ids 3 … 42
        let found = table.find(fields(many + ["k40", long] + many.map { $0 + "!" }), prefetching: prefetching)
        #expect(found == (41, (3 ... 42).reduce(0, +) + 2))
    }

    @Test func timestampReadingSumsTheInstantsItAccepts() throws {
        let reading = try TimestampReading(zone: "Asia/Shanghai")
        // 2026-11-03 08:00 in Shanghai is 2026-11-03 00:00 UTC, day 20,760.
        let result = reading.parse(fields(["2026-11-03 08:00:00", "1970-01-01T00:00:00Z", "nonsense", "1000000000"]))
        #expect(result == (3, 20_760 * 86_400 + 0 + 1_000_000_000))
        #expect(throws: (any Error).self) { try TimestampReading(zone: "Mars/Olympus") }
    }
}
