import ReachModel

/// Computes every metric table of SPEC 2 from an ``Activity``.
///
/// Pure: no I/O, no clocks. The result depends only on the activity and the
/// options, never on `options.threads`.
public enum MetricsEngine {
    public static func compute(_ activity: Activity, options: MetricsOptions) -> MetricTables {
        // Placeholder until the metrics core lands.
        MetricTables(options: options, daily: [], groups: [], members: [], gaps: [], posts: [])
    }
}
