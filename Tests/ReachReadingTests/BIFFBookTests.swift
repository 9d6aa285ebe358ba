import CFreeXL
import Foundation
import Testing
@testable import ReachReading

/// ``BIFFBook`` on `.xls` files LibreOffice made (Tests/Fixtures/sheets).
@Suite struct BIFFBookTests {
    @Test func readsCellsAsAPersonSeesThem() throws {
        let book = try BIFFBook(url: SheetFixtures.url("checkins.xls"))
        #expect(book.sheetNames == ["checkins"])
        let rows = try SheetFixtures.rows(book)
        // Row 4 of the CSV is empty and is not given.
        #expect(rows.map(\.number) == [1, 2, 3, 5, 6])
        #expect(rows[0].cells == ["学号", "姓名", "日期", "打卡时间", "时刻", "渠道", "分数"])
        #expect(rows[0].isNumber == Array(repeating: false, count: 7))
        #expect(rows[1].cells == ["202501001", "张三", "2026-11-03", "2026-11-03 08:52:00", "08:52:00", "微信", "95.5"])
        #expect(rows[1].isNumber == [true, false, false, false, false, false, true])
        #expect(rows[2].cells == ["202501002", "李四", "2026-11-04", "2026-11-04 21:05:30", "21:05:30", "公众号", "88"])
        // LibreOffice turned `007` into the number 7 and kept the slashed
        // dates (not a date form in its default locale) as text.
        #expect(rows[3].cells == ["7", "王五", "2026/11/5", "2026/11/5 7:00", "07:00:00", "app", "-3"])
        #expect(rows[3].isNumber == [true, false, false, false, false, false, true])
        // A 13-digit id is a double in BIFF; 0.1 its shortest decimal.
        #expect(rows[4].cells == ["2025010012345", "赵六", "2026-11-06", "2026-11-06 00:00:00", "", "", "0.1"])
        #expect(rows[4].isNumber == [true, false, false, false, false, false, true])
    }

    @Test func readsEachSheetOfATwoSheetWorkbook() throws {
        let book = try BIFFBook(url: SheetFixtures.url("two-sheets.xls"))
        #expect(book.sheetNames == ["名单", "打卡"])
        let checkins = try SheetFixtures.rows(book, sheet: 1)
        #expect(checkins.map(\.number) == [1, 3, 4, 5])
        #expect(checkins[0].cells == ["计算机学院打卡记录"])
        #expect(checkins[1].cells == ["学号", "打卡时间", "时刻", "日期", "精选", "分数", "公式", "备注"])
        // FreeXL 1.0.6 gives booleans and formulas as empty cells.
        #expect(checkins[2].cells == ["2025010012345", "2026-11-03 08:52:00", "08:52:00", "2026-11-03", "", "0.1", "",
                                      "多行\n文本"])
        #expect(checkins[3].cells == ["202501002", "2026-11-04 23:59:59", "23:59:59", "2026-11-04", "", "0.0000001"])
        #expect(checkins[3].isNumber == [true, false, false, false, false, true])

        // Reading starts over for any sheet, in any order.
        let roster = try SheetFixtures.rows(book, sheet: 0)
        #expect(roster.map(\.cells) == [
            ["学号", "姓名", "班级", "支部", "加入日期"],
            ["202501001", "张三", "计科1班", "第一支部", "2025-09-01"],
            ["202501002", "李四", "计科2班", "第二支部", "2025-09-02"],
        ])
        #expect(try SheetFixtures.rows(book, sheet: 1) == checkins)
        #expect(SheetFixtures.reason { _ = try SheetFixtures.rows(book, sheet: 2) } != nil)
    }

    @Test func stopsWhenTheHandlerSaysSoAndPassesItsErrorsOn() throws {
        let book = try BIFFBook(url: SheetFixtures.url("checkins.xls"))
        var seen: [Int] = []
        try book.readRows(sheet: 0) { seen.append($0.number); return seen.count == 2 ? .stop : .more }
        #expect(seen == [1, 2])

        struct Boom: Error {}
        #expect(throws: Boom.self) { try book.readRows(sheet: 0) { _ in throw Boom() } }
    }

    @Test func passwordProtectedFilesSayHowToFixThem() throws {
        let expected = "the file is password-protected; remove the password in Excel (File › Info › Protect Workbook) "
            + "and save it again, or save it as CSV"
        // An encrypted BIFF8 workbook (FILEPASS) and an encrypted .xlsx in
        // its OLE2 wrapper (EncryptedPackage).
        #expect(SheetFixtures.reason { _ = try BIFFBook(url: SheetFixtures.url("locked.xls")) } == expected)
        #expect(SheetFixtures.reason { _ = try BIFFBook(url: SheetFixtures.url("locked.xlsx")) } == expected)
    }

    @Test func otherOLE2FilesAndDamagedOnesAreRefusedWithFreeXLsCode() throws {
        let workbook = try SheetFixtures.bytes("checkins.xls")
        // An OLE2 file without a Workbook stream, as a .doc is: the
        // directory entry renamed (same length, UTF-16LE).
        let from: [UInt8] = "Workbook".utf16.flatMap { [UInt8($0), 0] }
        let to: [UInt8] = "Document".utf16.flatMap { [UInt8($0), 0] }
        var document = workbook
        let at = try #require((0 ... document.count - from.count).first { i in
            document[i ..< i + from.count].elementsEqual(from)
        })
        document.replaceSubrange(at ..< at + to.count, with: to)
        let notWorkbook = try SheetFixtures.withFile(document, name: "minutes.xls") { url in
            SheetFixtures.reason { _ = try BIFFBook(url: url) }
        }
        #expect(notWorkbook == "not an Excel 97–2003 workbook, or a damaged one (FreeXL error \(FREEXL_BIFF_WORKBOOK_NOT_FOUND)); "
            + "open it in Excel or WPS and save it as .xlsx or CSV")

        // Cut short: the header is there, the sectors it names are not.
        let truncated = try SheetFixtures.withFile(Array(workbook.prefix(1536)), name: "cut.xls") { url in
            SheetFixtures.reason { _ = try BIFFBook(url: url) }
        }
        #expect(truncated?.hasPrefix("not an Excel 97–2003 workbook, or a damaged one (FreeXL error -") == true)

        let missing = SheetFixtures.reason { _ = try BIFFBook(url: SheetFixtures.url("no-such.xls")) }
        #expect(missing == "cannot read the file: it does not exist or is not readable")
    }

    @Test func filesOverTheSizeLimitAreRefusedBeforeFreeXLReadsThem() throws {
        let reason = SheetFixtures.reason { _ = try BIFFBook(url: SheetFixtures.url("checkins.xls"), maxFileBytes: 4096) }
        #expect(reason == "the .xls file is 6656 bytes, larger than the 4096 bytes an Excel 97–2003 workbook is read up to; "
            + "save it as .xlsx or CSV")
        #expect(BIFFBook.maxFileBytes == 256 << 20)
    }

    /// FreeXL 1.0.6 converts a directory entry's name with the length the
    /// entry claims, reading past the entry (found by the reader's fuzzer:
    /// a length of 5,632 bytes read off the end of FreeXL's 4 KB buffer).
    /// Such a file is refused before FreeXL opens it.
    @Test func aDirectoryEntryNameLongerThanTheFormatAllowsNeverReachesFreeXL() throws {
        let workbook = try SheetFixtures.bytes("checkins.xls")
        func le(_ i: Int) -> Int { Int(workbook[i]) | Int(workbook[i + 1]) << 8 | Int(workbook[i + 2]) << 16 | Int(workbook[i + 3]) << 24 }
        let sectorSize = 1 << Int(workbook[0x1E])
        let directory = (le(0x30) + 1) * sectorSize
        #expect(!CompoundFileDirectory.hasOverlongName(of: SheetFixtures.url("checkins.xls")))

        for (entry, length) in [(1, 5632), (3, 66), (0, 0xFFFF)] {
            var damaged = workbook
            damaged[directory + 128 * entry + 64] = UInt8(length & 0xFF)
            damaged[directory + 128 * entry + 65] = UInt8(length >> 8)
            let reason = try SheetFixtures.withFile(damaged, name: "damaged.xls") { url in
                #expect(CompoundFileDirectory.hasOverlongName(of: url))
                return SheetFixtures.reason { _ = try BIFFBook(url: url) }
            }
            #expect(reason == BIFFBook.damagedDirectoryReason, "entry \(entry), name length \(length)")
        }
        // 64 bytes, the most the format allows, is no damage.
        var longest = workbook
        longest[directory + 128 * 3 + 64] = 64
        longest[directory + 128 * 3 + 65] = 0
        try SheetFixtures.withFile(longest, name: "longest.xls") { url in
            #expect(!CompoundFileDirectory.hasOverlongName(of: url))
        }
        // Not a compound file, or no directory sector to read: nothing to guard.
        #expect(!CompoundFileDirectory.hasOverlongName(of: SheetFixtures.url("checkins.csv")))
        #expect(!CompoundFileDirectory.hasOverlongName(read: { offset, count in
            offset == 0 ? Array(workbook.prefix(count)) : nil
        }))
    }

    @Test func compoundFileDirectoryNamesTheStreams() throws {
        let encrypted = try #require(CompoundFileDirectory.entryNames(of: SheetFixtures.url("locked.xlsx")))
        #expect(encrypted.contains("EncryptedPackage") && encrypted.contains("EncryptionInfo"))
        #expect(CompoundFileDirectory.isEncryptedPackage(encrypted))
        let plain = try #require(CompoundFileDirectory.entryNames(of: SheetFixtures.url("checkins.xls")))
        #expect(plain.contains("Root Entry") && plain.contains("Workbook"))
        #expect(!CompoundFileDirectory.isEncryptedPackage(plain))
        #expect(CompoundFileDirectory.entryNames(of: SheetFixtures.url("checkins.csv")) == nil)
    }

    @Test func numbersAreDigitsOrShortestDecimalsWithoutExponent() {
        #expect(SheetNumberText.text(202_501_001) == "202501001")
        #expect(SheetNumberText.text(2_025_010_012_345) == "2025010012345")
        #expect(SheetNumberText.text(95.5) == "95.5")
        #expect(SheetNumberText.text(0.1) == "0.1")
        #expect(SheetNumberText.text(1e-7) == "0.0000001")
        #expect(SheetNumberText.text(-1.5e-10) == "-0.00000000015")
        #expect(SheetNumberText.text(1e20) == "100000000000000000000")
        #expect(SheetNumberText.text(1.25e20) == "125000000000000000000")
        #expect(SheetNumberText.text(-3) == "-3")
        #expect(SheetNumberText.text(-0.0) == "0")
        #expect(SheetNumberText.text(123_456_789.125) == "123456789.125")
    }

    @Test func freeXLDateTextIsBroughtToTheSheetForms() {
        #expect(BIFFDateText.normalised("2026-11-03", type: FREEXL_CELL_DATE) == "2026-11-03")
        #expect(BIFFDateText.normalised("2026-11-03 08:52:00", type: FREEXL_CELL_DATETIME) == "2026-11-03 08:52:00")
        #expect(BIFFDateText.normalised("2026-11-03 8:52:00.5", type: FREEXL_CELL_DATETIME) == "2026-11-03 08:52:00")
        #expect(BIFFDateText.normalised("8:52", type: FREEXL_CELL_TIME) == "08:52:00")
        #expect(BIFFDateText.normalised("08:52:07", type: FREEXL_CELL_TIME) == "08:52:07")
        #expect(BIFFDateText.normalised("garbage", type: FREEXL_CELL_TIME) == "garbage")
    }
}
