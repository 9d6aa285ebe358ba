import ReachModel

/// posts.csv counts: shares and comments in D by expected members, per
/// content_id (empty content_id left out), only content with at least one.
enum PostCounts {
    static func rows(activity: Activity, options: MetricsOptions, expected: ExpectedDays) -> [PostRow] {
        let contents = activity.contentIDs.count
        guard contents > 0 else { return [] }
        var shares = [Int](repeating: 0, count: contents)
        var comments = [Int](repeating: 0, count: contents)
        var featured = [Int](repeating: 0, count: contents)
        // Distinct (content, member) pairs, per kind.
        var sharePairs: [UInt64] = []
        var commentPairs: [UInt64] = []
        let lo = max(options.windowStart, activity.firstDay)
        if lo <= options.asOf {
            for dayNumber in lo.index...options.asOf.index {
                let a = Int(dayNumber - activity.firstDay.index)
                let share = activity.shares[a]
                for (i, raw) in share.members.enumerated() where i < share.contents.count {
                    let content = share.contents[i]
                    guard content >= 0, expected.contains(Int(raw), dayNumber) else { continue }
                    shares[Int(content)] += 1
                    sharePairs.append(UInt64(UInt32(content)) << 32 | UInt64(UInt32(raw)))
                }
                let comment = activity.comments[a]
                for (i, raw) in comment.members.enumerated() where i < comment.contents.count {
                    let content = comment.contents[i]
                    guard content >= 0, expected.contains(Int(raw), dayNumber) else { continue }
                    comments[Int(content)] += 1
                    if i < comment.featured.count && comment.featured[i] { featured[Int(content)] += 1 }
                    commentPairs.append(UInt64(UInt32(content)) << 32 | UInt64(UInt32(raw)))
                }
            }
        }
        /// Distinct members per content: bucket the pairs by content (a counting
        /// sort), then mark each member once per bucket.
        func distinctPerContent(_ pairs: inout [UInt64]) -> [Int] {
            var start = [Int](repeating: 0, count: contents + 1)
            for p in pairs { start[Int(p >> 32) + 1] += 1 }
            for c in 0..<contents { start[c + 1] += start[c] }
            var fill = start
            var members = [UInt32](repeating: 0, count: pairs.count)
            for p in pairs {
                let c = Int(p >> 32)
                members[fill[c]] = UInt32(truncatingIfNeeded: p)
                fill[c] += 1
            }
            var mark = [Int32](repeating: -1, count: activity.roster.count)
            var counts = [Int](repeating: 0, count: contents)
            for c in 0..<contents {
                for i in start[c]..<start[c + 1] where mark[Int(members[i])] != Int32(c) {
                    mark[Int(members[i])] = Int32(c)
                    counts[c] += 1
                }
            }
            return counts
        }
        let sharers = distinctPerContent(&sharePairs)
        let commenters = distinctPerContent(&commentPairs)
        var rows: [PostRow] = []
        for c in 0..<contents where shares[c] + comments[c] > 0 {
            rows.append(PostRow(contentID: activity.contentIDs[c], shares: shares[c], sharers: sharers[c],
                                comments: comments[c], commenters: commenters[c], featuredComments: featured[c]))
        }
        rows.sort { a, b in
            if a.shares != b.shares { return a.shares > b.shares }
            return Order.less(a.contentID, b.contentID)
        }
        return rows
    }
}
