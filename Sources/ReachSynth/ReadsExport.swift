import Foundation
import ReachModel

/// The official account's analytics export (图文分析, contract v4):
/// `推文数据-图文分析-2026-11.csv`, read as a posts file, with the header
/// 标题, 阅读人数, 阅读次数 and no content id — reads are matched to posts by
/// title. One row per post in publishing order (two rows carry the title two
/// posts share), and in the middle one row for an article no posts file
/// lists (deleted, or published by another account).
///
/// 阅读人数 (readers) is a share of the post's audience — the whole roster for
/// a school-wide post, the branch's members for a branch post — plus readers
/// from outside; 阅读次数 (reads) adds re-reads, so readers ≤ reads.
enum ReadsExport {
    static func make(config: SynthConfig, in dir: URL) -> ExportFile {
        var style = FileStyle(columns: [.title, .reads, .readsTotal])
        style.chinese = true
        let (y, m, _) = config.end.civil
        return ExportFile(name: "推文数据-图文分析-\(y)-\(Campus.pad(m, 2)).csv", kind: .posts, style: style, in: dir)
    }

    /// The title of the row that matches no post.
    static func unknownTitle(_ config: SynthConfig) -> String { "\(config.end.civil.year)年秋季运动会精彩瞬间回顾" }

    static func write(_ file: ExportFile, config: SynthConfig, posts: PostSchedule, campus: Campus) throws {
        var rng = Random(seed: config.seed, purpose: .reads)
        var branchSize = Array(repeating: 0, count: campus.branches.count)
        for p in campus.people.prefix(campus.rosterCount) { branchSize[campus.classes[p.classIndex].branch] += 1 }
        let d = file.style.delimiter
        file.begin()
        func row(_ title: String, audience: Int) {
            let readers = Int(Double(audience) * (0.25 + 0.6 * rng.unit())) + rng.below(audience / 10 + 5)
            let reads = readers + Int(Double(readers) * (0.05 + 0.55 * rng.unit()))
            file.out.appendField(title, delimiter: d)
            file.separator()
            file.out.appendDecimal(readers)
            file.separator()
            file.out.appendDecimal(reads)
            file.endLine(.accepted)
        }
        for (i, article) in posts.articles.enumerated() {
            if i == posts.articles.count / 2 { row(unknownTitle(config), audience: campus.rosterCount) }
            row(article.title, audience: article.branch.map { branchSize[$0] } ?? campus.rosterCount)
        }
        try file.finish()
    }
}
