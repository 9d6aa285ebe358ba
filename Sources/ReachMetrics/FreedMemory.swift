import CFreedMemory

/// Hands memory the process has freed back to the system.
///
/// glibc keeps freed blocks in per-thread arenas; the event columns of a
/// long window (allocated by the store's loader threads) would otherwise
/// stay resident while the report tables are built, adding their size to
/// the report's peak memory. Calls glibc's `malloc_trim` through a
/// one-function C shim (Swift's Glibc module leaves out <malloc.h>); a no-op
/// on other C libraries.
enum FreedMemory {
    /// Whether any memory went back to the system (always `false` off glibc).
    @discardableResult
    static func release() -> Bool {
        reach_release_freed_memory() != 0
    }
}
