import Testing
import ReachModel
@testable import ReachReading

@Suite struct InternerTests {
    @Test func idsAreDenseAndStableForKeysOfEveryLength() {
        var table = ByteInterner(expectedKeys: 4)
        defer { table.deallocate() }
        // Keys of length 0…40 that differ only in their last byte or length.
        var keys: [[UInt8]] = []
        for n in 0 ... 40 {
            keys.append(Array(repeating: 0x41, count: n))
            if n > 0 { keys.append(Array(repeating: 0x41, count: n - 1) + [0x42]) }
            keys.append(Array(repeating: 0, count: n))
        }
        var ids: [UInt32] = []
        for key in keys { ids.append(key.withUnsafeBufferPointer { table.intern($0) }) }
        let distinct = Set(keys.map { $0 })  // `0 × n` repeats `A × 0` once (both empty)
        #expect(table.count == distinct.count)
        for (key, id) in zip(keys, ids) {
            #expect(key.withUnsafeBufferPointer { table.intern($0) } == id)
            #expect(Array(table.key(Int(id))) == key)
        }
    }

    @Test func longMemberIDsAndTargetsInEvents() throws {
        let long = String(repeating: "x", count: 17)
        let text = "member_id,time,target\n\(long),2026-11-03 08:00:00,群\n\(long)y,2026-11-03 08:00:00,群\n\(long),2026-11-03 08:00:00,\n"
        let all = try read(text, name: "shares.csv")
        #expect(all.events.map(\.member) == [long, long + "y", long])
        #expect(all.events.map(\.target) == ["群", "群", ""])
        guard case .events(let batch) = all.batches[0].rows else { Issue.record("not events"); return }
        #expect(batch.memberIDs == [long, long + "y"])
        #expect(batch.attributes == [.none, EventAttributes(target: "群")])
        #expect(batch.rows.map(\.attributes) == [1, 1, 0])
    }

    @Test func textAfterAClosingQuoteIsKeptAndCRLFInsideQuotes() throws {
        let text = "member_id,time,content_id\r\n\"S\"1,2026-11-03 08:00:00,\"a\r\nb\" \r\nS2,2026-11-03 08:00:00,c\r\n"
        let all = try read(text, name: "checkins.csv")
        #expect(all.events.map(\.member) == ["S1", "S2"])
        #expect(all.events.map(\.content) == ["a\r\nb", "c"])
    }
}
