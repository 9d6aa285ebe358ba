import Testing
import ReachModel
@testable import ReachReading

/// Finding the header of a sheet (SPEC 1.2a): title rows above it, a
/// two-row header joined, a header that is not there.
@Suite struct SheetHeaderSearchTests {
    private func row(_ number: Int, _ cells: [String]) -> SheetRow { SheetRow(number: number, cells: cells) }

    @Test func titleRowThenSingleHeader() throws {
        let rows = [row(1, ["打卡统计 2026年11月"]), row(2, ["学号", "姓名", "打卡时间"]), row(3, ["2025001", "张三", "2026-11-03 08:52"])]
        let header = try #require(SheetHeaderSearch.search(rows, kind: .checkins).header)
        #expect(header.rows == 2 ... 2)
        #expect(header.layout.index[.memberID] == 0)
        #expect(header.layout.index[.time] == 2)
        #expect(header.layout.fieldCount == 3)
    }

    @Test func dingTalkTwoRowHeaderIsJoined() throws {
        let rows = [
            row(1, ["钉钉考勤报表 2026-11-01 至 2026-11-30"]),
            row(2, ["姓名", "工号", "部门", "日期", "上班1", "", "下班1", ""]),
            row(3, ["", "", "", "", "打卡时间", "打卡结果", "打卡时间", "打卡结果"]),
            row(4, ["张三", "2025001", "计科2601班", "2026-11-03 星期二", "08:52", "正常", "17:30", "正常"]),
        ]
        #expect(SheetHeaderSearch.joinedNames(upper: rows[1], lower: rows[2], kind: .checkins)
            == ["姓名", "工号", "部门", "日期", "上班1打卡时间", "上班1打卡结果", "下班1打卡时间", "下班1打卡结果"])
        let header = try #require(SheetHeaderSearch.search(rows, kind: .checkins).header)
        #expect(header.rows == 2 ... 3)
        #expect(header.layout.index[.memberID] == 1)
        #expect(header.layout.index[.time] == 4)
    }

    @Test func groupRowThatMatchesAloneStillTakesItsSubHeaders() throws {
        // 学号 and 打卡时间 both in the upper row; the lower row names the
        // parts of the merged 打卡时间 group: the pair is the header, so the
        // sub-header row is not read as a (rejected) data row.
        let rows = [
            row(5, ["学号", "打卡时间", ""]),
            row(6, ["", "上班", "下班"]),
            row(7, ["2025001", "2026-11-03 08:52", "2026-11-03 17:30"]),
        ]
        let header = try #require(SheetHeaderSearch.search(rows, kind: .checkins).header)
        #expect(header.rows == 5 ... 6)
        #expect(header.names == ["学号", "打卡时间", "打卡时间"])
        #expect(header.layout.index[.time] == 1)
    }

    @Test func dataRowBelowAFullHeaderIsNotJoined() throws {
        let rows = [row(1, ["学号", "打卡时间", "备注"]), row(2, ["2025001", "2026-11-03 08:52", ""])]
        let header = try #require(SheetHeaderSearch.search(rows, kind: .checkins).header)
        #expect(header.rows == 1 ... 1)
    }

    @Test func rowsThatAreNotAdjacentAreNotJoined() {
        let rows = [row(1, ["工号", "上班1"]), row(3, ["", "打卡时间"])]
        let (header, missing) = SheetHeaderSearch.search(rows, kind: .checkins)
        #expect(header == nil)
        #expect(missing == [.time])
    }

    @Test func noHeaderInTheFirstTenRows() {
        var rows = (1 ... 10).map { row($0, ["说明 \($0)"]) }
        rows.append(row(11, ["学号", "打卡时间"]))
        let (header, missing) = SheetHeaderSearch.search(rows, kind: .checkins)
        #expect(header == nil)
        #expect(missing == [.memberID, .time])
        #expect(SheetHeaderSearch.search([], kind: .checkins).bestMissing == nil)
    }

    @Test func cellTextHelpers() {
        #expect(SheetText.columnLetters(0) == "A")
        #expect(SheetText.columnLetters(25) == "Z")
        #expect(SheetText.columnLetters(26) == "AA")
        #expect(SheetText.columnLetters(16_383) == "XFD")
        #expect(SheetText.raw(row(4, ["a,b", "say \"hi\"", "", "c", "", ""])) == "\"a,b\",\"say \"\"hi\"\"\",,c")
        #expect(SheetText.trimmed("\u{3000} 2025001 \u{3000}") == "2025001")
        #expect(SheetText.isBlank(row(1, [" ", "\u{3000}", ""])))
    }

    @Test func cellRecordPadsAndCutsToTheHeaderWidth() {
        var record = CellRecord()
        record.load(SheetRow(number: 9, cells: [" 2025001 ", "x"], isNumber: [true, false]), width: 4)
        record.withFields { fields in
            #expect(String(decoding: fields.field(0), as: UTF8.self) == "2025001")
            #expect(fields.isNumber(0))
            #expect(String(decoding: fields.field(1), as: UTF8.self) == "x")
            #expect(fields.field(2).isEmpty)
            #expect(fields.field(3).isEmpty)
            #expect(!fields.isNumber(3))
        }
        record.load(SheetRow(number: 10, cells: ["a", "b", "c"]), width: 2)
        record.withFields { fields in
            #expect(String(decoding: fields.field(1), as: UTF8.self) == "b")
            #expect(fields.ends.count == 2)
        }
    }
}
