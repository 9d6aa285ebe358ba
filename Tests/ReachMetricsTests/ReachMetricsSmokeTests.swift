import Testing
@testable import ReachMetrics

@Suite struct ReachMetricsSmoke {
    @Test func moduleLoads() { #expect(Bool(true)) }
}
