import ArgumentParser
import Foundation
import ReachJob
import ReachModel

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read input files as ingest would, without a store, and list their problems.",
        discussion: """
            For each file: its kind, how many rows are valid, and the first rejected rows \
            with line and reason. Nothing is written anywhere. Exit status 3 when a file \
            would be rejected whole, 0 otherwise (rejected rows alone do not change it, \
            as with ingest).
            """
    )

    @Option(help: ArgumentHelp("Read every file as this kind instead of telling it from the name.", valueName: "members|checkins|shares|comments|posts"))
    var kind: String?

    @Option(help: ArgumentHelp("The reporting time zone, an IANA name (default: Asia/Shanghai).", valueName: "zone"))
    var timezone: String?

    @Option(help: ArgumentHelp("Rejected rows to show per file.", valueName: "n"))
    var show = 5

    @Flag(name: .shortAndLong, help: "Print only the totals line.")
    var quiet = false

    @Argument(help: ArgumentHelp("Files or folders to check.", valueName: "path"))
    var paths: [String]

    func validate() throws {
        if let kind, FileKind(rawValue: kind) == nil {
            throw ValidationError("--kind \(kind): use one of members, checkins, shares, comments, posts")
        }
        if show < 0 { throw ValidationError("--show \(show): give a count of 0 or more") }
        if paths.isEmpty { throw ValidationError("name at least one file or folder to check") }
    }

    func run() throws {
        try reporting {
            let settings = try Settings.resolve(commandLine: timezone.map { ["timezone": $0] } ?? [:], configPath: nil)
            let override = kind.flatMap(FileKind.init(rawValue:))
            let files = try InputFiles.expand(paths, kindOverride: override)
            let check = FileCheck(zone: settings.zone, kindOverride: override, sample: show)
            var totals = (files: 0, wholeRejected: 0, valid: 0, rejected: 0)
            for url in files {
                let r = check.check(url)
                totals.files += 1
                totals.valid += r.valid
                totals.rejected += r.rejected
                if r.wholeFileReason != nil { totals.wholeRejected += 1 }
                if !quiet { print(Self.describe(r)) }
            }
            print("reach check: \(totals.files) files, \(totals.wholeRejected) would be rejected whole; "
                  + "rows: \(totals.valid) valid, \(totals.rejected) rejected")
            return totals.wholeRejected > 0 ? 3 : 0
        }
    }

    static func describe(_ r: FileCheck.Result) -> String {
        if let reason = r.wholeFileReason {
            return "\(r.file): would be rejected whole: \(reason)"
        }
        var lines = ["\(r.file): \(r.kind), \(r.records) rows: \(r.valid) valid, \(r.rejected) rejected"]
        for reject in r.firstRejects {
            lines.append("  line \(reject.line): \(reject.reason)")
        }
        if r.rejected > r.firstRejects.count {
            lines.append("  … and \(r.rejected - r.firstRejects.count) more (--show N to list more)")
        }
        return lines.joined(separator: "\n")
    }
}
