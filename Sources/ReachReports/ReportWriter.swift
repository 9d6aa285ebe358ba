import Foundation
import ReachMetrics
import ReachModel

/// Writes one report folder `<out>/<A>/` (SPEC 3 and 4): the CSV files, the
/// workbook `reach-<A>.xlsx` and, when asked, the per-group files for
/// counsellors. The folder appears whole or not at all, and `<out>/latest`
/// then points at it.
public enum ReportWriter {
    /// The CSV files of SPEC 3 every report has, plus `unknown_members.csv`,
    /// in the order written; ``registryFileName`` besides when there is a registry.
    public static let csvFileNames = ["daily.csv", "groups.csv", "members.csv", "gaps.csv", "posts.csv",
                                      "quality.csv", "rejects.csv", "featured.csv", "days.csv", "silent.csv",
                                      "unknown_members.csv"]

    /// registry.csv (contract v4): written only when a groups file was ever
    /// ingested (``ReachMetrics/MetricTables/registry`` is not `nil`).
    public static let registryFileName = "registry.csv"

    /// Writes the report for `input.tables.options.asOf` under `outRoot`,
    /// replacing an earlier report of the same day; returns the final folder.
    /// Throws ``ReachError/cannotRun(_:)`` naming the path that could not be written.
    public static func write(_ input: ReportInput, options: ReportOptions, to outRoot: URL) throws -> URL {
        try write(input, options: options, to: outRoot, beforeCommit: { _ in }).folder
    }

    /// What one write produced: the report folder and how long its parts
    /// took (for `--verbose` and the benchmarks).
    public struct Written: Sendable {
        public var folder: URL
        /// Seconds from starting the workbook `reach-<A>.xlsx` to closing it,
        /// the other files written beside it on the other cores.
        public var workbookSeconds: Double
        /// Seconds spent on the CSV files, each file's added up (they are
        /// written side by side).
        public var csvSeconds: Double
        /// Seconds from the start of the first file to the end of the last:
        /// the main workbook, the CSV files and, with a split, every group's
        /// files, written side by side.
        public var filesSeconds: Double
        /// Seconds spent on the group workbooks and reminders, each group's
        /// added up.
        public var groupSeconds: Double
        /// Group workbooks written (with as many reminders), over every split.
        public var groupWorkbooks: Int
        /// The member sheets moved to `by-college/` (a large roster).
        public var memberSheetsByCollege: Bool
        /// Splits not written for the split limit; the caller says so on
        /// stderr (the overview sheet already does).
        public var leftOut: [SplitLeftOut]
    }

    /// Like ``write(_:options:to:)``, with the time each part took.
    public static func writeTimed(_ input: ReportInput, options: ReportOptions, to outRoot: URL) throws -> Written {
        try write(input, options: options, to: outRoot, beforeCommit: { _ in })
    }

    /// `beforeCommit` runs on the complete temporary folder just before it is
    /// moved into place (tests use it to simulate a failure).
    ///
    /// Every file is its own job (``ReachModel/runConcurrently(_:threads:)``,
    /// on the run's `--threads`): the main
    /// workbook, each CSV file and each group's workbook and reminder, the
    /// longest first (``SizedJob``); each core takes the next job when it
    /// is done with one. No job shares a workbook with another. What goes
    /// where — the member sheets, the splits within the limit — is decided
    /// first (``ReportPlan``).
    static func write(_ input: ReportInput, options: ReportOptions, to outRoot: URL,
                      beforeCommit: (URL) throws -> Void) throws -> Written {
        let name = input.tables.options.asOf.description
        let folder = ReportFolder(root: outRoot, name: name)
        let seconds = Stopwatches(count: 4)
        let plan = ReportPlan(input, options: options)
        let final = try folder.replace { dir in
            let path = dir.appendingPathComponent(workbookName(input.tables.options.asOf)).path
            try seconds.time(2) {
                let main = SizedJob(cost: SizedJob.cost(workbookCells: MainWorkbook.cells(input, plan: plan))) {
                    try seconds.time(0) { try MainWorkbook.write(input, plan: plan, to: path) }
                }
                let csv = csvJobs(input, bom: options.bom, into: dir).map { $0.timed(1, by: seconds) }
                let groups = try plan.splits.flatMap { try $0.jobs(into: dir) }.map { $0.timed(3, by: seconds) }
                try runConcurrently(SizedJob.longestFirst([main] + csv + groups), threads: input.tables.options.threads)
            }
            try beforeCommit(dir)
        }
        try folder.updateLatest()
        return Written(folder: final, workbookSeconds: seconds[0], csvSeconds: seconds[1], filesSeconds: seconds[2],
                       groupSeconds: seconds[3], groupWorkbooks: plan.splits.reduce(0) { $0 + $1.groups.count },
                       memberSheetsByCollege: plan.movesMemberSheets, leftOut: plan.leftOut)
    }

    /// `reach-<A>.xlsx`.
    public static func workbookName(_ asOf: Day) -> String { "reach-\(asOf.description).xlsx" }

    /// One job per CSV file (``csvFileNames``), each with its cost (rows × columns).
    static func csvJobs(_ input: ReportInput, bom: Bool, into dir: URL) -> [SizedJob] {
        let t = input.tables
        func job<Row: Sendable>(_ name: String, _ rows: [Row], _ columns: [Column<Row>]) -> SizedJob {
            SizedJob(cost: SizedJob.cost(csvCells: rows.count * columns.count)) {
                try CSVTable.write(rows, columns: columns, bom: bom, to: dir.appendingPathComponent(name))
            }
        }
        let registry = t.registry.map { [job(registryFileName, $0, Columns.registry(.csv, window: t.options.window))] }
        return [
            job("daily.csv", t.daily, Columns.daily(.csv)),
            job("groups.csv", t.groups, Columns.groups(.csv)),
            job("members.csv", t.members, Columns.members),
            job("gaps.csv", t.gaps, Columns.gaps(.csv)),
            job("posts.csv", t.posts, Columns.posts(known: input.posts, zone: input.zone)),
            job("quality.csv", input.quality, Columns.quality(.csv)),
            job("rejects.csv", input.rejects, Columns.rejects),
        ] + (registry ?? []) + [
            job("featured.csv", t.featured, Columns.featured(known: input.posts, zone: input.zone)),
            job("days.csv", t.days, Columns.days(.csv)),
            job("silent.csv", t.silent, Columns.silent),
            job("unknown_members.csv", input.unknownMembers, Columns.unknownMembers),
        ]
    }
}
