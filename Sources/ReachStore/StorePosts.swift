import ReachModel

extension Store {
    /// Every post, sorted by content_id (code points), with its reads
    /// (contract v4): those stored for its content_id, else those stored
    /// for its exact title when exactly one post has that title. A title
    /// shared by two or more posts matches none of them.
    public func posts() throws -> [Post] {
        try guarded { try snapshot {
            var posts: [Post] = []
            var postsWithTitle: [String: Int] = [:]
            try db.query("""
                SELECT p.content_id, p.title, p.published_at, p.branch, r.reads, r.reads_total, r.content_id IS NOT NULL
                FROM posts p LEFT JOIN post_reads r ON r.content_id = p.content_id
                ORDER BY p.content_id
                """) { rows in
                while try rows.step() {
                    var post = Post(contentID: rows.text(0), title: rows.text(1), publishedAt: try rows.optionalInstant(2),
                                    branch: rows.text(3))
                    if rows.int64(6) != 0 { (post.reads, post.readsTotal) = (rows.countIfValid(4), rows.countIfValid(5)) }
                    postsWithTitle[post.title, default: 0] += 1
                    posts.append(post)
                }
            }
            let byTitle = try titleReads()
            guard !byTitle.isEmpty else { return posts }
            for k in posts.indices where posts[k].reads == nil && posts[k].readsTotal == nil {
                guard postsWithTitle[posts[k].title] == 1, let reads = byTitle[posts[k].title] else { continue }
                (posts[k].reads, posts[k].readsTotal) = (reads.reads, reads.readsTotal)
            }
            return posts
        } }
    }

    /// The stored reads of the analytics export, by title.
    func titleReads() throws -> [String: TitleReads] {
        try db.query("SELECT title, reads, reads_total FROM title_reads") { rows in
            var result: [String: TitleReads] = [:]
            while try rows.step() {
                let title = rows.text(0)
                result[title] = TitleReads(title: title, reads: rows.countIfValid(1), readsTotal: rows.countIfValid(2))
            }
            return result
        }
    }
}
