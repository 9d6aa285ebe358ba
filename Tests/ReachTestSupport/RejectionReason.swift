import ReachModel

/// The reason `body` gives when it rejects the file `name` with
/// ``ReachModel/ReachError/fileRejected(file:reason:)``; `nil` when it
/// throws nothing.
///
/// A rejection naming another file, or another error, comes back as a
/// reason that says so (`wrong file …`, `unexpected …`), which no expected
/// reason matches and which the failing assertion then shows.
public func rejectionReason(file name: String, _ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch ReachError.fileRejected(let file, let reason) {
        return file == name ? reason : "wrong file \(file)"
    } catch {
        return "unexpected \(error)"
    }
}
