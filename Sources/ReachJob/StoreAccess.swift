import Foundation
import ReachModel
import ReachStore

/// Opening the store for commands that only read it.
public enum StoreAccess {
    /// The store at the configured path, opened read-only (so that reports
    /// can be made from a store the user cannot write). A missing store is
    /// an error (exit 2) rather than a new empty one, so a typo in `--store`
    /// is noticed; so is a store that holds no data yet (an empty file, or
    /// no roster and no events), since a report of it would be empty.
    public static func openExisting(_ settings: Settings) throws -> Store {
        guard FileManager.default.fileExists(atPath: settings.storePath) else {
            throw ReachError.cannotRun("\(settings.storePath): no store here; run `reach ingest` or `reach run` first, or pass --store")
        }
        let store = try Store(path: settings.storePath, zone: settings.zone, access: .readOnly)
        guard try store.holdsData() else {
            throw ReachError.cannotRun("\(settings.storePath): the store holds no data yet (no roster, no events); ingest the exports with `reach ingest` or `reach run` first")
        }
        return store
    }
}
