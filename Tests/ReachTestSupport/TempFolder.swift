import Foundation

/// A fresh folder under the system's temporary directory, removed with
/// everything in it when the value is released.
///
/// A test makes its own (`let tmp = TempFolder()`) and holds it, in a
/// local or a property, for as long as it uses the files inside, so that
/// tests running side by side never see each other's files and none are
/// left behind.
public final class TempFolder {
    /// The folder.
    public let url: URL

    /// The folder's path.
    public var path: String { url.path }

    /// Creates an empty folder with a name of its own.
    public init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("reach-test-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The path of `name` (which may hold `/`) inside the folder; nothing is created.
    public func file(_ name: String) -> String { fileURL(name).path }

    /// The URL of `name` (which may hold `/`) inside the folder; nothing is created.
    public func fileURL(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// A new empty folder inside this one, with a name of its own, for a
    /// test that writes more than one tree and compares them.
    public func newFolder() -> URL {
        let folder = fileURL(UUID().uuidString)
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Writes `bytes` to the file `name`, creating the folders on its way,
    /// and returns the file's path.
    @discardableResult
    public func write(_ name: String, _ bytes: [UInt8]) -> String {
        let file = fileURL(name)
        try! FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try! Data(bytes).write(to: file)
        return file.path
    }

    /// Writes `text` as UTF-8 to the file `name`, creating the folders on
    /// its way, and returns the file's path.
    @discardableResult
    public func write(_ name: String, _ text: String) -> String { write(name, Array(text.utf8)) }
}
