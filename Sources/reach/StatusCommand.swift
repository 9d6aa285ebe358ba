import ArgumentParser
import Foundation
import ReachJob
import ReachModel
import ReachStore

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what the store holds: members, events per kind, days covered, files, the last run."
    )

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reporting {
            let settings = try storeOptions.settings()
            let store = try StoreAccess.openExisting(settings)
            print(StatusText.render(try store.status(), path: settings.storePath))
            return 0
        }
    }
}

/// `reach status` as text.
enum StatusText {
    static func render(_ s: StoreStatus, path: String) -> String {
        var lines = ["store: \(path) (time zone \(s.zone))"]
        lines.append("members: \(s.members) on the roster; posts: \(s.posts)")
        let events = EventKind.allCases.map { "\($0): \(s.events[$0] ?? 0)" }.joined(separator: ", ")
        lines.append("events: \(events)")
        lines.append("calendar: \(s.calendarRows) rows; leave: \(s.leaveRows) approved")
        if let groups = s.registryGroups {
            lines.append("registry: \(groups) groups, \(s.closedGroups) of them closed")
        } else {
            lines.append("registry: none yet (no groups file ingested)")
        }
        if let first = s.firstEventDay, let last = s.lastEventDay {
            lines.append("days: \(first) to \(last)")
        } else {
            lines.append("days: no events yet")
        }
        lines.append("files: \(s.filesIngested) ingested, \(s.filesSkipped) skipped, \(s.filesRejected) rejected")
        if let run = s.lastRun {
            let f = ISO8601DateFormatter()
            let asOf = run.asOf.map { " as of \($0)" } ?? ""
            lines.append("last run: \(f.string(from: run.startedAt))\(asOf), exit status \(run.exitCode): \(run.summary)")
        } else {
            lines.append("last run: none")
        }
        return lines.joined(separator: "\n")
    }
}
