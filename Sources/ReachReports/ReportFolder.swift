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
///
/// A run that is killed cannot clean up after itself: it leaves
/// `.<name>.tmp-<pid>/`, perhaps `.<name>.old-<pid>/` (the previous report,
/// moved aside) and `.latest.tmp-<pid>`. Each report removes such
/// ``Leftover``s of processes that no longer run before it starts.
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
        Leftover.clean(root)
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

/// What a killed report leaves in the reports root, recognised by its exact
/// name: `.<day>.tmp-<pid>` and `.<day>.old-<pid>` folders, where `<day>`
/// is a `YYYY-MM-DD` day, and the `.latest.tmp-<pid>` link; `<pid>` is the
/// decimal id of the process that wrote it. Anything else, however alike,
/// is not reach's and stays.
struct Leftover: Equatable {
    enum Kind: Equatable {
        /// `.<day>.tmp-<pid>/`: a report being written.
        case temporary
        /// `.<day>.old-<pid>/`: the previous report of that day, moved aside
        /// while the new one is moved in.
        case retired
        /// `.latest.tmp-<pid>`: the new `latest` link before its rename.
        case link
    }

    let kind: Kind
    /// The report folder's name, the day (empty for ``Kind/link``).
    let day: String
    let pid: pid_t

    init?(fileName: String) {
        guard fileName.hasPrefix("."), let dash = fileName.lastIndex(of: "-") else { return nil }
        let digits = fileName[fileName.index(after: dash)...]
        // As getpid() is printed: no sign, no leading zero, a positive pid_t.
        guard !digits.isEmpty, digits.first != "0", digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let pid = pid_t(digits), pid > 0 else { return nil }
        let stem = fileName[fileName.index(after: fileName.startIndex)..<dash]
        if stem == "latest.tmp" {
            self.init(kind: .link, day: "", pid: pid)
        } else if stem.hasSuffix(".tmp") || stem.hasSuffix(".old") {
            let day = String(stem.dropLast(4))
            guard Day(iso: day)?.description == day else { return nil }
            self.init(kind: stem.hasSuffix(".tmp") ? .temporary : .retired, day: day, pid: pid)
        } else {
            return nil
        }
    }

    init(kind: Kind, day: String, pid: pid_t) {
        self.kind = kind
        self.day = day
        self.pid = pid
    }

    /// Whether the process that wrote it has ended: `kill(pid, 0)` finds no
    /// such process. A process that runs (ours, or another report writing
    /// its folder right now), or that we may not signal, has not.
    var isStale: Bool {
        pid != getpid() && kill(pid, 0) == -1 && errno == ESRCH
    }

    /// Removes the stale leftovers in `root`, by name order. A `.old` folder
    /// goes back into place when its day's folder is missing (the run was
    /// killed between moving the previous report aside and moving the new
    /// one in, so the previous one is what the folder held); otherwise it is
    /// removed, as are `.tmp` folders (unfinished, or finished but never
    /// moved in: either way not what the folder holds) and links. Best
    /// effort: what cannot be moved or removed now, the next report tries
    /// again; it never stops a report.
    static func clean(_ root: URL) {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: root.path) else { return }
        for name in names.sorted() {
            guard let leftover = Leftover(fileName: name), leftover.isStale else { continue }
            let path = root.appendingPathComponent(name).path
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            let type = info.st_mode & S_IFMT
            switch leftover.kind {
            case .link:
                if type == S_IFLNK { unlink(path) }
            case .temporary, .retired:
                guard type == S_IFDIR else { continue }
                let final = root.appendingPathComponent(leftover.day).path
                if leftover.kind == .retired && lstat(final, &info) != 0 && errno == ENOENT {
                    _ = Glibc_rename(path, final)  // when this fails, the next report tries again
                    continue
                }
                try? fm.removeItem(atPath: path)
            }
        }
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
