// The libFuzzer entry of the reader's fuzz target. `scripts/fuzz` compiles
// it with Tests/ReachJobTests/ReaderFuzzCase.swift (what an input means and
// what reading it must never do) against an instrumented ReachReading.
import ReachReading

/// Ids read so far, shared by consecutive inputs as by the files of one
/// `reach check`, and renewed every 256 inputs: a fresh set zeroes 2.5 MB of
/// tables, which under ASan (a fresh mapping each time) would be most of an
/// input's time, and renewing keeps memory and the inputs' shared history short.
nonisolated(unsafe) private var dictionaries = EventDictionaries()
nonisolated(unsafe) private var inputsSinceRenewal = 0

/// Reads one input as `reach check` would; a broken promise is a crash, so
/// libFuzzer keeps the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func readerFuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    inputsSinceRenewal += 1
    if inputsSinceRenewal == 256 {
        dictionaries = EventDictionaries()
        inputsSinceRenewal = 0
    }
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let problems = ReaderFuzzCase(input).problems(dictionaries: dictionaries)
    if !problems.isEmpty { fatalError("reader fuzz case broke a promise:\n" + problems.joined(separator: "\n")) }
    return 0
}
