import Foundation
import ReachModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces `<root>/<name>/` as a whole: the new content is built in a hidden
/// temporary folder beside it and renamed into place only when complete, so
/// a failed run leaves the previous report untouched and no temporary folder.
struct ReportFolder {
    let root: URL
    let name: String

    var final: URL { root.appendingPathComponent(name, isDirectory: true) }
    private var pid: Int32 { getpid() }
    var temporary: URL { root.appendingPathComponent(".\(name).tmp-\(pid)", isDirectory: true) }
    private var retired: URL { root.appendingPathComponent(".\(name).old-\(pid)", isDirectory: true) }

    /// Builds the folder with `build` (given the temporary folder) and moves
    /// it into place; returns the final folder.
    func replace(_ build: (URL) throws -> Void) throws -> URL {
        try makeDirectory(root)
        let fm = FileManager.default
        try? fm.removeItem(at: temporary)  // left over from a crashed run of this pid
        try makeDirectory(temporary)
        do {
            try build(temporary)
            try commit()
        } catch {
            try? fm.removeItem(at: temporary)
            throw error
        }
        return final
    }

    /// Old folder aside, new folder in, old folder removed.
    private func commit() throws {
        let fm = FileManager.default
        var hadOld = false
        if fm.fileExists(atPath: final.path) || isSymlink(final.path) {
            try? fm.removeItem(at: retired)
            try rename(final, retired, "move the previous report aside")
            hadOld = true
        }
        do {
            try rename(temporary, final, "move the new report into place")
        } catch {
            if hadOld { _ = Glibc_rename(retired.path, final.path) }
            throw error
        }
        if hadOld { try? fm.removeItem(at: retired) }
    }

    /// Points `<root>/latest` at this folder with a relative link, replaced
    /// atomically (a new link beside it, renamed over the old one).
    func updateLatest() throws {
        let link = root.appendingPathComponent("latest")
        let staging = root.appendingPathComponent(".latest.tmp-\(pid)")
        unlink(staging.path)
        guard symlink(name, staging.path) == 0 else {
            throw ReachError.cannotRun("cannot create the link \(staging.path): \(String(cString: strerror(errno))); check that \(root.path) is writable")
        }
        guard Glibc_rename(staging.path, link.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(staging.path)
            throw ReachError.cannotRun("the report is in \(final.path), but \(link.path) could not be pointed at it: \(reason); remove \(link.path) if it is a folder")
        }
    }

    private func rename(_ from: URL, _ to: URL, _ what: String) throws {
        guard Glibc_rename(from.path, to.path) == 0 else {
            throw ReachError.cannotRun("cannot \(what) (\(from.path) → \(to.path)): \(String(cString: strerror(errno))); check that \(root.path) is writable")
        }
    }

    private func isSymlink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }
}

/// POSIX rename(2): atomic, replaces a file or symlink at the destination.
@inline(__always) private func Glibc_rename(_ from: String, _ to: String) -> Int32 {
    #if canImport(Glibc)
    return Glibc.rename(from, to)
    #else
    return Darwin.rename(from, to)
    #endif
}
