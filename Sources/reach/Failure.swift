import ArgumentParser
import Foundation
import ReachJob
import ReachModel

/// Runs a command body, turning reach's errors into a message on stderr
/// and the exit status SPEC 5 gives them.
func reporting(_ body: () throws -> Int32) throws {
    let code: Int32
    do {
        code = try body()
    } catch let error as ReachError {
        FileHandle.standardError.write(Data("reach: error: \(error.description)\n".utf8))
        throw ExitCode(error.exitCode)
    }
    if code != 0 { throw ExitCode(code) }
}
