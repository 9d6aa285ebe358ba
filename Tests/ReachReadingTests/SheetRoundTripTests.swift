import Foundation
import Testing
import ReachModel
@testable import ReachReading

/// A spreadsheet and the CSV saved from it read the same (SPEC 6.13), for
/// files made by three writers: openpyxl (`scripts/make-sheet-fixtures`),
/// LibreOffice (`soffice --convert-to xlsx/xls`, Tests/Fixtures/sheets/
/// README.md) and the project's own libxlsxwriter (`reach synth --xlsx`,
/// checked end to end in ReachJobTests).
@Suite struct SheetRoundTripTests {
    /// Everything a reading gives that the store keeps, in a comparable form.
    struct Reading: Equatable {
        var kind: FileKind
        var records: Int
        var events: [String]
        var rows: [String]
        var absent: Int
        var absentDays: ClosedRange<Day>?
        var rejects: [String]
    }

    private func reading(_ url: URL) throws -> Reading {
        let reader = try FileReader(url: url, zone: shanghai)
        var all = ReadAll(kind: reader.kind)
        try reader.forEachBatch { all.batches.append($0) }
        let rows: [String] = all.batches.flatMap { batch -> [String] in
            switch batch.rows {
            case .members(let m): return m.map { "\($0)" }
            case .leave(let l): return l.map { "\($0)" }
            case .calendar(let c): return c.map { "\($0)" }
            case .posts(let p): return p.map { "\($0)" }
            case .groups(let g): return g.map { "\($0)" }
            case .titleReads(let t): return t.map { "\($0)" }
            case .events: return []
            }
        }
        let days = all.batches.compactMap(\.absentDays)
        return Reading(
            kind: all.kind, records: all.records,
            events: all.events.map { "\($0.member) \($0.instant) \($0.content) \($0.channel) \($0.target) \($0.featured)" },
            rows: rows, absent: all.batches.reduce(0) { $0 + $1.absent },
            absentDays: days.isEmpty ? nil : days.map(\.lowerBound).min()! ... days.map(\.upperBound).max()!,
            rejects: all.rejects.map { "\($0.line): \($0.reason)" })
    }

    @Test(arguments: [
        "openpyxl/checkins-openpyxl", "openpyxl/checkins-1904", "openpyxl/members-openpyxl",
        "openpyxl/leave-openpyxl", "openpyxl/打卡-two-row-header",
        "libreoffice/checkins-lo",
    ])
    func xlsxReadsAsItsCSVTwin(_ base: String) throws {
        let sheet = try reading(SheetFixtures.url(base + ".xlsx"))
        let csv = try reading(SheetFixtures.url(base + ".csv"))
        #expect(sheet == csv)
        #expect(sheet.records > 0)
    }

    @Test func libreOfficeXLSReadsAsItsCSVTwin() throws {
        let xls = try reading(SheetFixtures.url("libreoffice/checkins-lo.xls"))
        let csv = try reading(SheetFixtures.url("libreoffice/checkins-lo.csv"))
        #expect(xls == csv)
        // Hand-checked: 5 check-ins, 张敏 absent on 11-02, the row without an id rejected.
        #expect(xls.events.count == 5)
        #expect(xls.absent == 1)
        #expect(xls.absentDays == Day(iso: "2026-11-02")! ... Day(iso: "2026-11-02")!)
        #expect(xls.rejects == ["8: empty member_id"])
        // 李强's time of day 08:15 joined to its date (00:15 UTC); no content id.
        #expect(xls.events.contains("2026010002 \(utc(2026, 11, 3, 0, 15))  小程序  false"))
    }

    @Test func dingTalkTwoRowHeaderMeaning() throws {
        let r = try reading(SheetFixtures.url("openpyxl/打卡-two-row-header.xlsx"))
        // 8 data rows: 5 check-ins (上班1 only), 3 absent (未打卡, 缺卡, and
        // 旷工 beside a time: the result wins).
        #expect(r.records == 8)
        #expect(r.absent == 3)
        #expect(r.events.count == 5)
        #expect(r.rejects.isEmpty)
        // 王芳 at 00:00 on 11-03 (Shanghai) = 16:00 UTC on 11-02; 欧阳子涵's
        // text time 07:58 joined to its date.
        #expect(r.events.contains { $0.hasPrefix("2026010001 \(utc(2026, 11, 2, 16, 0)) ") })
        #expect(r.events.contains { $0.hasPrefix("2025020017 \(utc(2026, 11, 1, 23, 58)) ") })
    }

    @Test func rejectsOfASheetNameTheirSheetAndRow() throws {
        let reader = try FileReader(url: SheetFixtures.url("libreoffice/checkins-lo.xlsx"), zone: shanghai)
        var rejects: [RowReject] = []
        try reader.forEachBatch { rejects += $0.rejects }
        #expect(rejects.map(\.location) == ["checkins-lo!8"])
        #expect(rejects.first?.raw == ",无名,2026-11-03,2026-11-03 09:00:00,正常")
        #expect(reader.notes == ["sheet 'checkins-lo', header row 1"])
        #expect(reader.header.columns.map(\.position) == ["A", "C", "D", "E", "F"])
    }

    @Test func otherSheetsAreNamedInTheNotes() throws {
        let reader = try FileReader(url: SheetFixtures.url("openpyxl/checkins-openpyxl.xlsx"), zone: shanghai)
        #expect(reader.notes == ["sheet '打卡记录', header row 2", "other sheets not read: '说明'"])
    }
}
