import Foundation
import ReachModel
import ReachTestSupport
import Testing
@testable import ReachStore

/// The store's side of contract v4: the group registry, reads of posts (by
/// content_id and by title), comment texts, what the loader hands the
/// report (share targets, featured comments, the registry), and a store of
/// version 3 upgraded in place.
@Suite struct ContractV4Tests {
    let folder = TempFolder()

    func store() throws -> Store { try Store(path: folder.file("reach.sqlite"), zone: shanghai) }

    func groupsBatch(_ groups: [RegisteredGroup], rejects: [RowReject] = []) -> ReadBatch {
        ReadBatch(rows: .groups(groups), rejects: rejects, records: groups.count + rejects.count)
    }

    func postsBatch(_ posts: [Post]) -> ReadBatch { ReadBatch(rows: .posts(posts), records: posts.count) }

    func titleBatch(_ rows: [TitleReads]) -> ReadBatch { ReadBatch(rows: .titleReads(rows), records: rows.count) }

    /// A comments batch with `texts` (row index → text), as a reader makes it.
    func comments(_ events: [E], texts: [Int32: String]) -> ReadBatch {
        var batch = eventBatch(.comment, events)
        guard case .events(var e) = batch.rows else { return batch }
        e.texts = texts.keys.sorted().map { RowText(row: $0, text: texts[$0]!) }
        batch.rows = .events(e)
        return batch
    }

    // MARK: Registry

    @Test func registryRowsReplaceByNameAndClosedGroupsStay() throws {
        let store = try store()
        #expect(try store.registry() == nil, "no groups file yet")
        let first = RegisteredGroup(groupName: "计科2601班级群", type: "微信群", className: "计科2601班", ownerID: "a1",
                                    owner: "张三", registered: day("2026-09-01"), memberCount: 40)
        let replaced = RegisteredGroup(groupName: "计科2601班级群", type: "微信群", className: "计科2601班", memberCount: 45)
        let closed = RegisteredGroup(groupName: "旧群", type: "微信群", status: "注销")
        let outcome = try store.ingest("groups.csv", .groups, [groupsBatch(
            [first, closed, replaced], rejects: [RowReject(file: "groups.csv", line: 5, reason: "empty group_name", raw: ",x")])])
        #expect(outcome == FileOutcome(file: "groups.csv", kind: "groups", status: .ingested, rows: 4, accepted: 3,
                                       rejected: 1))
        // By group_name in code point order (旧 U+65E7 < 计 U+8BA1); the
        // later row of the same file replaced the first, empty fields too.
        #expect(try store.registry() == [closed, replaced])
        #expect(try store.registry()?.first?.isClosed == true)

        let later = RegisteredGroup(groupName: "旧群", type: "公众号", owner: "李四")
        #expect(try store.ingest("registry.csv", .groups, [groupsBatch([later])]).accepted == 1)
        #expect(try store.registry() == [later, replaced])
    }

    @Test func registryIsNilUntilAGroupsFileIsIngestedThenEmpty() throws {
        let store = try store()
        try store.record(FileOutcome(file: "备案.csv", kind: "groups", status: .rejected, reason: "missing group_name"),
                         fingerprint: "x")
        #expect(try store.registry() == nil, "a groups file rejected whole is no registry")
        try store.ingest("备案.csv", .groups, [groupsBatch([], rejects: [RowReject(file: "备案.csv", line: 2, reason: "empty group_name", raw: ",")])])
        #expect(try store.registry() == [], "an ingested groups file of only bad rows is an empty registry")
    }

    // MARK: Reads

    @Test func readsComeByIDElseByAnUnambiguousTitle() throws {
        let store = try store()
        try store.ingest("posts.csv", .posts, [postsBatch([
            Post(contentID: "p1", title: "开学第一课"), Post(contentID: "p2", title: "开学第一课"),
            Post(contentID: "p3", title: "迎新"), Post(contentID: "p4", title: "党课", branch: "一支部"),
        ])])
        let byID = try store.ingest("posts-reads.csv", .posts, [postsBatch([
            Post(contentID: "p4", title: "党课", branch: "一支部", reads: 10, readsTotal: 15),
            Post(contentID: "p3", title: "迎新"),
        ])])
        #expect(byID.reason == "reads: 1 of 1 rows matched a post")
        let analytics = try store.ingest("posts-analytics.csv", .posts, [titleBatch([
            TitleReads(title: "迎新", reads: 45, readsTotal: 60), TitleReads(title: "开学第一课", reads: 120, readsTotal: 180),
            TitleReads(title: "校史", reads: 3, readsTotal: 4), TitleReads(title: "党课", reads: 99, readsTotal: 100),
        ])])
        #expect(analytics.accepted == 4 && analytics.rows == 4)
        #expect(analytics.reason == "reads: 2 of 4 rows matched a post (2 by title); 1 title shared by 2 posts, not matched: 《开学第一课》; 1 title of no known post: 《校史》")
        // p4's own reads win over its title's; 开学第一课 is two posts' title.
        #expect(try store.posts() == [
            Post(contentID: "p1", title: "开学第一课"), Post(contentID: "p2", title: "开学第一课"),
            Post(contentID: "p3", title: "迎新", reads: 45, readsTotal: 60),
            Post(contentID: "p4", title: "党课", branch: "一支部", reads: 10, readsTotal: 15),
        ])

        // A posts file without reads changes posts, never their reads; a
        // post arriving later gets the reads of its title.
        try store.ingest("posts-later.csv", .posts, [postsBatch([
            Post(contentID: "p4", title: "党课", branch: "二支部"), Post(contentID: "p5", title: "校史"),
        ])])
        // A later row for a title replaces the earlier one.
        try store.ingest("posts-analytics-2.csv", .posts, [titleBatch([TitleReads(title: "迎新", reads: 50)])])
        #expect(try store.posts().map { "\($0.contentID) \($0.branch) \($0.reads.map(String.init) ?? "-") \($0.readsTotal.map(String.init) ?? "-")" } == [
            "p1  - -", "p2  - -", "p3  50 -", "p4 二支部 10 15", "p5  3 4",
        ])
    }

    @Test func aLongListOfTitlesIsCut() throws {
        let store = try store()
        let outcome = try store.ingest("posts-analytics.csv", .posts, [titleBatch(
            ["甲", "乙", "丙", "丁", "乙"].map { TitleReads(title: $0, reads: 1) } + [TitleReads(title: "无阅读")])])
        #expect(outcome.accepted == 6)
        #expect(outcome.reason == "reads: 0 of 5 rows matched a post; 4 titles of no known post: 《甲》《乙》《丙》…")
        #expect(ReadsTally.list(["两行\n标题"]) == "《两行 标题》")
    }

    // MARK: Comment texts and the loader

    /// Roster a1, a2; x9 is not on it.
    func storeWithActivity() throws -> Store {
        let store = try store()
        try store.ingest("members.csv", .members, [rosterBatch([member("a1"), member("a2")])])
        try store.ingest("shares.csv", .shares, [eventBatch(.share, [
            E(member: "a1", instant: at("2026-11-01", "10:00"), content: "p1", target: "旧目标"),
            E(member: "a1", instant: at("2026-11-09", "10:00"), content: "p1", target: "计科2601班级群"),
            E(member: "a2", instant: at("2026-11-09", "11:00"), content: "p2", channel: "app"),
            E(member: "a2", instant: at("2026-11-10", "09:00"), content: "p2", target: "朋友圈"),
            E(member: "x9", instant: at("2026-11-10", "09:30"), content: "p2", target: "陌生群"),
        ])])
        try store.ingest("comments.csv", .comments, [comments([
            E(member: "a1", instant: at("2026-11-09", "20:00"), content: "p1", featured: true),
            E(member: "a2", instant: at("2026-11-09", "19:00"), content: "p2", featured: true),
            E(member: "a1", instant: at("2026-11-10", "08:00"), content: "p1"),
            E(member: "a2", instant: at("2026-11-10", "09:00"), featured: true),
            E(member: "a1", instant: at("2026-11-10", "09:00"), content: "p1", featured: true),
            E(member: "x9", instant: at("2026-11-10", "10:00"), content: "p1", featured: true),
        ], texts: [0: "写得好", 2: "普通", 4: "同一秒", 5: "陌生人"])])
        // The same event again with another text: the first text stays.
        let again = try store.ingest("comments-2.csv", .comments, [comments([
            E(member: "a1", instant: at("2026-11-09", "20:00"), content: "p1", featured: true),
        ], texts: [0: "改过的"])])
        #expect(again.duplicates == 1 && again.accepted == 0)
        return store
    }

    @Test func commentTextsAreStoredOnceByEventIdentity() throws {
        let store = try storeWithActivity()
        let texts = try store.db.query("SELECT text FROM comment_texts ORDER BY instant, member_key") { rows in
            var all: [String] = []
            while try rows.step() { all.append(rows.text(0)) }
            return all
        }
        #expect(texts == ["写得好", "普通", "同一秒", "陌生人"])
    }

    @Test func theLoaderGivesTargetsFeaturedCommentsAndTheRegistry() throws {
        let store = try storeWithActivity()
        for zone in [shanghai, utc] {
            let activity = try store.loadActivity(asOf: day("2026-11-10"), window: 3, zone: zone)
            #expect(activity.registry == nil)
            // The window's shares by roster members: 旧目标 (11-01) and
            // x9's 陌生群 are not among them; 朋 U+670B < 计 U+8BA1.
            #expect(activity.targets == ["朋友圈", "计科2601班级群"])
            #expect(activity.contentIDs == ["p1", "p2"])
            let d9 = day("2026-11-09") - activity.firstDay, d10 = day("2026-11-10") - activity.firstDay
            #expect(activity.shares[d9].targets == [1, -1])
            #expect(activity.shares[d10].targets == [0])
            #expect(activity.shares[d9 - 1].targets.isEmpty)
            // By instant, then member_id; x9 is not on the roster.
            #expect(activity.featuredComments == [
                FeaturedComment(member: 1, day: day("2026-11-09"), instant: at("2026-11-09", "19:00"), content: 1),
                FeaturedComment(member: 0, day: day("2026-11-09"), instant: at("2026-11-09", "20:00"), content: 0, text: "写得好"),
                FeaturedComment(member: 0, day: day("2026-11-10"), instant: at("2026-11-10", "09:00"), content: 0, text: "同一秒"),
                FeaturedComment(member: 1, day: day("2026-11-10"), instant: at("2026-11-10", "09:00"), content: -1),
            ], "\(zone.identifier)")
        }
        let group = RegisteredGroup(groupName: "计科2601班级群", className: "C1")
        try store.ingest("groups.csv", .groups, [groupsBatch([group])])
        let activity = try store.loadActivity(asOf: day("2026-11-10"), window: 3, zone: shanghai)
        #expect(activity.registry == [group])
        #expect(activity.targets.contains(group.groupName))
    }

    // MARK: Upgrade

    /// A store written by the version-3 schema opens, is upgraded in place,
    /// keeps its posts (without reads) and has no registry until a groups
    /// file arrives.
    @Test func aVersion3StoreIsUpgradedOnFirstOpen() throws {
        let path = folder.file("v3.sqlite")
        try writeOldStore(version: 3, at: path, rows: """
            INSERT INTO files(fingerprint, name, kind, status, rows, accepted, duplicates, rejected, reason, ingested_at, absent)
            VALUES ('a', 'posts.csv', 'posts', 'ingested', 1, 1, 0, 0, '', 0, 0);
            INSERT INTO posts(content_id, title, published_at, branch, ingest_id) VALUES ('p1', '迎新', NULL, '', 1);
            """)
        let reader = try Store(path: path, zone: shanghai, access: .readOnly)
        #expect(try reader.posts() == [Post(contentID: "p1", title: "迎新")])
        #expect(try reader.registry() == nil)

        let store = try Store(path: path, zone: shanghai)
        #expect(try store.db.integer("PRAGMA user_version") == 4)
        #expect(try store.db.integer("PRAGMA user_version") == Schema.currentVersion)
        try store.ingest("analytics-posts.csv", .posts, [titleBatch([TitleReads(title: "迎新", reads: 7, readsTotal: 9)])])
        try store.ingest("groups.csv", .groups, [groupsBatch([RegisteredGroup(groupName: "g")])])
        #expect(try store.posts() == [Post(contentID: "p1", title: "迎新", reads: 7, readsTotal: 9)])
        #expect(try store.registry() == [RegisteredGroup(groupName: "g")])
    }
}
