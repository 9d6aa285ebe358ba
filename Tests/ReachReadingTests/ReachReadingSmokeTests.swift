import Testing
@testable import ReachReading

@Suite struct ReachReadingSmoke {
    @Test func moduleLoads() { #expect(Bool(true)) }
}
