import ReachTestSupport
import Testing
import ReachModel
@testable import ReachReading

@Suite struct InternerTests {
    @Test func idsAreDenseAndStableForKeysOfEveryLength() {
        var table = ByteInterner(expectedKeys: 4)
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
            #expect(table.withKey(Int(id)) { Array($0) } == key)
        }
    }

    /// A copy is a snapshot: the original growing past its storage (which
    /// reallocates every buffer) neither frees nor changes what the copy
    /// holds, and the copy can grow on its own.
    @Test func aCopyKeepsItsKeysWhileTheOriginalGrows() {
        func bytes(_ k: Int) -> [UInt8] { Array("2025\(100_000 + k)".utf8) }
        var original = ByteInterner(expectedKeys: 16)
        for k in 0 ..< 10 { _ = bytes(k).withUnsafeBufferPointer { original.intern($0) } }
        var snapshot = original
        for k in 10 ..< 5_000 { _ = bytes(k).withUnsafeBufferPointer { original.intern($0) } }
        #expect(original.count == 5_000)
        #expect(snapshot.count == 10)
        for k in 0 ..< 10 {
            #expect(snapshot.withKey(k) { Array($0) } == bytes(k))
            #expect(bytes(k).withUnsafeBufferPointer { snapshot.find($0, ByteInterner.probe($0)) } == UInt32(k))
        }
        #expect(bytes(10).withUnsafeBufferPointer { snapshot.find($0, ByteInterner.probe($0)) } == nil)
        // The snapshot grows apart: its own id 10 is the original's id 4,999.
        #expect(bytes(4_999).withUnsafeBufferPointer { snapshot.intern($0) } == 10)
        #expect(bytes(4_999).withUnsafeBufferPointer { original.intern($0) } == 4_999)
        #expect(original.prefix(3).count == 3 && original.prefix(3).withKey(2) { Array($0) } == bytes(2))
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

    @Test func manyIdsInRandomOrderKeepEveryRowsMemberAndFirstAppearanceOrder() throws {
        // 6,000 ids over 120,000 rows (~3.6 MB: several rounds of parallel
        // parts): 10- and 16-byte ids (looked up a few rows late, after their
        // table slot is prefetched) mixed with 17-byte ids and quoted ids
        // (looked up at once), so deferred and immediate lookups interleave.
        func id(_ k: Int) -> String {
            switch k % 4 {
            case 0: return "2022\(100_000 + k)"
            case 1: return "20221\(10_000_000_000 + k)"      // 16 bytes
            case 2: return "L\(10_000_000_000_000_000 + k)"  // 18 bytes
            default: return "2023\(100_000 + k)"
            }
        }
        var generator = SplitMix(seed: 7)
        var expected: [String] = []
        var text = "member_id,time\n"
        for row in 0 ..< 120_000 {
            let member = id(Int(generator.next() % 6_000))
            expected.append(member)
            text += row % 5 == 4 ? "\"\(member)\",\(1_762_128_000 + row)\n" : "\(member),\(1_762_128_000 + row)\n"
        }
        var firstSeen: [String] = []
        var seen = Set<String>()
        for member in expected where seen.insert(member).inserted { firstSeen.append(member) }
        for size in [200_000, 9_999] {
            let all = try read(text, name: "checkins.csv", batchRecords: size)
            #expect(all.rejects.isEmpty)
            #expect(all.events.map(\.member) == expected)
            guard case .events(let last) = all.batches.last?.rows else { Issue.record("no events"); return }
            #expect(last.memberIDs == firstSeen)
        }
    }

    @Test func filesSharingDictionariesReadTheSameRowsAndReuseIds() throws {
        let first = "member_id,time,content_id,channel\nS1,2026-11-03 08:00:00,P1,app\nS2,2026-11-03 08:01:00,,web\n"
        let second = "学号,评论时间,推文ID,渠道\nS3,2026-11-04 09:00:00,P2,app\nS2,2026-11-04 09:01:00,P1,\nS1,2026-11-04 09:02:00,P2,web\n"
        let shared = EventDictionaries()
        let a = try read(first, name: "checkins.csv", dictionaries: shared)
        let b = try read(second, name: "comments.csv", dictionaries: shared)
        let alone = try read(second, name: "comments.csv")
        // The same rows whether or not an earlier file taught the ids.
        #expect(b.events.map(\.member) == alone.events.map(\.member))
        #expect(b.events.map(\.content) == ["P2", "P1", "P2"])
        #expect(b.events.map(\.channel) == ["app", "", "web"])
        #expect(a.events.map(\.member) == ["S1", "S2"])
        // The second file's batch indexes the ids in order of first sight over both files.
        guard case .events(let batch) = b.batches[0].rows else { Issue.record("not events"); return }
        #expect(batch.memberIDs == ["S1", "S2", "S3"])
        #expect(batch.rows.map(\.member) == [2, 1, 0])
        #expect(batch.contentIDs == ["", "P1", "P2"])
    }

    @Test func textAfterAClosingQuoteIsKeptAndCRLFInsideQuotes() throws {
        let text = "member_id,time,channel\r\n\"S\"1,2026-11-03 08:00:00,\"a\r\nb\" \r\nS2,2026-11-03 08:00:00,c\r\n"
        let all = try read(text, name: "checkins.csv")
        #expect(all.events.map(\.member) == ["S1", "S2"])
        #expect(all.events.map(\.channel) == ["a\r\nb", "c"])
    }
}
