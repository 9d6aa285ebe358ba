#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import ReachModel

/// An exclusive advisory lock (flock) on `<store>.lock`, held by whatever
/// changes the store: `reach ingest` and `reach run`.
///
/// The kernel drops the lock when the holder exits, even when it is
/// killed, so a crashed run never blocks the next night. The file records
/// the holder's pid and start time so that a refused run can say who holds it.
public final class RunLock {
    /// The lock file's path.
    public let path: String
    private var fd: Int32

    /// Takes the lock or throws ``ReachError/cannotRun(_:)`` naming the holder.
    public init(storePath: String, now: Date = Date()) throws {
        path = storePath + ".lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ReachError.cannotRun("\(path): cannot create the lock file (\(String(cString: strerror(errno)))); check that the store's folder exists and is writable")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(fd)
            fd = -1
            let who = holder.isEmpty ? "another run" : "another run (\(holder))"
            throw ReachError.cannotRun("\(who) holds the store \(storePath); wait for it to finish and try again")
        }
        let stamp = ISO8601DateFormatter().string(from: now)
        let text = "pid \(getpid()), started \(stamp)\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    /// Releases the lock (also released when the process exits).
    public func release() {
        guard fd >= 0 else { return }
        _ = ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { release() }
}
