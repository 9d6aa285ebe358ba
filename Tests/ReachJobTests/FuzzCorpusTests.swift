import Foundation
import ReachTestSupport
import Testing
import ReachJob
import ReachReading

/// The reader's fuzz corpus, `Tests/Fixtures/fuzz/`: hand-made seeds
/// (`seed-*`) and every input `scripts/fuzz` found a crash, hang or broken
/// promise with (`crash-*`, `timeout-*`, `oom-*`), replayed on every
/// `swift test` so that what was fixed stays fixed.
@Suite struct FuzzCorpusTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz")

    /// The inputs' file names, in name order.
    static let inputs: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }()

    @Test func corpusHasSeeds() {
        #expect(Self.inputs.filter { $0.hasPrefix("seed-") }.count >= 5, "no seeds in \(Self.folder.path)")
    }

    /// Reading returns, with every promise of ``ReaderFuzzCase`` kept, and
    /// `reach check`'s own entry (``FileCheck`` on a file) counts the same.
    @Test(arguments: inputs) func readsAndCountsConsistently(_ name: String) throws {
        let input = try Array(Data(contentsOf: Self.folder.appendingPathComponent(name)))
        let fuzzCase = ReaderFuzzCase(input)
        #expect(fuzzCase.problems() == [])

        let tmp = TempFolder()
        let file = tmp.url.appendingPathComponent(fuzzCase.fileName)
        try Data(fuzzCase.bytes).write(to: file)
        let checked = FileCheck(zone: fuzzCase.zone, sample: .max).check(file)
        let read = fuzzCase.read(fuzzCase.bytes, dictionaries: EventDictionaries())
        #expect(checked.wholeFileReason == read.wholeFileReason)
        #expect(checked.kind == (read.wholeFileReason == nil ? fuzzCase.kind.rawValue : ""))
        #expect(checked.records == read.records && checked.rejected == read.rejects.count)
        #expect(checked.valid == read.accepted && checked.valid + checked.rejected + checked.absent == checked.records)
        #expect(checked.firstRejects == read.rejects)
    }
}
