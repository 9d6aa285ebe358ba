import ArgumentParser

@main
struct Reach: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reach",
        abstract: "Coverage reports for campus check-ins (打卡), shares (转发) and comments (评论).",
        discussion: """
            Files go into a SQLite store with `reach ingest`; `reach report` writes the \
            CSV reports and the workbook for an as-of day; `reach run` is the nightly job \
            that does both for an inbox folder. Exit status: 0 all files ingested, 3 done \
            but at least one whole file was rejected, 2 could not run, 64 bad usage.
            """,
        subcommands: [Run.self, Ingest.self, Check.self, Report.self, Status.self, Config.self, Export.self, Synth.self]
    )
}
