import ArgumentParser
import Foundation
import ReachModel
import ReachSynth

/// `reach synth`: writes a deterministic, realistic inbox of input files.
struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Generate realistic input files (roster, posts, check-ins, shares, comments) for tests and benchmarks.",
        discussion: """
            The same options and seed always give byte-identical files. --messy plants every input \
            quirk reach must handle (encodings, title lines, bad rows, duplicates, an overlapping \
            export, a roster update); --sample plants a few. --calendar-leave adds a school calendar \
            (校历) and leave approval exports (请假). --xlsx writes the last month's check-ins as a \
            DingTalk daily attendance report (打卡-钉钉考勤报表-YYYY-MM.xlsx: a two-row header, one \
            row per member and day, 未打卡/缺卡 rows for those who did not check in). --groups adds a \
            group registry (群组备案), the official account's analytics export (推文数据-图文分析: reads \
            by title), a text on every comment and a target on every share; --registry N sizes the \
            registry to about N rows. SYNTH.txt in \
            the output lists what was planted and the counts a correct ingest reports per file.
            """
    )

    @Option(help: "Members on the roster.")
    var members: Int = 300

    @Option(help: "Days with activity, ending at --end.")
    var days: Int = 45

    @Option(help: "Last day with activity (YYYY-MM-DD).")
    var end: String

    @Option(help: "Seed of every random choice.")
    var seed: UInt64 = 1

    @Flag(help: "Plant every input quirk of the data contract.")
    var messy = false

    @Flag(help: "Plant the light quirks of the committed sample inbox.")
    var sample = false

    @Flag(help: "Also write a school calendar (校历) and leave approval exports (请假); members on a day off or on leave check in less.")
    var calendarLeave = false

    @Flag(help: "Write the last month's check-ins as a DingTalk attendance report .xlsx (one row per member and day, absent rows included).")
    var xlsx = false

    @Flag(help: "Also write a group registry (群组备案) and the official account's analytics (图文分析); comments get texts, shares targets.")
    var groups = false

    @Option(help: "About N rows in the group registry (implies --groups; default: the campus's own groups).")
    var registry: Int?

    @Option(help: "Output folder (created; must be empty).")
    var out: String

    func run() throws {
        guard let endDay = Day(iso: end) else {
            throw ValidationError("--end must be a date like 2026-11-20 (got '\(end)')")
        }
        let config = SynthConfig(members: members, days: days, end: endDay, seed: seed, messy: messy, sample: sample,
                                 calendarLeave: calendarLeave, xlsx: xlsx, groups: groups, registryRows: registry)
        let started = Date()
        do {
            let summary = try Synthesizer.write(config, to: URL(fileURLWithPath: out))
            let seconds = Date().timeIntervalSince(started)
            let megabytes = Double(summary.totalBytes) / 1_000_000
            print("synth: \(summary.files.count) files, \(summary.totalEvents) events, "
                  + String(format: "%.1f MB in %.1f s", megabytes, seconds) + " → \(out)")
        } catch let error as ReachError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(error.exitCode)
        }
    }
}
