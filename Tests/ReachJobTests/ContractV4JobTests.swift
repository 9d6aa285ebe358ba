import Foundation
import ReachTestSupport
import Testing
import ReachModel
import ReachStore
@testable import ReachJob

/// The job's side of contract v4: a registry, the analytics export and a
/// comments file with texts, from inbox files to the report's activity.
@Suite struct ContractV4JobTests {
    /// The analytics export is ingested before the posts file (by name):
    /// its note finds no post yet, and the report still gets the reads.
    @Test func aRegistryAnAnalyticsExportAndCommentTextsReachTheActivity() throws {
        let tmp = TempFolder()
        let store = try Store(path: tmp.file("reach.sqlite"), zone: .shanghai)
        let files = [
            tmp.write("转发.csv", "学号,转发时间,推文ID,转发至\n0001,2026-11-03 08:00,P1, 计科2601班级群 \n"),
            tmp.write("推文.csv", "推文ID,标题\nP1,开学第一课\nP2,迎新\n"),
            tmp.write("评论.csv", "学号,评论时间,推文ID,精选,评论内容\n0001,2026-11-03 20:00,P2,是,写得好\n"),
            tmp.write("群组备案.csv", "群名称,班级,群人数\n计科2601班级群,计科1班,30\n计科2601班级群,计科1班,31\n"),
            tmp.write("posts-图文分析.csv", "标题,阅读人数,阅读次数\n开学第一课,120,180\n迎新,45,60\n"),
            tmp.write("名单.csv", "学号,姓名,班级,支部\n0001,张三,计科1班,第一支部\n"),
        ].map { URL(fileURLWithPath: $0) }
        let ordered = InputFiles.order(files, kindOverride: nil)
        #expect(ordered.map(\.lastPathComponent) == ["名单.csv", "posts-图文分析.csv", "推文.csv", "群组备案.csv", "评论.csv", "转发.csv"])
        let ingestion = Ingestion(store: store, zone: .shanghai, logger: ReachLog.logger(verbosity: .quiet))
        let outcomes = try ingestion.ingest(ordered).map(\.outcome)
        #expect(outcomes[1] == FileOutcome(file: "posts-图文分析.csv", kind: "posts", status: .ingested, rows: 2, accepted: 2,
                                           reason: "reads: 0 of 2 rows matched a post; 2 titles of no known post: 《开学第一课》《迎新》"))
        #expect(outcomes[3] == FileOutcome(file: "群组备案.csv", kind: "groups", status: .ingested, rows: 2, accepted: 2))

        #expect(try store.posts() == [Post(contentID: "P1", title: "开学第一课", reads: 120, readsTotal: 180),
                                      Post(contentID: "P2", title: "迎新", reads: 45, readsTotal: 60)])
        let activity = try store.loadActivity(asOf: Day(iso: "2026-11-03")!, window: 1, zone: .shanghai)
        #expect(activity.registry == [RegisteredGroup(groupName: "计科2601班级群", className: "计科1班", memberCount: 31)])
        #expect(activity.targets == ["计科2601班级群"], "the reader trims the target to the registered name")
        #expect(activity.featuredComments == [FeaturedComment(
            member: 0, day: Day(iso: "2026-11-03")!, instant: ReportingZone.shanghai.instant(day: Day(iso: "2026-11-03")!, secondOfDay: 20 * 3600),
            content: 1, text: "写得好")])
    }
}
