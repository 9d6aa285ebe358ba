import Foundation
import ReachModel
import ReachStore

/// Opening the store for commands that only read it.
public enum StoreAccess {
    /// The store at the configured path; a missing store is an error (exit 2)
    /// rather than a new empty one, so a typo in `--store` is noticed.
    public static func openExisting(_ settings: Settings) throws -> Store {
        guard FileManager.default.fileExists(atPath: settings.storePath) else {
            throw ReachError.cannotRun("\(settings.storePath): no store here; run `reach ingest` or `reach run` first, or pass --store")
        }
        return try Store(path: settings.storePath, zone: settings.zone)
    }
}

