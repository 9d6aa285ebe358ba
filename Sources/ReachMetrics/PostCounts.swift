import ReachModel

/// posts.csv counts: shares and comments in D by expected members, per
/// content_id (empty content_id left out), only content with at least one.
///
/// Each worker takes a fixed share of the days, and the distinct-member
/// counts come from buckets laid out per content and worker, so the
/// figures are the same for any thread count.
enum PostCounts {
    static func rows(activity: Activity, options: MetricsOptions, expected: Expectation) -> [PostRow] {
        let contents = activity.contentIDs.count
        guard contents > 0 else { return [] }
        let lo = max(options.windowStart, activity.firstDay)
        let days = lo <= options.asOf ? Array(lo.index...options.asOf.index) : []
        let workers = max(1, min(options.threads, days.count))
        let shares = Tally(activity.shares, days: days, workers: workers, contents: contents,
                           activity: activity, expected: expected)
        let comments = Tally(activity.comments, days: days, workers: workers, contents: contents,
                             activity: activity, expected: expected)
        var rows: [PostRow] = []
        for c in 0..<contents where shares.events[c] + comments.events[c] > 0 {
            rows.append(PostRow(contentID: activity.contentIDs[c], shares: shares.events[c], sharers: shares.members[c],
                                comments: comments.events[c], commenters: comments.members[c],
                                featuredComments: comments.featured[c]))
        }
        rows.sort { a, b in
            if a.shares != b.shares { return a.shares > b.shares }
            return a.contentID.precedesByCodePoint(b.contentID)
        }
        return rows
    }

    /// Events, distinct members and featured events per content for one kind.
    private struct Tally {
        var events: [Int]
        var members: [Int]
        var featured: [Int]

        init(_ kind: [DayEvents], days: [Int32], workers: Int, contents: Int, activity: Activity, expected: Expectation) {
            /// Calls `body(content, member, featured)` for every counted event
            /// of worker `w`'s days: with a content_id, by a member expected that day.
            @Sendable func forEachCounted(worker w: Int, _ body: (Int, Int, Bool) -> Void) {
                for d in stride(from: w, to: days.count, by: workers) {
                    let dayNumber = days[d]
                    let events = kind[Int(dayNumber - activity.firstDay.index)]
                    expected.withDay(dayNumber) { expectedToday in
                        for (i, raw) in events.members.enumerated() where i < events.contents.count {
                            let content = events.contents[i]
                            guard content >= 0, expectedToday.contains(Int(raw)) else { continue }
                            body(Int(content), Int(raw), i < events.featured.count && events.featured[i])
                        }
                    }
                }
            }
            // Pass 1: per worker, events and featured events per content.
            let perWorker = SharedSlots<[Int32]>(repeating: [], count: workers)
            let featuredPerWorker = SharedSlots<[Int32]>(repeating: [], count: workers)
            parallelFor(workers, threads: workers) { w in
                var events = [Int32](repeating: 0, count: contents)
                var featured = [Int32](repeating: 0, count: contents)
                forEachCounted(worker: w) { c, _, isFeatured in
                    events[c] += 1
                    if isFeatured { featured[c] += 1 }
                }
                perWorker[w] = events
                featuredPerWorker[w] = featured
            }
            // Buckets: content-major, then worker, so each worker fills its own slots.
            var slot = [Int](repeating: 0, count: contents * workers)
            var start = [Int](repeating: 0, count: contents + 1)
            var total = 0
            self.events = [Int](repeating: 0, count: contents)
            self.featured = [Int](repeating: 0, count: contents)
            for c in 0..<contents {
                start[c] = total
                for w in 0..<workers {
                    slot[c * workers + w] = total
                    total += Int(perWorker[w][c])
                    featured[c] += Int(featuredPerWorker[w][c])
                }
                events[c] = total - start[c]
            }
            start[contents] = total
            // Pass 2: each worker drops its members into its buckets.
            let bucketed = [UInt32](count: total, parts: workers, threads: workers) { [slot] w, storage in
                var next = slot
                forEachCounted(worker: w) { c, m, _ in
                    storage.initialize(next[c * workers + w], to: UInt32(m))
                    next[c * workers + w] += 1
                }
            }
            // Pass 3: distinct members per bucket, contents dealt out to workers.
            let distinct = SharedSlots<Int>(repeating: 0, count: contents)
            let roster = activity.roster.count
            parallelFor(workers, threads: workers) { [start] w in
                var mark = [Int32](repeating: -1, count: roster)
                for c in stride(from: w, to: contents, by: workers) {
                    var count = 0
                    for i in start[c]..<start[c + 1] where mark[Int(bucketed[i])] != Int32(c) {
                        mark[Int(bucketed[i])] = Int32(c)
                        count += 1
                    }
                    distinct[c] = count
                }
            }
            members = distinct.array
        }
    }
}
