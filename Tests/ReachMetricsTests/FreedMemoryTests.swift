import Testing
@testable import ReachMetrics
#if canImport(Glibc)
import Glibc
#endif

/// The report hands freed memory back to the system between loading and
/// building its tables (``FreedMemory``); on glibc that must really reach
/// `malloc_trim`, or a long window's peak memory grows by its event columns.
@Suite struct FreedMemoryTests {
    #if canImport(Glibc)
    @Test func freedBlocksGoBackToTheSystemOnGlibc() {
        // 64 MB in 16 KB blocks: below the mmap threshold, so they live in
        // the heap and stay with the process when freed, until trimmed.
        let blocks = (0 ..< 4_096).map { _ -> UnsafeMutableRawPointer in
            let block = malloc(16 << 10)!
            memset(block, 1, 16 << 10)
            return block
        }
        blocks.forEach { free($0) }
        #expect(FreedMemory.release())
    }
    #endif
}
