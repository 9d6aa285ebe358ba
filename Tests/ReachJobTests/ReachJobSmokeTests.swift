import Testing
@testable import ReachJob

@Suite struct ReachJobSmoke {
    @Test func moduleLoads() { #expect(Bool(true)) }
}
