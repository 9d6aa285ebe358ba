import Foundation
import ReachModel
import ReachTestSupport
import Testing
@testable import ReachSynth

@Suite struct MessyTests {
    let tmp = TempFolder()

    @Test func everyQuirkIsPlanted() throws {
        let (dir, summary) = try generate(messyConfig, "messy", in: tmp)
        let byName = Dictionary(uniqueKeysWithValues: summary.files.map { ($0.name, $0) })

        // GB18030: not valid UTF-8, decodes to a title line, a blank line and Chinese headers, CRLF.
        let gb = try bytes(dir, "打卡统计-2026-10.csv")
        #expect(String(validatingUTF8: gb.map { CChar(bitPattern: $0) } + [0]) == nil)
        let gbText = try #require(String(data: Data(gb), encoding: String.Encoding(rawValue: 0x8000_0632)))
        #expect(gbText.hasPrefix("打卡统计 2026年10月\r\n\r\n学号,姓名,打卡时间,渠道\r\n"))
        #expect(byName["打卡统计-2026-10.csv"]?.titleLines == 1)

        // UTF-16 LE with BOM, tab-delimited, quoted comment texts with line breaks.
        let utf16 = try bytes(dir, "comments-2026-11.txt")
        #expect(Array(utf16.prefix(2)) == [0xFF, 0xFE])
        let utf16Text = try #require(String(data: Data(utf16.dropFirst(2)), encoding: .utf16LittleEndian))
        #expect(utf16Text.hasPrefix("学号\t姓名\t评论时间\t推文ID\t精选\t评论内容\n"))
        #expect(utf16Text.contains("\t\"第一条很有启发\n第二条也是\"\n"))

        // UTF-8 with BOM, CRLF and full-width padding.
        let bom = try bytes(dir, "shares-2026-10.csv")
        #expect(Array(bom.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let bomText = String(decoding: bom.dropFirst(3), as: UTF8.self)
        #expect(bomText.hasPrefix("学号,转发时间,推文ID,转发至\r\n"))
        #expect(bomText.contains("\u{3000},"))

        // Two title lines above an English header; epoch and ISO times.
        let titled = try text(dir, "shares-2026-11.csv")
        #expect(titled.hasPrefix("转发统计\n导出时间：2026-11-21 08:00\n\nmember_id,time,content_id\n"))
        #expect(titled.contains("Z,"))

        // Every notation in one file, blank lines and bad rows.
        let mixed = try text(dir, "checkins-2026-11.csv")
        #expect(mixed.contains("+08:00\n") && mixed.contains("Z\n") && mixed.contains(",2026/11/"))
        #expect(mixed.split(separator: "\n").contains { $0.split(separator: ",").last?.count == 13 })
        #expect(mixed.split(separator: "\n").contains { $0.split(separator: ",").last?.count == 10 && !$0.contains("-") })
        #expect(mixed.contains("-02-30 ") && mixed.contains("昨天 ") && mixed.contains("\n,"))

        // Quoted commas in the roster and the posts.
        let roster = try text(dir, "members.csv")
        #expect(roster.contains(",\"") && roster.contains("\r\n"))
        #expect(try text(dir, "posts.csv").contains("\""))

        // The roster update moves three members and adds the late joiner.
        let update = try text(dir, "roster-update-2026-11-20.csv")
        #expect(summary.rosterChanges.count == 3)
        for change in summary.rosterChanges {
            #expect(update.contains("\(change.memberID),") && update.contains(",\(change.toClass),"))
            #expect(change.fromClass != change.toClass)
        }
        let late = try #require(summary.lateJoiner)
        #expect(update.contains(late.id) && !roster.contains(late.id))
        #expect(byName["roster-update-2026-11-20.csv"]?.rows == 4)

        // Unknown ids have events, and no roster row is accepted for them.
        #expect(summary.unknownMemberIDs.count == 3)
        #expect((summary.unknownMemberEvents[.checkin] ?? 0) > 0)
        #expect(summary.unknownMemberIDs.allSatisfy { mixed.contains($0) || gbText.contains($0) })
    }

    @Test func overlappingExportRepeatsSixDaysOfCheckins() throws {
        let (dir, summary) = try generate(messyConfig, "overlap", in: tmp)
        let overlap = try #require(summary.files.first { $0.name.hasPrefix("打卡补充导出") })
        #expect(overlap.name == "打卡补充导出-20261029-20261103.csv")
        // It sorts after both monthly check-in files, so every row is a duplicate.
        #expect(overlap.rows > 0 && overlap.duplicates == overlap.rows && overlap.accepted == 0)
        let lines = try text(dir, overlap.name).split(separator: "\n").dropFirst()
        #expect(lines.count == overlap.rows)
        #expect(lines.allSatisfy { $0.hasSuffix("Z") || $0.hasSuffix("+08:00") })
    }

    @Test func manifestMatchesTheFiles() throws {
        let (dir, summary) = try generate(messyConfig, "manifest", in: tmp)
        let manifest = try text(dir, "SYNTH.txt")
        #expect(manifest == summary.manifest)
        let values = Dictionary(manifest.split(separator: "\n").filter { !$0.hasPrefix("#") && $0.contains(" = ") }
            .map { line -> (String, String) in
                let parts = line.split(separator: "=", maxSplits: 1)
                return (parts[0].trimmingCharacters(in: .whitespaces), parts[1].trimmingCharacters(in: .whitespaces))
            }, uniquingKeysWith: { a, _ in a })
        #expect(values["mess"] == "full")
        #expect(values["first_day"] == "2026-10-12" && values["last_day"] == "2026-11-20")
        #expect(values["bad_rows.checkins"] == String(summary.badRows(.checkins)))
        #expect(values["unknown_member_ids"] == "2025990001 2025990002 2025990003")
        // Planted counts: 3 + 5 bad check-ins, 2 + 2 shares, 2 comments, 2 roster rows, 1 post.
        #expect(summary.badRows(.checkins) == 8 && summary.badRows(.shares) == 4 && summary.badRows(.comments) == 2)
        #expect(summary.badRows(.members) == 2 && summary.badRows(.posts) == 1)
        let fileLines = manifest.split(separator: "\n").filter { $0.hasPrefix("file\t") }
        #expect(fileLines.count == summary.files.count)
        for (line, file) in zip(fileLines, summary.files) {
            let f = line.split(separator: "\t").map(String.init)
            #expect(f[1] == file.name && f[2] == file.kind.rawValue)
            #expect(Int(f[8]) == Int(f[9])! + Int(f[10])! + Int(f[11])!)
            let size = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent(file.name).path)[.size] as? Int
            #expect(Int(f[12]) == size)
        }
        // Each event is accepted once: accepted event rows = distinct events.
        let acceptedEvents = summary.files.filter { $0.kind.eventKind != nil }.reduce(0) { $0 + $1.accepted }
        #expect(acceptedEvents == summary.totalEvents)
    }
}
