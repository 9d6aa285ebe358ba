import Testing
@testable import ReachSynth

@Suite struct ReachSynthSmoke {
    @Test func moduleLoads() { #expect(Bool(true)) }
}
