/// The rows of one posts file that carried reads (contract v4), and the
/// quality note that says how many of them matched a post, e.g.
/// `reads: 12 of 14 rows matched a post (11 by title); 1 title shared by 2
/// posts, not matched: 《开学第一课》; 1 title of no known post: 《迎新》`.
///
/// The note is matched against the posts stored when the file is ingested;
/// a report matches again (``Store/posts()``), so a posts file arriving
/// later still gets its reads.
struct ReadsTally {
    /// Rows of a file with content_ids that gave reads: each matches its own post.
    var idRows = 0
    /// The title of each analytics row (no content_id) that gave reads, in file order.
    var titles: [String] = []

    /// Rows that carried reads.
    var rows: Int { idRows + titles.count }

    /// Titles a note lists before it writes `…`.
    static let listed = 3

    /// The note; `postsWithTitle` tells how many stored posts have a title.
    func note(postsWithTitle: (String) -> Int) -> String {
        var byTitle = 0
        var shared: [String] = [], sharing = Set<Int>(), unknown: [String] = [], seen = Set<String>()
        for title in titles {
            let posts = postsWithTitle(title)
            if posts == 1 { byTitle += 1 }
            guard posts != 1, seen.insert(title).inserted else { continue }
            if posts == 0 {
                unknown.append(title)
            } else {
                shared.append(title)
                sharing.insert(posts)
            }
        }
        let matched = idRows + byTitle
        var parts = ["reads: \(matched) of \(rows) rows matched a post" + (byTitle > 0 ? " (\(byTitle) by title)" : "")]
        if !shared.isEmpty {
            let by = sharing.count == 1 ? "\(sharing.first!) posts" : "2 or more posts"
            parts.append("\(Self.titles(shared.count)) shared by \(by), not matched: \(Self.list(shared))")
        }
        if !unknown.isEmpty {
            parts.append("\(Self.titles(unknown.count)) of no known post: \(Self.list(unknown))")
        }
        return parts.joined(separator: "; ")
    }

    private static func titles(_ count: Int) -> String { count == 1 ? "1 title" : "\(count) titles" }

    /// The first ``listed`` titles in 《》, then `…` when there are more;
    /// line breaks in a title become spaces, so the note stays one line.
    static func list(_ titles: [String]) -> String {
        let shown = titles.prefix(listed).map { title in
            "《" + title.split(whereSeparator: \.isNewline).joined(separator: " ") + "》"
        }
        return shown.joined() + (titles.count > listed ? "…" : "")
    }
}
