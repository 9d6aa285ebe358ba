import ArgumentParser
import Foundation
import ReachJob
import ReachModel

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read input files as ingest would, without a store, and list their problems.",
        discussion: """
            For each file: its kind, where its header is (for a spreadsheet: which sheet and \
            which header rows) and which header each column was read from, how many rows \
            are valid, and the first rejected rows with line (or sheet row) and reason. \
            Nothing is written anywhere. Exit status 3 when a file \
            would be rejected whole, 0 otherwise (rejected rows alone do not change it, \
            as with ingest). The time zone comes from --timezone or reach.toml, as for \
            ingest; the store itself is never opened.
            """
    )

    @OptionGroup var kindOption: KindOption
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var threadsOption: ThreadsOption
    @OptionGroup var verbosityOptions: VerbosityOptions

    @Option(help: ArgumentHelp("Rejected rows to show per file.", valueName: "n"))
    var show = 5

    @Argument(help: ArgumentHelp("Files or folders to check.", valueName: "path"))
    var paths: [String]

    func validate() throws {
        if show < 0 { throw ValidationError("--show \(show): give a count of 0 or more") }
        if paths.isEmpty { throw ValidationError("name at least one file or folder to check") }
    }

    func run() throws {
        try reporting {
            let settings = try storeOptions.settings(with: threadsOption)
            let override = kindOption.kind
            let quiet = verbosityOptions.verbosity == .quiet
            let files = try InputFiles.expand(paths, kindOverride: override)
            let check = FileCheck(zone: settings.zone, kindOverride: override, sample: show, threads: settings.threads)
            var totals = (files: 0, wholeRejected: 0, valid: 0, rejected: 0)
            for url in files {
                let r = check.check(url)
                totals.files += 1
                totals.valid += r.valid
                totals.rejected += r.rejected
                if r.wholeFileReason != nil { totals.wholeRejected += 1 }
                // --quiet: only what would fail the nightly run, files rejected whole.
                if !quiet || r.wholeFileReason != nil { print(Self.describe(r)) }
            }
            if !quiet {
                print("reach check: \(totals.files) files, \(totals.wholeRejected) would be rejected whole; "
                      + "rows: \(totals.valid) valid, \(totals.rejected) rejected")
            }
            return totals.wholeRejected > 0 ? 3 : 0
        }
    }

    static func describe(_ r: FileCheck.Result) -> String {
        if let reason = r.wholeFileReason {
            return "\(r.file): would be rejected whole: \(reason)"
        }
        let absent = r.absent > 0 ? ", \(r.absent) absent" : ""
        var lines = ["\(r.file): \(r.kind), \(r.records) rows: \(r.valid) valid, \(r.rejected) rejected\(absent)"]
        if let header = r.header {
            lines.append("  \(header.placeText): " + header.columns.map { "\($0.column) ← \($0.header) (\($0.position))" }
                .joined(separator: ", "))
            lines += header.notes.dropFirst().map { "  " + $0 }
        }
        for reject in r.firstRejects {
            lines.append("  \(reject.sheet == nil ? "line" : "row") \(reject.location): \(reject.reason)")
        }
        if r.rejected > r.firstRejects.count {
            lines.append("  … and \(r.rejected - r.firstRejects.count) more (--show N to list more)")
        }
        return lines.joined(separator: "\n")
    }
}
