import Foundation
import ReachModel
import ReachTestSupport
@testable import ReachSynth

/// Generates `config` into the folder `label` of `tmp` (which the
/// generator creates) and returns that folder and what was generated.
func generate(_ config: SynthConfig, _ label: String, in tmp: TempFolder) throws -> (URL, SynthSummary) {
    let dir = tmp.fileURL(label)
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
