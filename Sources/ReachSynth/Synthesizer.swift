import Foundation
import ReachModel

/// Generates a realistic inbox of input files (SPEC section 1) for tests,
/// the committed sample and benchmarks.
///
/// The campus, every member's habits, the posts and each day's events all
/// come from streams derived from the seed, so the same configuration gives
/// byte-identical files. Events are generated day by day and streamed into
/// monthly files, so a campus year (50,000 members × 365 days, about 21
/// million events) needs little memory.
public enum Synthesizer {
    /// Writes the files of `config` into `dir` (created if missing; it must not
    /// hold files yet) and returns what was written and planted. Also writes
    /// the manifest `SYNTH.txt`.
    public static func write(_ config: SynthConfig, to dir: URL) throws -> SynthSummary {
        try config.validate()
        try prepare(dir)
        let campus = Campus(config: config)
        let habits = Habit.all(for: campus, config: config)
        var posts = PostSchedule(campus: campus, config: config)
        let sharedTitle = config.writesGroups ? posts.keepOneSharedTitle() : nil
        guard campus.people.count < ActivityModel.maxMembers, posts.articles.count < ActivityModel.maxArticles else {
            throw ReachError.usage("synth: the shape is too large; use fewer --members or --days")
        }
        let registry = config.writesGroups ? GroupRegistry(campus: campus, config: config) : nil
        let words = RowVocabulary(campus: campus, posts: posts,
                                  texts: registry.map { EventTexts(campus: campus, registry: $0, seed: config.seed) })
        let plan = FilePlan(config: config, in: dir)
        let roster = RosterFiles(config: config, campus: campus, in: dir)
        let postsFile = PostsFile.make(config: config, posts: posts, campus: campus, in: dir)
        let absenceExports = config.calendarLeave ? AbsenceExports(config: config, campus: campus, in: dir) : nil
        let registryFile = registry == nil ? nil : RegistryFile.make(config: config, in: dir)
        let readsFile = registry == nil ? nil : ReadsExport.make(config: config, in: dir)

        var all = roster.files + [postsFile] + plan.eventFiles.flatMap { $0 } + (absenceExports?.files ?? [])
            + [registryFile, readsFile].compactMap { $0 }
        if let overlap = plan.overlap { all.append(overlap.file) }
        all.sort { $0.rankName.precedesByCodePoint($1.rankName) }
        for (rank, file) in all.enumerated() { file.rank = rank }
        all.sort { $0.name.precedesByCodePoint($1.name) }

        try roster.write(words: words)
        try PostsFile.write(postsFile, config: config, posts: posts, campus: campus)
        try absenceExports?.write(campus: campus)
        if let registry, let registryFile, let readsFile {
            try RegistryFile.write(registryFile, registry: registry)
            try ReadsExport.write(readsFile, config: config, posts: posts, campus: campus)
        }

        var summary = SynthSummary(config: config, firstDay: config.firstDay, lastDay: config.end)
        let events = DayStream(config: config, campus: campus, plan: plan, words: words)
        let model = ActivityModel(campus: campus, habits: habits, posts: posts, config: config,
                                  absences: absenceExports?.absences(campus: campus, firstDay: config.firstDay))
        try events.run(model: model, summary: &summary)

        summary.colleges = campus.colleges.count
        summary.branches = campus.branches.count
        summary.classes = campus.classes.count
        summary.rosterMembers = campus.rosterCount
        summary.posts = posts.articles.count
        summary.unknownMemberIDs = campus.unknownIDs.map { campus.people[$0].id }
        if let late = campus.lateJoiner, let joined = campus.people[late].joined {
            summary.lateJoiner = (campus.people[late].id, joined)
        }
        summary.rosterChanges = roster.changes
        summary.leaveUnknownMemberIDs = absenceExports?.leave.unknownMemberIDs ?? []
        if let registry {
            var cases = registry.cases
            cases.sharedTitle = sharedTitle ?? ""
            cases.unknownTitle = ReadsExport.unknownTitle(config)
            summary.groupCases = cases
            summary.registryRows = registry.rows.count
        }
        summary.files = all.map { f in
            let sheet = f.style.encoding == .xlsx
            return SynthSummary.File(name: f.name, kind: f.kind, encoding: f.style.encoding,
                                     delimiter: sheet ? "-" : f.style.tab ? "tab" : "comma",
                                     lineEnd: sheet ? "-" : f.style.crlf ? "crlf" : "lf", header: f.style.chinese ? "zh" : "en",
                                     titleLines: f.style.titleLines.count, rows: f.rows, accepted: f.accepted,
                                     duplicates: f.duplicates, rejected: f.rejected, bytes: f.bytesWritten, absent: f.absent)
        }
        try Data(summary.manifest.utf8).write(to: dir.appendingPathComponent("SYNTH.txt"))
        return summary
    }

    private static func prepare(_ dir: URL) throws {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: dir.path, isDirectory: &isDir) {
            guard isDir.boolValue else {
                throw ReachError.usage("synth: \(dir.path) is a file; choose a folder for --out")
            }
            let contents = (try? fm.contentsOfDirectory(atPath: dir.path)) ?? []
            guard contents.isEmpty else {
                throw ReachError.usage("synth: \(dir.path) is not empty; choose an empty or new folder for --out (or delete it first)")
            }
        } else {
            do {
                try fm.createDirectory(at: dir, withIntermediateDirectories: true)
            } catch {
                throw ReachError.cannotRun("synth: cannot create \(dir.path): \(error.localizedDescription); check the path and permissions")
            }
        }
    }
}
