import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where libxlsxwriter writes the parts of the split workbooks before it
/// zips them.
///
/// libxlsxwriter 1.1 writes every part of a workbook (each sheet, the
/// styles, the theme, the chart, …: 16 for a class workbook) to a temporary
/// file of its own, then reads it back into the zip. It unlinks each file as
/// soon as it has created it, so nothing is left behind, not even by a
/// killed run. On a disk file system each create and unlink is a journal
/// entry and a search for a free inode — 25,600 of them for 1,600 class
/// workbooks; on a memory file system they cost a few microseconds.
///
/// So the split workbooks' parts go to `/dev/shm` when it is a folder reach
/// can write to with ``minimumFree`` bytes free, unless the user named a
/// temporary folder with `TMPDIR`; otherwise, and always for the main
/// workbook (one file, whose members sheet grows with the population: 70 MB
/// of parts for 50,000 members), libxlsxwriter uses its default (`TMPDIR`,
/// then `/tmp`). libxlsxwriter does not check its writes to these files, so
/// a folder that fills up would give a damaged workbook, not an error: a
/// container's small `/dev/shm` (Docker gives 64 MB) is left alone.
enum PartsFolder {
    /// The folder for the split workbooks' parts: the libxlsxwriter option
    /// `tmpdir`, or `nil` for libxlsxwriter's default.
    static let forSplit: String? = choose(environment: ProcessInfo.processInfo.environment, memory: memoryFolder)

    /// The Linux memory file system every process may write to.
    static let memoryFolder = "/dev/shm"

    /// Free bytes the memory folder must have: ample room for the parts of
    /// one split workbook per core (a college's, with thousands of members,
    /// takes a few MB).
    static let minimumFree: UInt64 = 256 << 20

    /// `memory` when it is a writable folder with ``minimumFree`` bytes free
    /// and `environment` names no `TMPDIR`; otherwise `nil`.
    static func choose(environment: [String: String], memory: String, minimumFree: UInt64 = minimumFree) -> String? {
        if let chosen = environment["TMPDIR"], !chosen.isEmpty { return nil }
        var info = stat()
        guard stat(memory, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR,
              access(memory, W_OK | X_OK) == 0 else { return nil }
        var space = statvfs()
        guard statvfs(memory, &space) == 0,
              UInt64(space.f_bavail) * UInt64(space.f_frsize) >= minimumFree else { return nil }
        return memory
    }
}
