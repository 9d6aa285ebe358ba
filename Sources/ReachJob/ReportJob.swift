import Foundation
import Logging
import ReachMetrics
import ReachModel
import ReachReports
import ReachStore

/// Store → metrics → report folder: the one report path behind
/// `reach report` and `reach run`.
public struct ReportJob {
    /// What one report produced, for summaries and tests.
    public struct Result: Sendable {
        public var folder: URL
        public var tables: MetricTables
        /// Seconds spent loading, computing and writing.
        public var timings: (load: Double, compute: Double, write: Double)
        /// Splits not written for the split limit (said on stderr).
        public var leftOut: [SplitLeftOut] = []
    }

    public let store: Store
    public let settings: Settings
    public let logger: Logger

    public init(store: Store, settings: Settings, logger: Logger) {
        self.store = store
        self.settings = settings
        self.logger = logger
    }

    /// The default as-of day: yesterday in the reporting zone, the last complete day.
    public static func defaultAsOf(zone: ReportingZone, now: Date = Date()) -> Day {
        zone.today(now: now) - 1
    }

    /// Computes and writes the report for `asOf` into `<out>/<asOf>/`.
    public func run(asOf: Day, now: Date = Date()) throws -> Result {
        let clock = ContinuousClock()
        var t0 = clock.now
        func lap() -> Double {
            let t = clock.now
            defer { t0 = t }
            return (t - t0).inSeconds
        }
        // Refuse, naming the store, a report that would need more memory
        // than the documented budget, rather than be killed half-way.
        try store.checkReportBudget(asOf: asOf, window: settings.window)
        store.threads = settings.threads
        let activity = try store.loadActivity(asOf: asOf, window: settings.window, zone: settings.zone)
        let load = lap()
        let loadPeak = peakMemory()
        let options = MetricsOptions(asOf: asOf, window: settings.window, gapDays: settings.gapDays,
                                     minRate: settings.minRate, threads: settings.threads, offWeekdays: settings.offWeekdays)
        let tables = MetricsEngine.compute(consume activity, options: options)
        // SPEC 2.4: an as-of day without data is said loudly, even with --quiet.
        if let warning = Summary.asOfWithoutData(tables) {
            ReachLog.loudWarning(warning)
        }
        let compute = lap()
        let computePeak = peakMemory()
        var posts: [String: Post] = [:]
        for post in try store.posts() { posts[post.contentID] = post }
        let unknown = try store.unknownMembers()
        let input = ReportInput(
            tables: tables, quality: try store.outcomes(), rejects: try store.rejects(), posts: posts,
            unknownMembers: unknown, zone: settings.zone, generatedAt: settings.zone.localTimestamp(Int64(now.timeIntervalSince1970)))
        let reportOptions = ReportOptions(bom: settings.bom, language: settings.language, split: settings.split,
                                          splitLimit: settings.splitLimit)
        let written = try ReportWriter.writeTimed(input, options: reportOptions, to: URL(fileURLWithPath: settings.out))
        let write = lap()
        // The nightly job goes on without the split: said loudly, even with
        // --quiet, and the exit status stays as it is.
        for split in written.leftOut { ReachLog.loudWarning(Summary.splitLeftOut(split, asOf: asOf)) }
        let groups = written.groupWorkbooks == 0 ? "" : ", \(written.groupWorkbooks) group workbooks "
            + (written.memberSheetsByCollege ? "with the member sheets " : "") + ms(written.groupSeconds)
        logger.debug("""
            report \(asOf): load \(ms(load)) (peak \(loadPeak) MB), compute \(ms(compute)) (peak \(computePeak) MB), \
            write \(ms(write)) (peak \(peakMemory()) MB; all files \(ms(written.filesSeconds)) side by side, of which \
            workbook \(ms(written.workbookSeconds)), CSV files \(ms(written.csvSeconds))\(groups))
            """)
        return Result(folder: written.folder, tables: tables, timings: (load, compute, write), leftOut: written.leftOut)
    }

    private func ms(_ s: Double) -> String { "\(Int((s * 1000).rounded())) ms" }

    /// The process's peak resident memory so far, in MB.
    private func peakMemory() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss / 1024
    }
}
