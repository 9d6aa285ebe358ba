import Foundation
import ReachModel
import ReachTestSupport
import Testing
@testable import ReachSynth

/// The contract-v4 inputs of `--groups`: the group registry, the analytics
/// export, comment texts and share targets.
@Suite struct GroupsTests {
    let tmp = TempFolder()
    static let config: SynthConfig = {
        var config = sampleConfig
        config.groups = true
        return config
    }()

    /// A roster row as the tests need it.
    private struct Member { var name: String, className: String, left: Day? }

    private func roster(_ dir: URL) throws -> [String: Member] {
        let t = try ExportTable(try text(dir, "members.csv"), marker: "学号")
        var members: [String: Member] = [:]
        for row in t.rows {
            members[t.value(row, "学号")] = Member(name: t.value(row, "姓名"), className: t.value(row, "班级"),
                                                 left: Day(iso: t.value(row, "退出日期")))
        }
        return members
    }

    /// Every share target of the folder as written (untrimmed).
    private func targets(_ dir: URL, _ summary: SynthSummary) throws -> [String] {
        try summary.files.filter { $0.kind == .shares }.flatMap { file -> [String] in
            let lines = try text(dir, file.name).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            let column = try #require(lines[0].firstIndex { $0 == "target" || $0 == "转发至" })
            return lines.dropFirst().compactMap { $0.count > column ? String($0[column]) : nil }
        }
    }

    @Test func registryHoldsEveryCaseOfTheAudit() throws {
        let (dir, summary) = try generate(Self.config, "registry", in: tmp)
        let cases = try #require(summary.groupCases)
        let name = "群组备案-2026秋.csv"
        #expect(try text(dir, name).hasPrefix("群名称,类型,学院,支部,班级,所属组织,负责人学号,负责人,备案日期,群人数,状态\n"))
        let file = try #require(summary.files.first { $0.name == name })
        #expect(file.kind == .groups && file.rows == 18 && file.accepted == 18)
        #expect(summary.manifest.contains("\nfile\t\(name)\tgroups\tutf-8\tcomma\tlf\tzh\t0\t18\t18\t0\t0\t"))
        let t = try ExportTable(try text(dir, name), marker: "群名称")
        func row(_ group: String) throws -> [String] { try #require(t.rows.first { t.value($0, "群名称") == group }, "\(group)") }
        let members = try roster(dir)
        let asOf = Self.config.end
        func classRoster(_ cls: String) -> Int {
            members.values.filter { $0.className == cls && ($0.left.map { $0 >= asOf } ?? true) }.count
        }

        // The sample's cases, by name (SYNTH.txt lists them too).
        #expect(cases.noOwner == "计算机科学与技术学生第二党支部群")
        #expect(cases.ownerLeft == "机械2601班级群")
        #expect(cases.shortOfMembers == "经管2301班级群")
        #expect(cases.closed == "经管2501班级群（旧）")
        #expect(cases.classWithoutGroup == "计科2501班")
        #expect(cases.ownerNotOnRoster == "计算机科学与技术学院团委")
        #expect(cases.unregisteredTarget == "计科2501班级群")
        #expect(cases.unused == "计算机科学与技术学院团委")

        let noOwner = try row(cases.noOwner)
        #expect(t.value(noOwner, "负责人学号") == "" && t.value(noOwner, "负责人") == "")
        #expect(t.value(noOwner, "支部") == "计算机科学与技术学生第二党支部" && t.value(noOwner, "班级") == "")

        let left = try row(cases.ownerLeft)
        let leaver = try #require(members[t.value(left, "负责人学号")])
        #expect(t.value(left, "负责人学号") == "2026020014" && t.value(left, "负责人") == leaver.name)
        #expect(leaver.left == Day(iso: "2026-11-01") && leaver.className == "机械2601班")

        let short = try row(cases.shortOfMembers)
        #expect(t.value(short, "班级") == "经管2301班")
        #expect(try #require(Int(t.value(short, "群人数"))) < classRoster("经管2301班"))
        // Every other open class group has at least its class's members.
        for r in t.rows where !t.value(r, "班级").isEmpty && t.value(r, "状态") != "注销" && t.value(r, "群名称") != cases.shortOfMembers {
            #expect(try #require(Int(t.value(r, "群人数"))) >= classRoster(t.value(r, "班级")))
        }

        let closed = try row(cases.closed)
        #expect(t.value(closed, "状态") == "注销" && t.value(closed, "班级") == "经管2501班")
        #expect(t.rows.filter { t.value($0, "状态") == "注销" }.count == 1)
        #expect(t.rows.filter { t.value($0, "状态") == "正常" }.count == 17)

        #expect(classRoster(cases.classWithoutGroup) > 0)
        #expect(!t.rows.contains { t.value($0, "班级") == cases.classWithoutGroup })

        let account = try row(cases.ownerNotOnRoster)
        #expect(t.value(account, "类型") == "公众号" && t.value(account, "负责人学号") == "20100001")
        #expect(members["20100001"] == nil)
        // A class WeChat group for each class but one, an account per college, a branch group for 4 of 6 branches, 1 organisation.
        #expect(t.rows.filter { t.value($0, "群名称").hasSuffix("班级群") }.count == 9)
        #expect(t.rows.filter { t.value($0, "类型") == "公众号" }.count == 3)
        #expect(t.rows.filter { t.value($0, "群名称").hasSuffix("党支部群") }.count == 4)
        #expect(t.rows.filter { !t.value($0, "所属组织").isEmpty && t.value($0, "学院").isEmpty }.map { t.value($0, "群名称") }
                == ["青年志愿者协会骨干群"])

        // Share targets: mostly registered class and branch groups, the class without a group's
        // own group, a closed group's name, some padded with spaces; the accounts get none.
        let written = try targets(dir, summary)
        let trimmed = written.map { $0.trimmingCharacters(in: .whitespaces) }
        let registered = Set(t.rows.filter { t.value($0, "状态") == "正常" }.map { t.value($0, "群名称") })
        let classOrBranch = registered.filter { $0.hasSuffix("班级群") || $0.hasSuffix("党支部群") }
        #expect(Double(trimmed.filter(classOrBranch.contains).count) > 0.8 * Double(trimmed.count))
        #expect(trimmed.contains(cases.unregisteredTarget) && !t.rows.contains { t.value($0, "群名称") == cases.unregisteredTarget })
        #expect(trimmed.contains(cases.closed))
        #expect(written.contains { $0.hasPrefix(" ") && $0.hasSuffix(" ") && $0.count > 2 })
        #expect(!trimmed.contains(cases.unused))
    }

    @Test func analyticsExportMatchesPostsByTitle() throws {
        let (dir, summary) = try generate(Self.config, "reads", in: tmp)
        let cases = try #require(summary.groupCases)
        let name = "推文数据-图文分析-2026-11.csv"
        #expect(FileKind.detect(fileName: name) == .posts)
        #expect(try text(dir, name).hasPrefix("标题,阅读人数,阅读次数\n"))
        let reads = try ExportTable(try text(dir, name), marker: "标题")
        let posts = try ExportTable(try text(dir, "posts.csv"), marker: "content_id")
        #expect(reads.rows.count == posts.rows.count + 1 && posts.rows.count == summary.posts)
        for row in reads.rows {
            let readers = try #require(Int(reads.value(row, "阅读人数"))), total = try #require(Int(reads.value(row, "阅读次数")))
            #expect(readers >= 0 && readers <= total)
        }
        // One title shared by two posts (and so by two analytics rows); every other title once.
        let titles = posts.rows.map { posts.value($0, "title") }
        #expect(cases.sharedTitle == "科技创新与青年｜校团委")
        #expect(titles.filter { $0 == cases.sharedTitle }.count == 2)
        #expect(Set(titles).count == titles.count - 1)
        #expect(titles.contains("科技创新与青年｜校团委（三）"))
        #expect(reads.rows.filter { reads.value($0, "标题") == cases.sharedTitle }.count == 2)
        // One analytics row of no post.
        #expect(cases.unknownTitle == "2026年秋季运动会精彩瞬间回顾")
        #expect(!titles.contains(cases.unknownTitle))
        #expect(Set(reads.rows.map { reads.value($0, "标题") }).subtracting(titles) == [cases.unknownTitle])
    }

    @Test func commentsHaveTextsAndFeaturedOnesAreThoughtful() throws {
        let (dir, summary) = try generate(Self.config, "texts", in: tmp)
        #expect(try text(dir, "comments-2026-10.csv").hasPrefix("member_id,time,content_id,featured,text\n"))
        #expect(try text(dir, "comments-2026-11.csv").hasPrefix("学号,评论时间,推文ID,精选,评论内容\n"))
        let featuredTexts = Set(Vocabulary.featuredOpenings.flatMap { o in Vocabulary.featuredThoughts.map { o + $0 } })
        var featuredLate = 0
        for file in summary.files where file.kind == .comments {
            let lines = try text(dir, file.name).split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            for f in lines where f.count == 5 {
                #expect(!f[4].isEmpty)
                let featured = f[3] == "1" || f[3] == "是"
                #expect(featured == featuredTexts.contains(String(f[4])), "\(f)")
                if featured, let day = Day(iso: String(f[1].prefix(10))), day > Self.config.end - 30 { featuredLate += 1 }
            }
        }
        #expect(featuredLate >= 20, "\(featuredLate)")
    }

    @Test func sameSeedSameBytesAndOtherFilesUnchanged() throws {
        let (a, first) = try generate(Self.config, "g-a", in: tmp)
        let (b, second) = try generate(Self.config, "g-b", in: tmp)
        #expect(first.files == second.files && first.groupCases == second.groupCases)
        for name in first.files.map(\.name) + ["SYNTH.txt"] {
            #expect(try bytes(a, name) == bytes(b, name), "\(name) differs between runs")
        }
        // The roster and the check-ins are those of the sample without --groups; shares and
        // comments only gain a column.
        let (plain, _) = try generate(sampleConfig, "g-plain", in: tmp)
        for name in ["members.csv", "checkins-2026-11.csv", "打卡统计-2026-10.csv"] {
            #expect(try bytes(a, name) == bytes(plain, name), "\(name) changed")
        }
        for name in ["shares-2026-10.csv", "comments-2026-11.csv"] {
            let with = try text(a, name).split(separator: "\n").map { $0.split(separator: ",").prefix(3) }
            let without = try text(plain, name).split(separator: "\n").map { $0.split(separator: ",").prefix(3) }
            #expect(with == without, "\(name) changed")
        }
    }

    /// `--registry N`: a registry of N rows, cut (classes lose their groups first) or
    /// padded (league-branch and club groups); the planted cases stay.
    @Test func registrySizedOnRequest() throws {
        let end = Day(year: 2026, month: 11, day: 20)!
        for (rows, label) in [(40, "cut"), (300, "padded")] {
            let config = SynthConfig(members: 3_000, days: 30, end: end, seed: 5, registryRows: rows)
            #expect(config.writesGroups)
            let (dir, summary) = try generate(config, label, in: tmp)
            #expect(summary.registryRows == rows)
            let t = try ExportTable(try text(dir, "群组备案-2026秋.csv"), marker: "群名称")
            #expect(t.rows.count == rows)
            #expect(Set(t.rows.map { t.value($0, "群名称") }).count == rows)
            let cases = try #require(summary.groupCases)
            for planted in [cases.noOwner, cases.ownerLeft, cases.shortOfMembers, cases.closed, cases.ownerNotOnRoster] {
                #expect(t.rows.contains { t.value($0, "群名称") == planted }, "\(planted)")
            }
            if rows == 300 { #expect(t.rows.contains { t.value($0, "群名称").hasSuffix("团支部群") }) }
        }
        #expect(throws: ReachError.self) {
            try Synthesizer.write(SynthConfig(members: 10, days: 2, end: end, seed: 1, registryRows: 0), to: tmp.fileURL("none"))
        }
    }
}
