import ArgumentParser
import Foundation
import ReachJob
import ReachModel
import ReachReports
import ReachStore

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write stored data back out as CSV, so the store is never a black box.",
        subcommands: [Events.self]
    )

    struct Events: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The deduplicated events as CSV on stdout (or --output), in day, kind, member order.",
            discussion: "Columns: day, kind, member_id, time (local, reporting zone), content_id, channel, target, featured."
        )

        @Option(help: ArgumentHelp("First day, YYYY-MM-DD.", valueName: "date")) var from: String?
        @Option(help: ArgumentHelp("Last day, YYYY-MM-DD.", valueName: "date")) var to: String?
        @Option(help: ArgumentHelp("Only this kind: checkins, shares or comments.", valueName: "kind")) var kind: String?
        @Option(help: ArgumentHelp("Write to this file instead of stdout.", valueName: "path")) var output: String?
        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            try reporting {
                let settings = try storeOptions.settings()
                func day(_ text: String?, _ option: String) throws -> Day? {
                    guard let text else { return nil }
                    guard let d = Day(iso: text) else { throw ReachError.usage("--\(option) \(text): write the date as YYYY-MM-DD") }
                    return d
                }
                var eventKind: EventKind?
                if let kind {
                    guard let k = FileKind(rawValue: kind)?.eventKind else {
                        throw ReachError.usage("--kind \(kind): use checkins, shares or comments")
                    }
                    eventKind = k
                }
                let store = try StoreAccess.openExisting(settings)
                let sink = try CSVStream(path: output)
                try sink.write(["day", "kind", "member_id", "time", "content_id", "channel", "target", "featured"])
                try store.exportEvents(from: try day(from, "from"), to: try day(to, "to"), kind: eventKind, zone: settings.zone) { e in
                    try sink.write([e.day.description, e.kind.fileKind.rawValue, e.memberID, settings.zone.localTimestamp(e.instant),
                                e.contentID, e.channel, e.target, e.kind == .comment ? (e.featured ? "1" : "0") : ""])
                }
                try sink.close()
                return 0
            }
        }
    }
}
