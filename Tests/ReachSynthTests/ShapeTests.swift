import Foundation
import ReachModel
import ReachTestSupport
import Testing
@testable import ReachSynth

@Suite struct ShapeTests {
    let tmp = TempFolder()

    @Test func campusSizesFollowTheMemberCount() {
        let year = Campus(config: SynthConfig(members: 50_000, days: 1, end: Day(year: 2026, month: 11, day: 20)!, seed: 1))
        #expect(year.colleges.count == 20)
        #expect(year.branches.count == 400)
        #expect(year.classes.count == 1_600)
        #expect(year.people.count == 50_000)
        #expect(Set(year.people.map(\.id)).count == 50_000)
        let tiny = Campus(config: SynthConfig(members: 5, days: 1, end: Day(year: 2026, month: 11, day: 20)!, seed: 1))
        #expect((tiny.colleges.count, tiny.branches.count, tiny.classes.count, tiny.people.count) == (1, 1, 1, 5))
    }

    /// A province (共青团省委): a million members in 100 colleges of several
    /// universities, 8,000 branches, 32,000 classes, every name unique.
    @Test func provinceShape() {
        let province = Campus(config: SynthConfig(members: 1_000_000, days: 1, end: Day(year: 2026, month: 11, day: 20)!, seed: 1))
        #expect((province.colleges.count, province.branches.count, province.classes.count) == (100, 8_000, 32_000))
        #expect(province.people.count == 1_000_000)
        #expect(Set(province.people.map(\.id)).count == 1_000_000)
        #expect(Set(province.colleges.map(\.name)).count == 100)
        #expect(Set(province.branches.map(\.name)).count == 8_000)
        #expect(Set(province.classes.map(\.name)).count == 32_000)
        #expect(province.colleges[0].name == "江城大学计算机科学与技术学院")
        #expect(province.colleges[24].name == "海州大学计算机科学与技术学院")
        #expect(province.classes[0].name.hasPrefix("江大计科"))
    }

    @Test func sampleShape() throws {
        let (dir, summary) = try generate(sampleConfig, "sample", in: tmp)
        #expect((summary.colleges, summary.branches, summary.classes, summary.rosterMembers) == (3, 6, 10, 300))
        #expect(summary.firstDay == Day(year: 2026, month: 10, day: 7)!)
        // 300 members × 45 days: check-ins at 70–85% of member-days, shares and comments 0.15–0.3 a member-day.
        #expect((9_450...11_475).contains(summary.events[.checkin] ?? 0))
        #expect((2_025...4_050).contains(summary.events[.share] ?? 0))
        #expect((1_700...3_400).contains(summary.events[.comment] ?? 0))
        #expect(summary.totalBytes < 3_000_000)
        let names = summary.files.map(\.name)
        #expect(names == ["checkins-2026-11.csv", "comments-2026-10.csv", "comments-2026-11.csv", "members.csv",
                          "posts.csv", "shares-2026-10.csv", "shares-2026-11.csv", "打卡统计-2026-10.csv"])
        let listed = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(listed == (names + ["SYNTH.txt"]).sorted())
        // Light messiness: one GB18030 file with a title line, a few bad rows and duplicates.
        #expect(summary.files.filter { $0.encoding == .gb18030 }.map(\.name) == ["打卡统计-2026-10.csv"])
        #expect(summary.duplicates(.checkins) == 2 && summary.badRows(.checkins) == 2)
        #expect(summary.duplicates(.comments) == 2 && summary.badRows(.comments) == 1 && summary.badRows(.shares) == 1)
        for file in summary.files {
            #expect(file.rows == file.accepted + file.duplicates + file.rejected)
        }
    }

    @Test func headersComeInBothLanguages() throws {
        let (dir, summary) = try generate(sampleConfig, "headers", in: tmp)
        #expect(try text(dir, "members.csv").hasPrefix("学号,姓名,学院,党支部,班级,政治面貌,辅导员,加入日期,退出日期\n"))
        #expect(try text(dir, "posts.csv").hasPrefix("content_id,title,published_at,branch\n"))
        #expect(try text(dir, "checkins-2026-11.csv").hasPrefix("member_id,time\n"))
        #expect(try text(dir, "shares-2026-10.csv").hasPrefix("学号,转发时间,推文ID\n"))
        #expect(try text(dir, "shares-2026-11.csv").hasPrefix("member_id,time,content_id\n"))
        #expect(try text(dir, "comments-2026-10.csv").hasPrefix("member_id,time,content_id,featured\n"))
        #expect(try text(dir, "comments-2026-11.csv").hasPrefix("学号,评论时间,推文ID,精选\n"))
        for kind in [FileKind.checkins, .shares, .comments] {
            #expect(Set(summary.files.filter { $0.kind == kind }.map(\.header)) == ["en", "zh"])
        }
    }

    @Test func cleanFilesHoldEveryEventOnceAndCountEveryRow() throws {
        let config = SynthConfig(members: 200, days: 20, end: Day(year: 2026, month: 11, day: 20)!, seed: 11)
        let (dir, summary) = try generate(config, "clean", in: tmp)
        let roster = Set(try text(dir, "members.csv").split(separator: "\n").dropFirst().map { $0.split(separator: ",")[0] })
        #expect(roster.count == 200)
        for file in summary.files where file.kind.eventKind != nil {
            let lines = try text(dir, file.name).split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.last == "")
            let records = lines.dropFirst().dropLast()
            #expect(records.count == file.rows && file.rows == file.accepted)
            #expect(Set(records).count == records.count)
            #expect(records.allSatisfy { roster.contains($0.split(separator: ",")[0]) })
            #expect(file.duplicates == 0 && file.rejected == 0)
        }
        let total = summary.files.filter { $0.kind.eventKind != nil }.reduce(0) { $0 + $1.rows }
        #expect(total == summary.totalEvents)
        #expect(summary.unknownMemberEvents.values.reduce(0, +) == 0)
    }

    @Test func sameSeedSameBytes() throws {
        let (a, first) = try generate(messyConfig, "det-a", in: tmp)
        let (b, second) = try generate(messyConfig, "det-b", in: tmp)
        #expect(first.files == second.files)
        for name in first.files.map(\.name) + ["SYNTH.txt"] {
            #expect(try bytes(a, name) == bytes(b, name), "\(name) differs between runs")
        }
        var other = messyConfig
        other.seed = 4
        let (c, _) = try generate(other, "det-c", in: tmp)
        #expect(try bytes(a, "members.csv") != bytes(c, "members.csv"))
    }

    @Test func refusesBadShapesAndFullFolders() throws {
        let end = Day(year: 2026, month: 11, day: 20)!
        #expect(throws: ReachError.self) { try Synthesizer.write(SynthConfig(members: 0, days: 5, end: end, seed: 1), to: tmp.fileURL("zero")) }
        let (dir, _) = try generate(SynthConfig(members: 10, days: 2, end: end, seed: 1), "full", in: tmp)
        #expect(throws: ReachError.self) { try Synthesizer.write(SynthConfig(members: 10, days: 2, end: end, seed: 1), to: dir) }
    }
}
