import Foundation
import ReachModel
@testable import ReachSynth

/// A fresh temporary folder for one generated inbox.
func scratchFolder(_ label: String) -> URL {
    URL(fileURLWithPath: NSTemporaryDirectory())
        .appendingPathComponent("reach-synth-tests-\(label)-\(UUID().uuidString)")
}

/// Generates `config` into a scratch folder; the caller removes it.
func generate(_ config: SynthConfig, _ label: String) throws -> (URL, SynthSummary) {
    let dir = scratchFolder(label)
    return (dir, try Synthesizer.write(config, to: dir))
}

func bytes(_ dir: URL, _ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: dir.appendingPathComponent(name)))
}

func text(_ dir: URL, _ name: String) throws -> String {
    String(decoding: try bytes(dir, name), as: UTF8.self)
}

let sampleConfig = SynthConfig(members: 300, days: 45, end: Day(year: 2026, month: 11, day: 20)!, seed: 7, sample: true)
let messyConfig = SynthConfig(members: 120, days: 40, end: Day(year: 2026, month: 11, day: 20)!, seed: 3, messy: true)
