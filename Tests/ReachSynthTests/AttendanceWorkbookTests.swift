import Foundation
import ReachModel
import ReachTestSupport
import Testing
@testable import ReachSynth

/// `reach synth --xlsx`: the last month's check-ins as a DingTalk daily
/// attendance report. The workbook is read back from its XML parts
/// (WorkbookXML), not through reach's reader: this target does not link
/// ReachReading.
@Suite struct AttendanceWorkbookTests {
    let tmp = TempFolder()

    /// What `make sample` generates.
    static let config = SynthConfig(members: 300, days: 45, end: Day(year: 2026, month: 11, day: 20)!, seed: 7,
                                    sample: true, calendarLeave: true, xlsx: true)
    static let name = "打卡-钉钉考勤报表-2026-11.xlsx"

    /// The fields of the manifest's `file` line for `name`.
    static func manifestLine(_ manifest: String, _ name: String) -> [String]? {
        manifest.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
            .first { $0.count > 1 && $0[0] == "file" && $0[1] == name }
    }

    @Test func replacesTheLastCheckinMonthAndNothingElse() throws {
        var plainConfig = Self.config
        plainConfig.xlsx = false
        let (dir, summary) = try generate(Self.config, "xlsx", in: tmp)
        let (plainDir, plain) = try generate(plainConfig, "xlsx-plain", in: tmp)
        let names = summary.files.map(\.name)
        #expect(names == plain.files.map(\.name).map { $0 == "checkins-2026-11.csv" ? Self.name : $0 }
            .sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) })
        for name in names where name != Self.name {
            #expect(try bytes(dir, name) == bytes(plainDir, name), "\(name) differs with --xlsx")
        }
        #expect(Array(try bytes(dir, Self.name).prefix(4)) == [0x50, 0x4B, 0x03, 0x04])

        // The manifest: an `absent` column and two lines more, only with --xlsx.
        let manifest = try text(dir, "SYNTH.txt")
        #expect(manifest == summary.manifest)
        let plainManifest = try text(plainDir, "SYNTH.txt")
        #expect(manifest.contains("\nxlsx = on\n") && !plainManifest.contains("absent"))
        #expect(manifest.contains("\nabsent.checkins = \(summary.absentRows(.checkins))\n"))
        #expect(manifest.contains("\tbytes\tabsent\n"))
        let f = try #require(Self.manifestLine(manifest, Self.name))
        #expect(f.count == 14 && f[2] == "checkins" && f[3] == "xlsx" && f[7] == "1")
        let (rows, accepted, duplicates, rejected, size, absent) = (Int(f[8])!, Int(f[9])!, Int(f[10])!, Int(f[11])!,
                                                                     Int(f[12])!, Int(f[13])!)
        #expect(rows == accepted + duplicates + rejected + absent)
        #expect(duplicates == 0 && rejected == 0 && absent > 0 && accepted > 0)
        let written = try bytes(dir, Self.name)
        #expect(size == written.count)
        for line in manifest.split(separator: "\n") where line.hasPrefix("file\t") && !line.contains(Self.name) {
            #expect(line.hasSuffix("\t0"))
        }
        // Each event is accepted once; the month holds each member's first check-in of a day only.
        let acceptedEvents = summary.files.filter { $0.kind.eventKind != nil }.reduce(0) { $0 + $1.accepted }
        #expect(acceptedEvents == summary.totalEvents)
        #expect(summary.events[.checkin]! < plain.events[.checkin]!)
        #expect(summary.events[.share] == plain.events[.share] && summary.events[.comment] == plain.events[.comment])
    }

    @Test func sameOptionsSameBytes() throws {
        let (a, _) = try generate(Self.config, "xlsx-det-a", in: tmp)
        let (b, _) = try generate(Self.config, "xlsx-det-b", in: tmp)
        #expect(try bytes(a, Self.name) == bytes(b, Self.name))
        #expect(try text(a, "SYNTH.txt") == text(b, "SYNTH.txt"))
        // Left to itself libxlsxwriter writes the current time into
        // docProps/core.xml. Rather than run a second apart, check that no
        // time it writes comes from the clock: core.xml's two times are the
        // fixed creation time, and no zip entry is dated within a day of now.
        let package = try XLSXPackage(a.appendingPathComponent(Self.name))
        let core = try package.part("docProps/core.xml")
        #expect(core.contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-11-21T00:00:00Z</dcterms:created>"))
        #expect(matches(#">(\d{4}-\d\d-\d\dT[\d:]+Z)<"#, in: core) == ["2026-11-21T00:00:00Z", "2026-11-21T00:00:00Z"])
        #expect(package.modificationDates.count == package.parts.count)
        #expect(package.modificationDates.values.allSatisfy { abs($0.timeIntervalSinceNow) > 86_400 })
    }

    @Test func layoutIsDingTalks() throws {
        let (dir, summary) = try generate(Self.config, "xlsx-layout", in: tmp)
        let book = try WorkbookXML(dir.appendingPathComponent(Self.name))
        #expect(book.sheetNames == ["每日统计"])
        #expect(book.texts(1) == ["钉钉考勤报表 2026-11-01 至 2026-11-20", "", "", "", "", "", "", ""])
        #expect(book.texts(2) == ["姓名", "工号", "部门", "日期", "上班1", "", "下班1", ""])
        #expect(book.texts(3) == ["", "", "", "", "打卡时间", "打卡结果", "打卡时间", "打卡结果"])
        #expect(Set(book.merges) == ["A1:H1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:F2", "G2:H2"])
        let file = try #require(summary.files.first { $0.name == Self.name })
        #expect(book.rows.keys.max() == 3 + file.rows)
        #expect(book.rows.keys.count == 3 + file.rows)
    }

    /// Every row read back: ids as numbers (text with a leading zero), dates
    /// with their weekday, times as time cells and as text, absent rows — and
    /// the check-ins are those the CSV of the same month holds, each member's
    /// first of a day, to the minute.
    @Test func rowsHoldTheMonthsCheckins() throws {
        var plainConfig = Self.config
        plainConfig.xlsx = false
        let (dir, summary) = try generate(Self.config, "xlsx-rows", in: tmp)
        let (plainDir, _) = try generate(plainConfig, "xlsx-rows-plain", in: tmp)
        let roster = Set(try text(dir, "members.csv").split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[0]) })
        let book = try WorkbookXML(dir.appendingPathComponent(Self.name))
        let weekdays = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]

        var firstMinute: [String: Int] = [:]  // "id day" → minute of the 上班1 time
        var absent = 0, numberTimes = 0, textTimes = 0, numberIDs = 0, textIDs = 0, laterTimes = 0
        var seen = Set<String>()
        for r in 4 ... book.rows.keys.max()! {
            let row = try #require(book.rows[r])
            let id = try #require(row["B"])
            if id.isNumber {
                #expect(book.format(id) == "#1")  // Excel's builtin `0`
                #expect(!id.value.hasPrefix("0") && id.value.allSatisfy(\.isNumber))
                numberIDs += 1
            } else {
                #expect(id.value.hasPrefix("0"), "id \(id.value) is text but has no leading zero")
                textIDs += 1
            }
            #expect(roster.contains(id.value))
            let date = try #require(row["D"]).value
            let day = try #require(Day(iso: date.prefix(10)))
            #expect(date == "\(day) \(weekdays[SchoolCalendar.weekday(day)])")
            #expect(seen.insert("\(id.value) \(day)").inserted, "\(id.value) has two rows on \(day)")
            #expect(row["A"] != nil && row["C"] != nil)
            let result = try #require(row["F"]).value
            guard let time = row["E"] else {
                #expect(["未打卡", "缺卡"].contains(result))
                #expect(row["G"] == nil && row["H"] == nil)
                absent += 1
                continue
            }
            let minute: Int
            if time.isNumber {
                #expect(book.format(time) == "hh:mm")
                minute = Int((Double(time.value)! * 1_440).rounded())
                numberTimes += 1
            } else {
                let parts = time.value.split(separator: ":")
                #expect(time.value.count == 5 && parts.count == 2)
                minute = Int(parts[0])! * 60 + Int(parts[1])!
                textTimes += 1
            }
            #expect(result == (minute <= 9 * 60 ? "正常" : "迟到"))
            firstMinute["\(id.value) \(day)"] = minute
            if let later = row["G"] {
                // A second check-in of the day, in the same cell type; no reader takes an event from 下班1.
                #expect(later.isNumber == time.isNumber && row["H"]?.value == "正常")
                let laterMinute = later.isNumber ? Int((Double(later.value)! * 1_440).rounded())
                    : Int(later.value.prefix(2))! * 60 + Int(later.value.suffix(2))!
                #expect(laterMinute > minute)
                laterTimes += 1
            }
        }
        let file = try #require(summary.files.first { $0.name == Self.name })
        #expect(absent == file.absent && firstMinute.count == file.accepted)
        #expect(numberTimes > 100 && textTimes > 100 && numberIDs > 100 && textIDs > 0 && laterTimes > 0)

        // The CSV of the same month: each member's first check-in of a day, to the minute.
        var csvFirst: [String: Int] = [:]
        for line in try text(plainDir, "checkins-2026-11.csv").split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",")
            let clock = f[1].split(separator: " ")[1].split(separator: ":")
            let key = "\(f[0]) \(f[1].prefix(10))"
            csvFirst[key] = min(csvFirst[key] ?? .max, Int(clock[0])! * 60 + Int(clock[1])!)
        }
        #expect(firstMinute == csvFirst)
    }

    @Test func messyWorkbookPlantsRejectsDuplicatesAndAResultThatWins() throws {
        var config = messyConfig
        config.xlsx = true
        let (dir, summary) = try generate(config, "xlsx-messy", in: tmp)
        let file = try #require(summary.files.first { $0.name == Self.name })
        #expect(file.rows == file.accepted + file.duplicates + file.rejected + file.absent)
        #expect(file.duplicates == 5 && file.rejected == 5 && file.absent > 0)
        let overlap = try #require(summary.files.first { $0.name.hasPrefix("打卡补充导出") })
        #expect(overlap.rows > 0 && overlap.duplicates == overlap.rows)
        let acceptedEvents = summary.files.filter { $0.kind.eventKind != nil }.reduce(0) { $0 + $1.accepted }
        #expect(acceptedEvents == summary.totalEvents)

        let book = try WorkbookXML(dir.appendingPathComponent(Self.name))
        let data = (4 ... book.rows.keys.max()!).compactMap { book.rows[$0] }
        #expect(data.count == file.rows)
        let emptyID = data.filter { $0["B"] == nil }.count
        let unreadable = data.filter { $0["E"]?.value.hasPrefix("昨天 ") ?? false }.count
        let impossible = data.filter { $0["D"]?.value.contains("-02-30 ") ?? false }.count
        #expect(emptyID + unreadable + impossible == file.rejected && emptyID > 0 && unreadable > 0 && impossible > 0)
        // One absent row says 旷工 beside a time: the result wins (SPEC 1.6).
        let resultWins = data.filter { $0["F"]?.value == "旷工" }
        #expect(resultWins.count == 1 && resultWins.first?["E"]?.value == "08:00")
        let absentRows = data.filter { ["未打卡", "缺卡", "旷工"].contains($0["F"]?.value ?? "") }
        #expect(absentRows.count == file.absent)
        // Ids on no roster come without a 部门.
        #expect(data.contains { row in summary.unknownMemberIDs.contains(row["B"]?.value ?? "") && row["C"] == nil })
    }

    @Test func refusesMoreMembersThanASheetHolds() {
        var config = Self.config
        config.members = SynthConfig.maxXLSXMembers + 1
        #expect(throws: ReachError.self) { try config.validate() }
        config.xlsx = false
        #expect(throws: Never.self) { try config.validate() }
    }

    @Test func numericIDsAndClock() {
        #expect(AttendanceWorkbook.numericID("2026010001") == 2_026_010_001)
        #expect(AttendanceWorkbook.numericID("01001") == nil)
        #expect(AttendanceWorkbook.numericID("") == nil && AttendanceWorkbook.numericID("12a") == nil)
        #expect(AttendanceWorkbook.numericID("1234567890123456") == nil)
        #expect(AttendanceWorkbook.clock(8 * 60 + 2) == "08:02" && AttendanceWorkbook.clock(23 * 60 + 59) == "23:59")
        #expect(AttendanceWorkbook.dateText(Day(year: 2026, month: 11, day: 3)!) == "2026-11-03 星期二")
        let (first, later) = AttendanceWorkbook.firstPerDay([
            Happening(second: 8 * 3_600 + 52 * 60 + 41, member: 3, article: nil),
            Happening(second: 8 * 3_600 + 52 * 60 + 50, member: 1, article: nil),
            Happening(second: 20 * 3_600 + 5, member: 3, article: nil),
        ])
        #expect(first.map(\.member) == [1, 3] && first.allSatisfy { $0.second == 8 * 3_600 + 52 * 60 })
        #expect(later == [3: 20 * 3_600])
    }
}
