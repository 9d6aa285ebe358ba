import ReachModel
import Testing
@testable import ReachStore

@Suite struct PackedLayoutTests {
    func roundTrip(_ values: [UInt32]) -> (blob: [UInt8], decoded: [UInt32]) {
        let blob = values.withUnsafeBufferPointer(ColumnCodec.encode)
        let decoded = blob.withUnsafeBytes { try! StoredColumn(.members, $0, count: values.count).decode(within: .all) }
        return (blob, decoded)
    }

    @Test(arguments: [
        ([UInt32](), 0, 8),
        ([7, 7, 7], 0, 8),                                  // constant: header only
        ([300, 301, 555], 1, 8 + 3),
        ([5, 65_540], 2, 8 + 4),
        ([0, 16_777_215], 3, 8 + 6 + 1),                    // 3 bytes each, 1 byte of padding
        ([UInt32.max, 0, 12], 4, 8 + 12),
    ])
    func columnsUseTheNarrowestWidth(values: [UInt32], width: Int, size: Int) {
        let (blob, decoded) = roundTrip(values)
        #expect(decoded == values)
        #expect(blob.count == size)
        #expect(Int(blob[0]) == width)
        var seen: [UInt32] = []
        blob.withUnsafeBytes { try! StoredColumn(.members, $0, count: values.count).forEach(within: .all) { seen.append($0) } }
        #expect(seen == values)
    }

    @Test func mergeKeepsStoredAndFirstVersionsAndCounts() {
        func e(_ offset: Int32, _ member: UInt32, _ content: UInt32 = 0, attribute: UInt32 = 0) -> PackedEvent {
            PackedEvent(member: member, biasedOffset: UInt32(Int64(offset) + PackedEvent.bias), content: content, attribute: attribute)
        }
        let stored = [e(10, 1), e(20, 2), e(30, 1, 5)]
        let new = [e(30, 1, 5, attribute: 9), e(5, 3), e(20, 2, 1), e(5, 3, attribute: 4), e(40, 1)]
        let merged = DayPack.merge(stored: stored, adding: new)
        #expect(merged.accepted == 3 && merged.duplicates == 2)
        #expect(merged.events.map { "\($0.offset)/\($0.member)/\($0.content)/\($0.attribute)" } == [
            "5/3/0/0", "10/1/0/0", "20/2/0/0", "20/2/1/0", "30/1/5/0", "40/1/0/0",
        ])
        let blobs = try! #require(merged.blobs)
        let limits = KeyLimits(members: .all, contents: .all, attributes: ValueBounds(lowest: 0, highest: 1 << 30))
        let events = try! blobs.members.withUnsafeBytes { m in try blobs.contents.withUnsafeBytes { c in
            try blobs.attributes.withUnsafeBytes { a in try blobs.offsets.withUnsafeBytes { o in
                try DayBlobs.events(members: StoredColumn(.members, m, count: blobs.count),
                                    contents: StoredColumn(.contents, c, count: blobs.count),
                                    attributes: StoredColumn(.attributes, a, count: blobs.count),
                                    offsets: StoredColumn(.instants, o, count: blobs.count), within: limits) } } } }
        #expect(events.map(\.order) == merged.events.map(\.order))
        #expect(DayPack.merge(stored: merged.events, adding: new).blobs == nil)  // nothing new: no rewrite
    }

    @Test func rowIDsOrderKindsWithinDaysAndHandleDaysBefore1970() {
        for day in [Day(index: -3), Day(index: 0), Day(index: 20_400)] {
            for kind in EventKind.allCases {
                let id = DayRows.id(kind: kind, day: day)
                #expect(DayRows.day(ofID: id) == day && DayRows.kind(ofID: id) == kind)
            }
        }
        #expect(DayRows.id(kind: .comment, day: Day(index: 4)) < DayRows.id(kind: .checkin, day: Day(index: 5)))
    }

    @Test func stringTableFindsEveryKeyAcrossGrowth() {
        var table = StringTable<UInt32>(capacity: 4, placeholder: 0)
        let keys = (0..<5_000).map { "m\($0)" } + ["", "张三", "a-much-longer-member-identifier-0001"]
        for (k, key) in keys.enumerated() { table.insert(key, UInt32(k + 1)) }
        #expect(table.count == keys.count)
        #expect(keys.enumerated().allSatisfy { table[$0.element] == UInt32($0.offset + 1) })
        #expect(table["m5000"] == nil && table["张"] == nil)
        let probe = ["m17", "nobody", "张三", "m17", ""]
        #expect(table.values(of: probe, missing: 0) == [18, 0, 5_002, 18, 5_001])
    }

    @Test(arguments: ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Shanghai"])
    func dayFinderAgreesWithTheZone(identifier: String) throws {
        let zone = try ReportingZone(identifier: identifier)
        var finder = DayFinder(zone: zone)
        // Every 7 minutes across 2026, in order, then a few jumps back and forth.
        var instant = zone.startOfDay(Day(year: 2026, month: 1, day: 1)!)
        let end = zone.startOfDay(Day(year: 2027, month: 1, day: 1)!)
        while instant < end {
            #expect(finder.day(of: instant) == zone.day(of: instant))
            instant += 420
        }
        for jump: Int64 in [1_800_000_000, 1_700_000_000, 1_800_000_000 - 1, 0, -86_401] {
            #expect(finder.day(of: jump) == zone.day(of: jump))
        }
    }
}

extension ValueBounds {
    /// Every 32-bit value.
    static let all = ValueBounds(lowest: 0, highest: UInt64(UInt32.max))
}

extension DayBlobs: Equatable {
    public static func == (a: DayBlobs, b: DayBlobs) -> Bool {
        a.count == b.count && a.members == b.members && a.contents == b.contents && a.attributes == b.attributes
            && a.offsets == b.offsets
    }
}
