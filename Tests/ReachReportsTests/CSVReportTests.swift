import Foundation
import ReachMetrics
import ReachModel
import ReachTestSupport
import Testing
@testable import ReachReports

@Suite struct CSVReportTests {
    let tmp = TempFolder()

    static let bom = "\u{FEFF}"

    /// Writes the fixture once and returns the folder.
    func written(bom: Bool = true) throws -> URL {
        try ReportWriter.write(Fixture.input, options: ReportOptions(bom: bom), to: tmp.newFolder())
    }

    @Test func dailyIsByteExact() throws {
        let dir = try written()
        #expect(try Fixture.text(dir.appendingPathComponent("daily.csv")) == Self.bom + #"""
            date,scope,group,expected,checked_in,coverage,reached,sharers,shares,commenters,comments,excused
            2026-11-19,all,all,3,2,0.6667,3,1,2,0,0,1
            2026-11-19,college,计算机学院,2,2,1.0000,2,1,2,0,0,0
            2026-11-20,all,all,3,1,0.3333,1,0,0,1,1,1
            2026-11-20,class,'-计科2班,1,0,0.0000,0,0,0,0,0,0

            """#)
    }

    @Test func groupsIsByteExact() throws {
        let dir = try written()
        // all: delta = 1/2 − 1/4; 计科1班: 3/4 − 5/6 = −1/12 → −0.0833; no previous window → empty.
        #expect(try Fixture.text(dir.appendingPathComponent("groups.csv")) == Self.bom + #"""
            scope,group,members,member_days,checkin_days,coverage,reached_days,reach_rate,full_days,worst_day,worst_coverage,shares,comments,at_risk,prev_coverage,delta,rank,days,excused_days
            all,all,3,6,3,0.5000,4,0.6667,0,2026-11-20,0.3333,2,1,2,0.2500,0.2500,1,2,2
            class,计科1班,2,4,3,0.7500,4,1.0000,1,2026-11-20,0.5000,2,1,1,0.8333,-0.0833,1,2,2
            class,'-计科2班,1,2,0,0.0000,0,0.0000,0,2026-11-19,0.0000,0,0,1,,,2,2,0

            """#)
    }

    @Test func membersIsByteExact() throws {
        let dir = try written()
        // 赵六 was on leave all window: no expected day, so an empty check-in rate.
        #expect(try Fixture.text(dir.appendingPathComponent("members.csv")) == Self.bom + #"""
            member_id,name,college,branch,class,counsellor,expected_days,checkin_days,checkin_rate,shares,comments,last_checkin,days_since,current_streak,longest_streak,excused_days,missed_run
            0123,"He said ""hi""",,第二支部,'-计科2班,,2,0,0.0000,0,0,,,0,0,0,2
            '=1+1,"李,四",计算机学院,第一支部,计科1班,'-王,2,1,0.5000,0,1,2026-11-15,5,0,1,1,3
            007,张三,计算机学院,第一支部,计科1班,王老师,2,2,1.0000,2,0,2026-11-20,0,7,2,0,0
            2023009,赵六,计算机学院,第一支部,计科1班,王老师,0,0,,0,0,2026-11-09,11,0,0,2,0

            """#)
    }

    @Test func gapsIsByteExact() throws {
        let dir = try written()
        #expect(try Fixture.text(dir.appendingPathComponent("gaps.csv")) == Self.bom + #"""
            college,branch,class,counsellor,member_id,name,last_checkin,days_since,checkin_rate,reasons,missed_run
            ,第二支部,'-计科2班,,0123,"He said ""hi""",,,0.0000,never;low_rate,2
            计算机学院,第一支部,计科1班,'-王,'=1+1,"李,四",2026-11-15,5,0.5000,gap;low_rate,3

            """#)
    }

    /// days.csv: every day of both windows, `1`/`0` facts, the note guarded
    /// like any text (SPEC 6.11).
    @Test func daysIsByteExact() throws {
        let dir = try written()
        #expect(try Fixture.text(dir.appendingPathComponent("days.csv")) == Self.bom + #"""
            date,data,checkin_day,expected,excused,note
            2026-11-17,0,1,0,0,
            2026-11-18,1,0,0,0,'+校运会; 调休
            2026-11-19,1,1,3,1,
            2026-11-20,1,1,3,1,补课

            """#)
    }

    @Test func silentIsByteExact() throws {
        let dir = try written()
        #expect(try Fixture.text(dir.appendingPathComponent("silent.csv")) == Self.bom + #"""
            date,college,branch,class,expected
            2026-11-19,,第二支部,'-计科2班,1
            2026-11-20,,第二支部,'-计科2班,1

            """#)
    }

    @Test func postsTakeTitleAndLocalTimeFromKnownPosts() throws {
        let dir = try written()
        #expect(try Fixture.text(dir.appendingPathComponent("posts.csv")) == Self.bom + #"""
            content_id,title,published_at,shares,sharers,comments,commenters,featured_comments,reads,reads_total
            p1,"'=HYPERLINK(""x"")",2026-11-18 08:30:00,2,1,1,1,1,120,150
            '@p2,,,0,0,1,1,0,,

            """#)
    }

    @Test func qualityRejectsAndUnknownMembersAreByteExact() throws {
        let dir = try written()
        #expect(try Fixture.text(dir.appendingPathComponent("quality.csv")) == Self.bom + #"""
            file,kind,status,rows,accepted,duplicates,rejected,reason,absent
            名单.csv,members,ingested,3,3,0,0,,0
            checkins-11.csv,checkins,ingested,10,7,2,1,,0
            '+weird.txt,,rejected,0,0,0,0,unknown kind; rename the file,0

            """#)
        // The raw text ends in a tab but does not start with one: no prefix; its quotes are doubled.
        #expect(try Fixture.text(dir.appendingPathComponent("rejects.csv")) == Self.bom + #"""
            file,line,reason,raw
            checkins-11.csv,7,unparseable time,"007,""2026-13-01""\#t"

            """#)
        #expect(try Fixture.text(dir.appendingPathComponent("unknown_members.csv")) == Self.bom + #"""
            member_id,events,first_day,last_day
            999,4,2026-11-19,2026-11-20

            """#)
    }

    @Test func withoutBOMTheFileStartsWithTheHeader() throws {
        let dir = try written(bom: false)
        let bytes = try Data(contentsOf: dir.appendingPathComponent("quality.csv"))
        #expect(Array(bytes.prefix(4)) == Array("file".utf8))
        let withBOM = try Data(contentsOf: written().appendingPathComponent("quality.csv"))
        #expect(Array(withBOM.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(withBOM.count == bytes.count + 3)
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+86 138", "'+86 138"),
        ("-x", "'-x"),
        ("@me", "'@me"),
        ("\tlead", "'\tlead"),
        ("\rlead", "\"'\rlead\""),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("=a,b", "\"'=a,b\""),
        ("line\nbreak", "\"line\nbreak\""),
        ("a=b", "a=b"),
        ("", ""),
    ])
    func textFieldsAreQuotedAndGuarded(text: String, expected: String) {
        var out: [UInt8] = []
        CSVTable.appendCell(.text(text), to: &out)
        #expect(String(decoding: out, as: UTF8.self) == expected)
    }

    /// A table of several megabytes goes through the write buffer many
    /// times; the file must be exactly the rows, in order, nothing lost at
    /// the buffer boundaries.
    @Test func largeTablesStreamExactly() throws {
        let columns: [Column<Int>] = [
            Column("id", "编号", "ID", .text) { .text(String(format: "%07d", $0)) },
            Column("note", "备注", "Note", .text) { .text($0 % 7 == 0 ? "信息, \"引号\" \($0)" : "第\($0)行") },
            Column("n", "数", "N", .count) { .count($0 * 3) },
        ]
        let rows = 0..<120_000
        var expected = "\u{FEFF}id,note,n\n"
        for i in rows {
            let note = i % 7 == 0 ? "\"信息, \"\"引号\"\" \(i)\"" : "第\(i)行"
            expected += "\(String(format: "%07d", i)),\(note),\(i * 3)\n"
        }
        let url = tmp.fileURL("large.csv")
        try CSVTable.write(rows, columns: columns, bom: true, to: url)
        let written = try Data(contentsOf: url)
        #expect(written.count > 3 << 20)
        #expect(written == Data(expected.utf8))
    }

    @Test func numbersDatesAndRatiosAreNeverPrefixed() {
        func csv(_ cell: Cell) -> String {
            var out: [UInt8] = []
            CSVTable.appendCell(cell, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
        #expect(csv(.count(-3)) == "-3")
        #expect(csv(.ratio(Ratio(-1, 12))) == "-0.0833")
        #expect(csv(.ratio(Ratio(-1, 100_000))) == "0.0000")
        #expect(csv(.day(Day(year: 2026, month: 1, day: 2)!)) == "2026-01-02")
        #expect(csv(.timestamp(localSeconds: 0, text: "2026-11-18 08:30:00")) == "2026-11-18 08:30:00")
        #expect(csv(.empty) == "")
    }
}
