import ReachTestSupport
import Testing
import ReachModel
@testable import ReachMetrics

/// A larger pseudo-random school: the engine against a deliberately naive
/// reference, and against itself at several thread counts.
@Suite struct ReferenceTests {
    static let asOf = Day(iso: "2026-11-20")!
    static let activity: Activity = {
        var rng = SplitMix(seed: 42)
        let members = 2_000, days = 60
        let first = asOf - (days - 1)
        var roster: [Member] = []
        for i in 0..<members {
            var m = Member(memberID: String(format: "s%05d", i), name: "n\(i)", className: "C\(rng.next(40))",
                           branch: "B\(rng.next(9))", college: rng.next(10) == 0 ? "" : "X\(rng.next(3))")
            if rng.next(8) == 0 { m.joined = first + rng.next(days) }
            if rng.next(8) == 0 { m.left = first + rng.next(days) }
            roster.append(m)
        }
        var a = Activity(roster: roster, firstDay: first, asOf: asOf, contentIDs: (0..<30).map { "P\($0)" })
        for d in 0..<days {
            for m in 0..<members {
                let p = m % 10
                if rng.next(10) < p { a.checkins[d].members.append(Int32(m)) }
                if rng.next(20) == 0 {
                    a.shares[d].members.append(Int32(m))
                    a.shares[d].contents.append(Int32(rng.next(31)) - 1)
                }
                if rng.next(25) == 0 {
                    a.comments[d].members.append(Int32(m))
                    a.comments[d].contents.append(Int32(rng.next(31)) - 1)
                    a.comments[d].featured.append(rng.next(4) == 0)
                }
            }
        }
        return a
    }()

    static func options(threads: Int, window: Int = 21) -> MetricsOptions {
        MetricsOptions(asOf: asOf, window: window, gapDays: 3, minRate: Ratio(6, 10), threads: threads)
    }

    @Test(arguments: [2, 7]) func identicalForAnyThreadCount(threads: Int) {
        let one = MetricsEngine.compute(Self.activity, options: Self.options(threads: 1))
        let many = MetricsEngine.compute(Self.activity, options: Self.options(threads: threads))
        #expect(one.daily == many.daily)
        #expect(one.groups == many.groups)
        #expect(one.members == many.members)
        #expect(one.gaps == many.gaps)
        #expect(one.posts == many.posts)
    }

    @Test(arguments: [1, 21, 30]) func matchesANaiveReference(window: Int) {
        let a = Self.activity
        let t = MetricsEngine.compute(a, options: Self.options(threads: 2, window: window))
        let start = Self.asOf - (window - 1)
        func counted(_ m: Int, _ d: Day) -> Bool {
            let i = d - a.firstDay
            return i >= 0 && i < a.dayCount && a.roster[m].isExpected(on: d) && a.checkins[i].members.contains(Int32(m))
        }
        // Members, one by one, day by day.
        var expectedRows: [String: MemberRow] = [:]
        for (m, member) in a.roster.enumerated() {
            var expectedDays = 0, checkinDays = 0, shares = 0, comments = 0, longest = 0, run = 0
            var d = start
            while d <= Self.asOf {
                let i = d - a.firstDay
                if member.isExpected(on: d) {
                    expectedDays += 1
                    shares += a.shares[i].members.filter { $0 == Int32(m) }.count
                    comments += a.comments[i].members.filter { $0 == Int32(m) }.count
                }
                if counted(m, d) { checkinDays += 1; run += 1; longest = max(longest, run) } else { run = 0 }
                d = d + 1
            }
            guard expectedDays > 0 else { continue }
            var last: Day?
            var d2 = Self.asOf
            while d2 >= a.firstDay { if counted(m, d2) { last = d2; break }; d2 = d2 - 1 }
            // Back from the member's last expected day ≤ A over expected days
            // (every day has data here, from the earliest day of the bitsets).
            let earliest = min(a.firstDay, Self.asOf - (2 * window - 1))
            var streak = 0, missed = 0
            var d3 = Self.asOf
            while d3 >= earliest && !member.isExpected(on: d3) { d3 = d3 - 1 }
            let checkedInLast = d3 >= earliest && counted(m, d3)
            while d3 >= earliest && member.isExpected(on: d3) && counted(m, d3) == checkedInLast {
                if checkedInLast { streak += 1 } else { missed += 1 }
                d3 = d3 - 1
            }
            expectedRows[member.memberID] = MemberRow(
                member: member, expectedDays: expectedDays, checkinDays: checkinDays, shares: shares, comments: comments,
                lastCheckin: last, daysSince: last.map { Self.asOf - $0 }, currentStreak: streak, longestStreak: longest,
                missedRun: missed)
        }
        #expect(t.members.count == expectedRows.count)
        for row in t.members { #expect(row == expectedRows[row.member.memberID]) }

        // School-wide daily rows.
        let all = t.daily.filter { $0.scope == .all }
        #expect(all.count == window)
        for row in all {
            let i = row.day - a.firstDay
            let present = a.roster.indices.filter { a.roster[$0].isExpected(on: row.day) }
            let set = Set(present)
            let checked = Set(a.checkins[i].members.map(Int.init)).intersection(set)
            let sharers = Set(a.shares[i].members.map(Int.init)).intersection(set)
            let commenters = Set(a.comments[i].members.map(Int.init)).intersection(set)
            #expect(row.expected == present.count)
            #expect(row.checkedIn == checked.count)
            #expect(row.reached == checked.union(sharers).union(commenters).count)
            #expect(row.sharers == sharers.count)
            #expect(row.shares == a.shares[i].members.filter { set.contains(Int($0)) }.count)
            #expect(row.comments == a.comments[i].members.filter { set.contains(Int($0)) }.count)
        }
        // Gap list reasons follow from the member rows.
        for gap in t.gaps {
            let r = expectedRows[gap.member.memberID]!
            var reasons: [GapReason] = []
            if r.lastCheckin == nil { reasons.append(.never) }
            if let s = r.daysSince, s >= 3 { reasons.append(.gap) }
            if let rate = r.checkinRate, rate < Ratio(3, 5) { reasons.append(.lowRate) }
            // Every day has data and is a check-in day here: the run of misses is the days since.
            #expect(gap.missedRun == r.missedRun && (r.daysSince == nil || r.missedRun == r.daysSince))
            #expect(gap.reasons == reasons)
            #expect(gap.member.isExpected(on: Self.asOf))
        }
        // Gap list in SPEC order: class, `never` first, longest run of misses first, member_id.
        for (x, y) in zip(t.gaps, t.gaps.dropFirst()) {
            let kx = (x.member.className, x.reasons.first == .never ? 0 : 1, -x.missedRun, x.member.memberID)
            let ky = (y.member.className, y.reasons.first == .never ? 0 : 1, -y.missedRun, y.member.memberID)
            #expect(kx < ky)
        }
    }

    /// Posts over several windows and thread counts, against sets built day by day.
    @Test(arguments: [(1, 1), (21, 2), (60, 7)]) func postsMatchANaiveReference(window: Int, threads: Int) {
        let a = Self.activity
        let t = MetricsEngine.compute(a, options: Self.options(threads: threads, window: window))
        var shares: [Int32: Int] = [:], comments: [Int32: Int] = [:], featured: [Int32: Int] = [:]
        var sharers: [Int32: Set<Int32>] = [:], commenters: [Int32: Set<Int32>] = [:]
        var d = Self.asOf - (window - 1)
        while d <= Self.asOf {
            let i = d - a.firstDay
            for (k, m) in a.shares[i].members.enumerated() where a.roster[Int(m)].isExpected(on: d) {
                let c = a.shares[i].contents[k]
                guard c >= 0 else { continue }
                shares[c, default: 0] += 1
                sharers[c, default: []].insert(m)
            }
            for (k, m) in a.comments[i].members.enumerated() where a.roster[Int(m)].isExpected(on: d) {
                let c = a.comments[i].contents[k]
                guard c >= 0 else { continue }
                comments[c, default: 0] += 1
                commenters[c, default: []].insert(m)
                if a.comments[i].featured[k] { featured[c, default: 0] += 1 }
            }
            d = d + 1
        }
        let contents = Set(shares.keys).union(comments.keys)
        #expect(t.posts.count == contents.count)
        for row in t.posts {
            let c = Int32(a.contentIDs.firstIndex(of: row.contentID)!)
            #expect(row.shares == shares[c, default: 0])
            #expect(row.sharers == sharers[c, default: []].count)
            #expect(row.comments == comments[c, default: 0])
            #expect(row.commenters == commenters[c, default: []].count)
            #expect(row.featuredComments == featured[c, default: 0])
        }
        // Most shared first, then content_id.
        for (x, y) in zip(t.posts, t.posts.dropFirst()) {
            #expect(x.shares > y.shares || (x.shares == y.shares && x.contentID < y.contentID))
        }
    }
}
