import Foundation
import ReachModel
import ReachSynth
import ReachTestSupport

/// The messy inbox of `reach synth --messy` (every quirk of SPEC section 1)
/// and what SYNTH.txt says a correct reading of each file must find.
struct MessyInbox {
    /// One `file` line of the manifest.
    struct Planted {
        var name: String
        var kind: String
        var rows: Int
        var accepted: Int
        var duplicates: Int
        var rejected: Int
    }

    let summary: SynthSummary
    /// Paths of the inbox files relative to the temporary folder, in written order.
    let paths: [String]
    let files: [Planted]

    /// Writes the inbox into `inbox/` of `tmp`.
    init(in tmp: TempFolder) throws {
        // The contract-v4 inputs too: a registry with a bad row of each kind
        // and a replacement, the analytics export, comment texts.
        let config = SynthConfig(members: 200, days: 20, end: Day(iso: "2026-11-20")!, seed: 3, messy: true,
                                 calendarLeave: true, groups: true)
        summary = try Synthesizer.write(config, to: tmp.url.appendingPathComponent("inbox"))
        paths = summary.files.map { "inbox/" + $0.name }
        files = summary.manifest.split(separator: "\n").filter { $0.hasPrefix("file\t") }.map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Planted(name: f[1], kind: f[2], rows: Int(f[8])!, accepted: Int(f[9])!, duplicates: Int(f[10])!,
                           rejected: Int(f[11])!)
        }
    }
}
