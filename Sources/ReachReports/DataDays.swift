import ReachMetrics
import ReachModel

/// What days.csv (``MetricTables/days``) says about the days the figures
/// stand on (SPEC 2, contract v2): whether A has data, the last day before
/// it that has, whether the previous window has any. The overview sheet and
/// the console say these in words; both read them here.
///
/// Every answer is `nil` when the tables carry no day rows (tables built by
/// hand, or by an engine from before contract v2): then nothing is known
/// about data days, and nothing should be said about them.
extension MetricTables {
    /// The days.csv row of `day`; `nil` outside the two windows or when
    /// the tables have no day rows.
    public func dayRow(_ day: Day) -> DayRow? {
        // Rows are every day from the previous window's start, in order.
        let i = day - options.previousStart
        if days.indices.contains(i), days[i].day == day { return days[i] }
        return days.first { $0.day == day }
    }

    /// Whether A is a data day (some checkins export covers it).
    public var asOfIsDataDay: Bool? { dayRow(options.asOf)?.data }

    /// The latest data day before A within the two windows; `nil` when
    /// there is none there (or no day rows).
    public var lastDataDayBeforeAsOf: Day? {
        days.last { $0.data && $0.day < options.asOf }?.day
    }

    /// Whether any day of the previous window is a data day.
    public var previousWindowHasData: Bool? {
        guard !days.isEmpty else { return nil }
        return days.contains { $0.data && $0.day >= options.previousStart && $0.day < options.windowStart }
    }

    /// The number of days the two windows span together (2W).
    public var spannedDays: Int { 2 * options.window }
}
