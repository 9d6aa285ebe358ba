import Testing
import ReachModel
@testable import ReachReading

@Suite struct BatchTests {
    /// A file with quoted line breaks, rejects and blank lines.
    static let text: String = {
        var lines = ["打卡记录", "member_id,time,content_id,channel"]
        for i in 0 ..< 3000 {
            switch i % 7 {
            case 0: lines.append("S\(i % 13),2026-11-03 08:\(String(format: "%02d", i % 60)):00,P\(i % 5),\"app\nx\"")
            case 3: lines.append("S\(i % 13),not a time,P1,app")
            case 5: lines.append("")
            default: lines.append("S\(i % 13),\(1_762_128_000 + i),P\(i % 5),\(i % 2 == 0 ? "web" : "")")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test func resultsDoNotDependOnBatchSize() throws {
        let whole = try read(Self.text, name: "checkins.csv")
        #expect(whole.batches.count == 1)
        let expectedRecords = 3000 - 428  // lines with i % 7 == 5 are blank
        #expect(whole.records == expectedRecords)
        #expect(whole.rejects.count == 429)
        #expect(whole.events.count == expectedRecords - 429)
        #expect(whole.rejects.first?.line == 7)  // title, header, rows 0–2 (row 0 spans 2 lines)
        for size in [1, 2, 3, 97, 1000] {
            let split = try read(Self.text, name: "checkins.csv", batchRecords: size)
            #expect(split.batches.allSatisfy { $0.records <= size && $0.records > 0 })
            #expect(split.batches.count == (expectedRecords + size - 1) / size)
            #expect(split.records == whole.records)
            #expect(split.rejects == whole.rejects)
            #expect(split.events.map(\.member) == whole.events.map(\.member))
            #expect(split.events.map(\.instant) == whole.events.map(\.instant))
            #expect(split.events.map(\.content) == whole.events.map(\.content))
            #expect(split.events.map(\.channel) == whole.events.map(\.channel))
        }
    }

    @Test func recordsAreAcceptedPlusRejectedPerBatch() throws {
        let split = try read(Self.text, name: "checkins.csv", batchRecords: 50)
        for batch in split.batches {
            guard case .events(let e) = batch.rows else { Issue.record("not events"); continue }
            #expect(batch.records == e.rows.count + batch.rejects.count)
            #expect(e.contentIDs.first == "")
            #expect(Set(e.memberIDs).count == e.memberIDs.count)
        }
    }

    @Test func largeInputReadInParallelPartsMatchesOnePart() throws {
        // ~2 MB: several parallel parts per batch; quoted line breaks land on cuts.
        var text = "member_id,time,target\n"
        for i in 0 ..< 60_000 {
            text += i % 3 == 0 ? "M\(i % 977),2026-11-03 08:00:00,\"long\ntarget \(i % 11)\"\n"
                               : "M\(i % 977),\(1_762_128_000 + i),C\(i % 11)\n"
        }
        let all = try read(text, name: "shares.csv")
        #expect(all.records == 60_000)
        #expect(all.rejects.isEmpty)
        let events = all.events
        #expect(events.count == 60_000)
        #expect(events[0].target == "long\ntarget 0")
        #expect(events[59_999].member == "M\(59_999 % 977)")
        #expect(events[59_999].instant == 1_762_128_000 + 59_999)
        for size in [7_001, 30_000] {
            let small = try read(text, name: "shares.csv", batchRecords: size)
            #expect(small.batches.allSatisfy { $0.records <= size && $0.records > 0 })
            #expect(small.records == 60_000)
            #expect(small.events.map(\.target) == events.map(\.target))
            #expect(small.events.map(\.member) == events.map(\.member))
            #expect(small.events.map(\.instant) == events.map(\.instant))
        }
    }
}
