import ReachModel

/// A featured comment as the day loader finds it: its roster member and
/// the stored keys its text is looked up by (contract v4).
struct StoredComment {
    /// Roster index.
    var member: Int32
    var memberKey: UInt32
    /// Local day in the report's zone.
    var day: Day
    var contentKey: UInt32
    /// Epoch seconds.
    var instant: Int64
}

extension Store {
    /// ``ReachModel/Activity/featuredComments``: `stored` with contents as
    /// indexes of the activity's content ids (`contentIndex`, by content
    /// key) and the text stored for each event (empty when none), ordered
    /// by instant, then member_id (roster order is member_id order), then
    /// content_id.
    ///
    /// The texts come from one range scan of `comment_texts`, whose key
    /// (instant, member key, content key) is the order `stored` is sorted
    /// in first, so the two lists are merged in one pass: a year's window
    /// holds some 130,000 featured comments, one query each took 0.2 s.
    func featuredComments(_ stored: [StoredComment], contentIndex: [Int32]) throws -> [FeaturedComment] {
        guard let first = stored.map(\.instant).min(), let last = stored.map(\.instant).max() else { return [] }
        let byKey = stored.sorted { ($0.instant, $0.memberKey, $0.contentKey) < ($1.instant, $1.memberKey, $1.contentKey) }
        var texts = [String](repeating: "", count: byKey.count)
        var k = 0
        try db.query("""
            SELECT instant, member_key, content_key, text FROM comment_texts
            WHERE instant BETWEEN ? AND ? ORDER BY instant, member_key, content_key
            """, [first, last]) { rows in
            while k < byKey.count, try rows.step() {
                let key = (rows.int64(0), rows.int64(1), rows.int64(2))
                while k < byKey.count && (byKey[k].instant, Int64(byKey[k].memberKey), Int64(byKey[k].contentKey)) < key {
                    k += 1
                }
                if k < byKey.count && (byKey[k].instant, Int64(byKey[k].memberKey), Int64(byKey[k].contentKey)) == key {
                    texts[k] = rows.text(3)
                }
            }
        }
        var comments = byKey.indices.map { k in
            let comment = byKey[k]
            let content = Int(comment.contentKey) < contentIndex.count ? contentIndex[Int(comment.contentKey)] : -1
            return FeaturedComment(member: comment.member, day: comment.day, instant: comment.instant, content: content,
                                   text: texts[k])
        }
        comments.sort { ($0.instant, $0.member, $0.content) < ($1.instant, $1.member, $1.content) }
        return comments
    }
}
