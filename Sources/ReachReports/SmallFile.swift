import Foundation
import ReachModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes `text` as UTF-8 to a new file at `url` (replacing one there); the
/// error names the file.
///
/// No `fsync`: like every file of a report, it is written inside the
/// report's temporary folder, which appears as a whole when it is renamed
/// into place (``ReportFolder``); a kill before that leaves nothing
/// visible. (Foundation's `Data.write(to:)` syncs every file it writes:
/// 1,600 reminders cost 1,600 disk flushes.)
func writeFile(_ text: String, to url: URL) throws {
    var text = text
    let path = url.path
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw fileError(path, errno) }
    var failure: Int32 = 0
    text.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                failure = errno
                return
            }
            offset += written
        }
    }
    if close(fd) != 0 && failure == 0 { failure = errno }
    if failure != 0 { throw fileError(path, failure) }
}

private func fileError(_ path: String, _ code: Int32) -> ReachError {
    .cannotRun("cannot write \(path): \(String(cString: strerror(code))); check that the folder is writable and the disk has space")
}
