import Testing
@testable import ReachReports

@Suite struct ReachReportsSmoke {
    @Test func moduleLoads() { #expect(Bool(true)) }
}
