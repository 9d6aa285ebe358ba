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
    /// by instant, then member_id (roster order is member_id order).
    func featuredComments(_ stored: [StoredComment], contentIndex: [Int32]) throws -> [FeaturedComment] {
        let text = try db.cached("SELECT text FROM comment_texts WHERE member_key = ? AND instant = ? AND content_key = ?")
        defer { text.reset() }
        return try stored.sorted { ($0.instant, $0.member) < ($1.instant, $1.member) }.map { comment in
            text.reset()
            try text.bind([comment.memberKey, comment.instant, comment.contentKey])
            let words = try text.step() ? text.text(0) : ""
            let content = Int(comment.contentKey) < contentIndex.count ? contentIndex[Int(comment.contentKey)] : -1
            return FeaturedComment(member: comment.member, day: comment.day, instant: comment.instant, content: content,
                                   text: words)
        }
    }
}
