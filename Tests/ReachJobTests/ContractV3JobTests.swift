import Foundation
import ReachTestSupport
import Testing
import ReachModel
import ReachReading
import ReachStore
@testable import ReachJob

/// The job's side of contract v3: absent rows in the log and the totals,
/// the roster's id width asked once per ingest, and a store's absent rows,
/// notes and sheet rejects through a report.
@Suite struct ContractV3JobTests {
    @Test func totalsAndLogLinesNameAbsentRows() {
        let absent = FileOutcome(file: "打卡.xlsx", kind: "checkins", status: .ingested, rows: 14, accepted: 7,
                                 duplicates: 2, rejected: 3, absent: 2)
        let plain = FileOutcome(file: "名单.csv", kind: "members", status: .ingested, rows: 3, accepted: 3)
        #expect(Ingestion.countsLine(absent) == "打卡.xlsx: checkins, 14 rows: 7 accepted, 2 duplicates, 3 rejected, 2 absent")
        #expect(Ingestion.countsLine(plain) == "名单.csv: members, 3 rows: 3 accepted, 0 duplicates, 0 rejected")
        let totals = IngestTotals([absent, plain])
        #expect(totals.absent == 2 && totals.rows == 17)
        #expect(totals.line == "2 files: 2 ingested, 0 skipped, 0 rejected; rows: 10 accepted, 2 duplicates, 3 rejected, 2 absent")
        #expect(IngestTotals([plain]).line == "1 files: 1 ingested, 0 skipped, 0 rejected; rows: 3 accepted, 0 duplicates, 0 rejected")
    }

    /// A spreadsheet is read with the roster's width as the store reports it
    /// after every roster file before it in the ingest: here a second
    /// roster gives the roster mixed widths, so a number one digit short
    /// is left as it is.
    @Test func aSpreadsheetIsReadWithTheWidthOfEveryRosterBeforeIt() throws {
        let tmp = TempFolder()
        let store = try Store(path: tmp.file("reach.sqlite"), zone: .shanghai)
        let first = tmp.write("名单-1.csv", "学号,姓名,班级,支部\n0001,张三,计科1班,第一支部\n0002,李四,计科1班,第一支部\n")
        let second = tmp.write("名单-2.csv", "学号,姓名,班级,支部\n12345,王五,计科1班,第一支部\n")
        let sheet = tmp.write("打卡.xls", Self.checkinSheet([("1", "2026-11-03 08:00:00")]))
        let ingestion = Ingestion(store: store, zone: .shanghai, logger: ReachLog.logger(verbosity: .quiet))
        let files = [first, second, sheet].map { URL(fileURLWithPath: $0) }
        let results = try ingestion.ingest(files)
        #expect(results.map(\.outcome.status) == [.ingested, .ingested, .ingested])
        #expect(!results[2].outcome.reason.contains("restored"), "\(results[2].outcome.reason)")
        #expect(try store.unknownMembers().map(\.memberID) == ["1"])
        #expect(try store.rosterIDWidth() == nil)
    }

    /// A SpreadsheetML check-in sheet (学号 as number cells, 打卡时间 as text),
    /// as Excel 2003 saves it under a `.xls` name.
    static func checkinSheet(_ rows: [(id: String, time: String)]) -> String {
        let cells = rows.map {
            #"<Row><Cell><Data ss:Type="Number">\#($0.id)</Data></Cell><Cell><Data ss:Type="String">\#($0.time)</Data></Cell></Row>"#
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <?mso-application progid="Excel.Sheet"?>
            <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
            <ss:Worksheet ss:Name="打卡"><Table>
            <Row><Cell><Data ss:Type="String">学号</Data></Cell><Cell><Data ss:Type="String">打卡时间</Data></Cell></Row>
            \(cells.joined(separator: "\n"))
            </Table></ss:Worksheet></Workbook>
            """
    }

    static let sheets = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/sheets")

    /// A DingTalk daily report through the one ingest path: its absent rows
    /// counted, the reader's notes in the quality row, and its last day,
    /// with absent rows, a data day.
    @Test func aDingTalkWorkbookIsIngestedWithItsAbsentRowsAndNotes() throws {
        let tmp = TempFolder()
        let store = try Store(path: tmp.file("reach.sqlite"), zone: .shanghai)
        let ingestion = Ingestion(store: store, zone: .shanghai, logger: ReachLog.logger(verbosity: .quiet))
        let url = Self.sheets.appendingPathComponent("openpyxl/打卡-two-row-header.xlsx")
        let outcome = try #require(try ingestion.ingest([url]).first?.outcome)
        #expect(outcome.status == .ingested)
        #expect(outcome.rows == 8 && outcome.accepted == 5 && outcome.duplicates == 0 && outcome.rejected == 0
                && outcome.absent == 3)
        let notes = try FileReader(url: url, zone: .shanghai).notes
        #expect(!notes.isEmpty && notes.joined().contains("每日统计"), "the reader names the sheet it read")
        #expect(outcome.reason == notes.joined(separator: "; "))
        #expect(try store.outcomes() == [outcome])
        let activity = try store.loadActivity(asOf: Day(iso: "2026-11-04")!, window: 3, zone: .shanghai)
        #expect(activity.denominators.dataDays == [Day(iso: "2026-11-02")! ... Day(iso: "2026-11-03")!])
    }

    /// Member ids that a spreadsheet stored as numbers, one leading zero
    /// short of the roster's fixed width, get it back, and the quality row
    /// says so.
    @Test func numberIDsGetTheRostersLeadingZeroBack() throws {
        let tmp = TempFolder()
        let store = try Store(path: tmp.file("reach.sqlite"), zone: .shanghai)
        let roster = tmp.write("名单.csv", "学号,姓名,班级,支部\n0202501001,张三,计科1班,第一支部\n0202501002,李四,计科1班,第一支部\n")
        let sheet = tmp.write("打卡.xls", Self.checkinSheet([
            ("202501001", "2026-11-03 08:00:00"), ("202501002", "2026-11-03 08:30:00"), ("202501002", "2026-11-04 08:30:00"),
        ]))
        let ingestion = Ingestion(store: store, zone: .shanghai, logger: ReachLog.logger(verbosity: .quiet))
        let results = try ingestion.ingest([URL(fileURLWithPath: roster), URL(fileURLWithPath: sheet)])
        #expect(results.map(\.outcome.status) == [.ingested, .ingested])
        let outcome = results[1].outcome
        #expect(outcome.accepted == 3)
        #expect(outcome.reason.hasSuffix("restored a leading zero in 3 member ids stored as numbers, e.g. 202501001 → 0202501001"),
                "\(outcome.reason)")
        #expect(try store.unknownMembers().isEmpty, "every check-in belongs to a roster member")
    }

    /// Absent rows, an ingested file's notes and spreadsheet rejects, from
    /// the store to quality.csv and rejects.csv.
    @Test func aReportShowsAbsentRowsNotesAndSheetRows() throws {
        let tmp = TempFolder()
        let settings = try Settings.resolve(commandLine: .init(store: tmp.file("reach.sqlite"), out: tmp.file("reports"),
                                                               window: "3"))
        let store = try Store(path: settings.storePath, zone: settings.zone)
        let roster = tmp.write("名单.csv", "学号,姓名,班级,支部\n0001,张三,计科1班,第一支部\n0002,李四,计科1班,第一支部\n")
        _ = try Ingestion(store: store, zone: settings.zone, logger: ReachLog.logger(verbosity: .quiet))
            .ingest([URL(fileURLWithPath: roster)])

        // A workbook export of 11-19 and 11-20: on 11-20 nobody checked in,
        // every row of that day says 未打卡.
        let zone = settings.zone
        func reject(_ line: Int) -> RowReject {
            RowReject(file: "打卡.xlsx", line: line, reason: "empty member_id", raw: ",08:00", sheet: "打卡记录")
        }
        var events = EventBatch(kind: .checkin, memberIDs: ["0001", "0002"])
        events.rows = [EventRow(member: 0, instant: zone.instant(day: Day(iso: "2026-11-19")!, secondOfDay: 8 * 3600)),
                       EventRow(member: 1, instant: zone.instant(day: Day(iso: "2026-11-19")!, secondOfDay: 9 * 3600))]
        let batch = ReadBatch(rows: .events(events), rejects: [reject(17), reject(9), reject(100)], records: 7, absent: 2,
                              absentDays: Day(iso: "2026-11-20")! ... Day(iso: "2026-11-20")!, restoredIDs: 2,
                              restoredExample: "1 → 0001")
        let file = try store.beginFile(name: "打卡.xlsx", kind: .checkins, fingerprint: "xlsx")
        try file.add(batch)
        let outcome = try file.commit(notes: ["read sheet 打卡记录"])
        #expect(outcome.rows == 7 && outcome.absent == 2)

        let result = try ReportJob(store: store, settings: settings, logger: ReachLog.logger(verbosity: .quiet))
            .run(asOf: Day(iso: "2026-11-20")!)
        #expect(result.tables.asOfIsDataDay == true, "11-20 has only absent rows, and is a data day")
        func text(_ name: String) throws -> String {
            String(decoding: try Data(contentsOf: result.folder.appendingPathComponent(name)), as: UTF8.self)
        }
        #expect(try text("quality.csv") == """
            \u{FEFF}file,kind,status,rows,accepted,duplicates,rejected,reason,absent
            名单.csv,members,ingested,2,2,0,0,,0
            打卡.xlsx,checkins,ingested,7,2,0,3,"read sheet 打卡记录; restored a leading zero in 2 member ids stored as numbers, e.g. 1 → 0001",2

            """)
        #expect(try text("rejects.csv") == """
            \u{FEFF}file,line,reason,raw
            打卡.xlsx,打卡记录!9,empty member_id,",08:00"
            打卡.xlsx,打卡记录!17,empty member_id,",08:00"
            打卡.xlsx,打卡记录!100,empty member_id,",08:00"

            """)
        // 11-20 counts, at 0 %: both members expected, neither checked in.
        #expect(try text("daily.csv").contains("2026-11-20,all,all,2,0,0.0000,"))
    }
}

/// SPEC 6.13: a workbook and the CSV saved from it give the same store and
/// byte-identical daily, groups, members and gaps files — end to end with
/// the real executable, for the openpyxl and LibreOffice fixtures (the
/// project's own libxlsxwriter workbook is the sample's, checked against
/// its manifest in BrokenExportTests).
@Suite(.serialized) struct SpreadsheetTwinReportTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/sheets")

    /// Ingests the roster fixture and `files` (relative to the fixtures) into
    /// a fresh store under `tmp/name` and reports as of 2026-11-03.
    private func report(_ tmp: TempFolder, _ name: String, _ files: [String]) throws -> [String: String] {
        var paths = [Self.fixtures.appendingPathComponent("openpyxl/members-openpyxl.csv").path]
        paths += files.map { Self.fixtures.appendingPathComponent($0).path }
        let ingest = try ReachProcess.run(["ingest", "--store", "\(name).sqlite", "-q"] + paths, in: tmp.path)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let report = try ReachProcess.run(["report", "--store", "\(name).sqlite", "--as-of", "2026-11-03", "--window", "7",
                                           "--out", name, "-q"], in: tmp.path)
        #expect(report.status == 0, "\(report.stderr)")
        var out: [String: String] = [:]
        for file in ["daily.csv", "groups.csv", "members.csv", "gaps.csv", "days.csv"] {
            out[file] = String(decoding: try Data(contentsOf: tmp.url.appendingPathComponent("\(name)/2026-11-03/\(file)")),
                               as: UTF8.self)
        }
        return out
    }

    @Test func workbooksReportLikeTheirCSVTwins() throws {
        let tmp = TempFolder()
        let sheets = try report(tmp, "sheets", ["openpyxl/打卡-two-row-header.xlsx", "openpyxl/checkins-openpyxl.xlsx",
                                                 "libreoffice/checkins-lo.xls"])
        let csvs = try report(tmp, "csvs", ["openpyxl/打卡-two-row-header.csv", "openpyxl/checkins-openpyxl.csv",
                                             "libreoffice/checkins-lo.csv"])
        for (file, text) in sheets {
            #expect(text == csvs[file], "\(file) differs")
        }
        // Not trivially equal: the reports hold the fixtures' check-ins.
        #expect(sheets["daily.csv"]?.contains("2026-11-02,all,all,") == true)
        #expect(sheets["members.csv"]?.contains("2026010001,王芳,") == true)
    }
}
