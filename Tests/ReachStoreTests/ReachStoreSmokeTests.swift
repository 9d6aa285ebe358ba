import Testing
@testable import ReachStore

@Suite struct ReachStoreSmoke {
    @Test func moduleLoads() { #expect(Bool(true)) }
}
