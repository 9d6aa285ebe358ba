import Foundation
import ReachMetrics
import ReachModel

/// Writes one report folder `<out>/<A>/` (SPEC 3 and 4): the CSV files, the
/// workbook `reach-<A>.xlsx` and, when asked, the per-group files for
/// counsellors. The folder appears whole or not at all, and `<out>/latest`
/// then points at it.
public enum ReportWriter {
    /// The CSV files of SPEC 3, plus `unknown_members.csv`, in the order written.
    public static let csvFileNames = ["daily.csv", "groups.csv", "members.csv", "gaps.csv", "posts.csv",
                                      "quality.csv", "rejects.csv", "days.csv", "silent.csv", "unknown_members.csv"]

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
        /// Seconds spent on the CSV files.
        public var csvSeconds: Double
        /// Seconds from the start of the first file to the end of the last:
        /// the main workbook, the CSV files and, with a split, every group's
        /// files, written side by side.
        public var filesSeconds: Double
    }

    /// Like ``write(_:options:to:)``, with the time each part took.
    public static func writeTimed(_ input: ReportInput, options: ReportOptions, to outRoot: URL) throws -> Written {
        try write(input, options: options, to: outRoot, beforeCommit: { _ in })
    }

    /// `beforeCommit` runs on the complete temporary folder just before it is
    /// moved into place (tests use it to simulate a failure).
    ///
    /// Every file is its own job (``runConcurrently(_:lanes:)``): the main
    /// workbook first, as it takes longest, then the CSV files, then each
    /// group's workbook and reminder; each core takes the next job when it
    /// is done with one. No job shares a workbook with another.
    static func write(_ input: ReportInput, options: ReportOptions, to outRoot: URL,
                      beforeCommit: (URL) throws -> Void) throws -> Written {
        let name = input.tables.options.asOf.description
        let folder = ReportFolder(root: outRoot, name: name)
        let seconds = Stopwatches(count: 3)
        let final = try folder.replace { dir in
            let path = dir.appendingPathComponent(workbookName(input.tables.options.asOf)).path
            try seconds.time(2) {
                let split = try options.split.map { try GroupSplit(input, scope: $0, language: options.language, into: dir) }
                try runConcurrently([
                    { try seconds.time(0) { try MainWorkbook.write(input, language: options.language, to: path) } },
                    { try seconds.time(1) { try writeCSVs(input, bom: options.bom, into: dir) } },
                ] + (split?.jobs ?? []))
            }
            try beforeCommit(dir)
        }
        try folder.updateLatest()
        return Written(folder: final, workbookSeconds: seconds[0], csvSeconds: seconds[1], filesSeconds: seconds[2])
    }

    /// `reach-<A>.xlsx`.
    public static func workbookName(_ asOf: Day) -> String { "reach-\(asOf.description).xlsx" }

    static func writeCSVs(_ input: ReportInput, bom: Bool, into dir: URL) throws {
        let t = input.tables
        func url(_ name: String) -> URL { dir.appendingPathComponent(name) }
        try CSVTable.write(t.daily, columns: Columns.daily(.csv), bom: bom, to: url("daily.csv"))
        try CSVTable.write(t.groups, columns: Columns.groups(.csv), bom: bom, to: url("groups.csv"))
        try CSVTable.write(t.members, columns: Columns.members, bom: bom, to: url("members.csv"))
        try CSVTable.write(t.gaps, columns: Columns.gaps(.csv), bom: bom, to: url("gaps.csv"))
        try CSVTable.write(t.posts, columns: Columns.posts(known: input.posts, zone: input.zone), bom: bom, to: url("posts.csv"))
        try CSVTable.write(input.quality, columns: Columns.quality(.csv), bom: bom, to: url("quality.csv"))
        try CSVTable.write(input.rejects, columns: Columns.rejects, bom: bom, to: url("rejects.csv"))
        try CSVTable.write(t.days, columns: Columns.days(.csv), bom: bom, to: url("days.csv"))
        try CSVTable.write(t.silent, columns: Columns.silent, bom: bom, to: url("silent.csv"))
        try CSVTable.write(input.unknownMembers, columns: Columns.unknownMembers, bom: bom, to: url("unknown_members.csv"))
    }
}
