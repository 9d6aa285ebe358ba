#if canImport(Glibc)
import Glibc
#endif

/// Hands memory the process has freed back to the system.
///
/// glibc keeps freed blocks in per-thread arenas; the event columns of a
/// long window (allocated by the store's loader threads) would otherwise
/// stay resident while the report tables are built, adding their size to
/// the report's peak memory. A no-op where `malloc_trim` does not exist.
enum FreedMemory {
    private typealias Trim = @convention(c) (Int) -> Int32

    private static let trim: Trim? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: Trim.self)
        #else
        return nil
        #endif
    }()

    static func release() {
        _ = trim?(0)
    }
}
