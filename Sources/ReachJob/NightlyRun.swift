import Foundation
import Logging
import ReachMetrics
import ReachModel
import ReachReports
import ReachStore

/// The nightly job (`reach run`): lock the store, ingest every new inbox
/// file, move each away (archive, or rejected with its reason), write the
/// report for the as-of day, and say in a few lines how the night went.
///
/// It never asks a human anything; its exit status (SPEC 5) is what
/// monitoring alerts on.
public struct NightlyRun {
    /// How the night went.
    public struct Outcome: Sendable {
        public var files: [Ingestion.FileResult]
        public var totals: IngestTotals
        public var report: ReportJob.Result
        public var asOf: Day
        /// Files rejected whole by an earlier run that was killed before it
        /// could report them (they are already in the rejected folder).
        public var unreported: [FileOutcome]
        /// 0, or 3 when a whole file was rejected, by this run or by an
        /// interrupted one it completes (SPEC 5).
        public var exitCode: Int32 { unreported.isEmpty ? totals.exitCode : 3 }
    }

    public let settings: Settings
    public let logger: Logger
    public let progress: ProgressLine?

    public init(settings: Settings, logger: Logger, progress: ProgressLine? = nil) {
        self.settings = settings
        self.logger = logger
        self.progress = progress
    }

    /// Runs the job; `asOf` defaults to yesterday in the reporting zone.
    public func run(asOf: Day? = nil, now: Date = Date()) throws -> Outcome {
        let started = now
        let lock = try RunLock(storePath: settings.storePath, now: now)
        defer { lock.release() }
        let store = try Store(path: settings.storePath, zone: settings.zone)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: settings.inbox, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ReachError.cannotRun("\(settings.inbox): the inbox folder does not exist; create it or set `inbox` in reach.toml")
        }
        var unreported = try store.beginRun()
        let files = InputFiles.order(try InputFiles.folderFiles(settings.inbox), kindOverride: nil)
        logger.info("\(files.count) new files in \(settings.inbox)")
        let ingestion = Ingestion(store: store, zone: settings.zone, logger: logger, progress: progress, threads: settings.threads)
        let results = try ingestion.ingest(files)

        let today = settings.zone.today(now: now)
        let archive = Archive(archiveRoot: settings.archive, rejectedRoot: settings.rejectedFolder)
        for result in results {
            if result.outcome.status == .rejected {
                let moved = try archive.reject(result.url, day: today, reason: "\(result.outcome.file): \(result.outcome.reason)")
                logger.warning("\(result.outcome.file) moved to \(moved.deletingLastPathComponent().path)")
            } else {
                try archive.archive(result.url, day: today)
            }
        }
        // A file the interrupted run rejected but left in the inbox was
        // rejected again just now: name it once.
        let again = Set(results.map { "\($0.outcome.file)\n\($0.outcome.reason)" })
        unreported.removeAll { again.contains("\($0.file)\n\($0.reason)") }
        for o in unreported {
            logger.error("\(o.file): rejected whole by an earlier run that was interrupted: \(o.reason)")
        }
        let totals = IngestTotals(results.map(\.outcome))
        let day = asOf ?? ReportJob.defaultAsOf(zone: settings.zone, now: now)
        let report = try ReportJob(store: store, settings: settings, logger: logger).run(asOf: day, now: now)
        let outcome = Outcome(files: results, totals: totals, report: report, asOf: day, unreported: unreported)
        try store.recordRun(startedAt: started, finishedAt: Date(), asOf: day, exitCode: outcome.exitCode,
                            summary: totals.line)
        return outcome
    }
}

/// The few lines `reach run` and `reach report` print for people.
public enum Summary {
    /// School-wide figures of a report: coverage over how many days with
    /// data, the change or why there is none, at-risk count, where it is.
    public static func report(_ result: ReportJob.Result) -> [String] {
        var lines: [String] = []
        let tables = result.tables
        let options = tables.options
        if let all = tables.groups.first(where: { $0.scope == .all }) {
            var line = "coverage \(percent(all.coverage)) over \(all.days) check-in day\(all.days == 1 ? "" : "s") with data, "
                + "of \(options.window) to \(options.asOf)"
            if let delta = all.delta {
                line += " (\(signedPoints(delta)) vs the previous \(options.window) days)"
            } else if tables.previousWindowHasData == true {
                line += " (nobody was expected in the previous \(options.window) days to compare)"
            } else {
                line += " (no data in the previous \(options.window) days to compare)"
            }
            line += ", reach rate \(percent(all.reachRate))"
            lines.append(line)
        } else {
            lines.append("no member was expected in the \(options.window) days to \(options.asOf)")
        }
        let atRisk = tables.gaps.count
        lines.append("at risk: \(atRisk) member\(atRisk == 1 ? "" : "s") on the gap list")
        lines.append("reports: \(result.folder.path)")
        return lines
    }

    /// The warning for an as-of day that is not a data day (SPEC 2.4), naming
    /// the last day with data; `nil` when A has data.
    ///
    /// Whether A has data comes from days.csv (``MetricTables/asOfIsDataDay``);
    /// tables without day rows (made by hand) say nothing.
    public static func asOfWithoutData(_ tables: MetricTables) -> String? {
        guard tables.asOfIsDataDay == false else { return nil }
        let asOf = tables.options.asOf
        var text = "no data for \(asOf), the as-of day: no checkins export covers it (its export has not arrived, "
            + "or --as-of lies outside the data)"
        if let last = tables.lastDataDayBeforeAsOf {
            text += "; the last day with data is \(last)"
        } else if !tables.days.isEmpty {
            text += "; none of the \(tables.spannedDays) days to it has data"
        }
        return text + ". Every figure counts only the days with data; check the inbox and the exporter, or report on another day"
    }

    /// The warning for a split left out for the split limit: which folder,
    /// how many groups against the limit, how to raise it. For the
    /// by-college workbooks of a large roster, also where the member sheets
    /// are instead.
    public static func splitLeftOut(_ split: SplitLeftOut, asOf: Day) -> String {
        let raise = "raise the limit with --split-limit N or split_limit in reach.toml (0: no limit)"
        guard let roster = split.largeRoster else {
            return "\(split.folderName) not written: the split has \(split.groups) groups (a workbook and a reminder each), "
                + "more than the split limit of \(split.limit); the rest of the report is written. To write the split, \(raise)"
        }
        return "\(split.folderName) not written: the roster has \(roster.members) members, more than \(roster.above), so the "
            + "members and gap-list sheets were to move to one workbook per college, but the \(split.groups) colleges are "
            + "more than the split limit of \(split.limit). They stay in \(ReportWriter.workbookName(asOf)), cut at "
            + "Excel's row limit (members.csv and gaps.csv have every row); the rest of the report is written. To write "
            + "the college workbooks, \(raise)"
    }

    /// `81.3%`: one decimal, rounded half up from the exact fraction.
    static func percent(_ r: Ratio) -> String {
        String(format: "%.1f%%", tenthsOfPercent(r))
    }

    /// `+6.3 pts`, `-1.0 pts`; zero is `+0.0 pts`.
    static func signedPoints(_ r: Ratio) -> String {
        String(format: "%+.1f pts", tenthsOfPercent(r))
    }

    /// r × 100 rounded half up (towards +∞) to one decimal, exactly: r/10
    /// to 4 decimals is r × 100 to 1, so `Ratio.fixed4` does the rounding
    /// and the number printed is already round (no tie left for printf).
    private static func tenthsOfPercent(_ r: Ratio) -> Double {
        (Double(Ratio(r.numerator, r.denominator * 10).fixed4) ?? r.doubleValue / 10) * 1000
    }
}
