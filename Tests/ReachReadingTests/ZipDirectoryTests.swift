import Foundation
import Testing
import ReachModel
import ZIPFoundation
@testable import ReachReading

/// The xlsx reader's own zip directory and bounded inflating: what
/// ZIPFoundation's `Archive` lists it lists too, and broken entries are
/// refused quickly — never read past their data, never spun on.
@Suite struct ZipDirectoryTests {
    private typealias F = XLSXFixture

    /// A zip written byte by byte: `entries` (name, method, the data as
    /// stored, the CRC and uncompressed size to declare), local headers and
    /// data first, then the central directory, then the end record with
    /// `comment`. `tail` entries are written inside the comment, after the
    /// end record: nothing follows their data but the file's end.
    struct RawZip {
        struct Item {
            var name: String
            var method: UInt16 = 8
            var data: [UInt8]
            var crc: UInt32 = 0
            var size: UInt32 = 0
            var flags: UInt16 = 0
            var zip64Extra = false
            /// The compressed size to declare, when not the data's length.
            var declaredCompressed: UInt32?
            var compressed: UInt32 { declaredCompressed ?? UInt32(data.count) }
        }

        var items: [Item]
        var tail: [Item] = []

        var bytes: [UInt8] {
            var out: [UInt8] = []
            var directory: [UInt8] = []
            func local(_ item: Item) -> [UInt8] {
                let name = Array(item.name.utf8)
                return le32(0x0403_4B50) + le16(20) + le16(item.flags) + le16(item.method) + le16(0) + le16(0)
                    + le32(item.crc) + le32(item.compressed) + le32(item.size)
                    + le16(UInt16(name.count)) + le16(0) + name + item.data
            }
            func central(_ item: Item, offset: Int) -> [UInt8] {
                let name = Array(item.name.utf8)
                let extra = item.zip64Extra
                    ? le16(1) + le16(24) + le64(UInt64(item.size)) + le64(UInt64(item.compressed)) + le64(UInt64(offset))
                    : []
                let (compressed, size, at) = item.zip64Extra
                    ? (UInt32.max, UInt32.max, UInt32.max) : (item.compressed, item.size, UInt32(offset))
                return le32(0x0201_4B50) + le16(20) + le16(20) + le16(item.flags) + le16(item.method) + le16(0) + le16(0)
                    + le32(item.crc) + le32(compressed) + le32(size) + le16(UInt16(name.count))
                    + le16(UInt16(extra.count)) + le16(0) + le16(0) + le16(0) + le32(0) + le32(at) + name + extra
            }
            for item in items {
                directory += central(item, offset: out.count)
                out += local(item)
            }
            // The tail's offsets: after the directory (with the tail's own
            // headers) and the 22-byte end record.
            let tailDirectory = tail.map { central($0, offset: 0) }.reduce(0) { $0 + $1.count }
            var comment: [UInt8] = []
            let commentStart = out.count + directory.count + tailDirectory + 22
            for item in tail {
                directory += central(item, offset: commentStart + comment.count)
                comment += local(item)
            }
            let count = UInt16(items.count + tail.count)
            return out + directory + le32(0x0605_4B50) + le16(0) + le16(0) + le16(count) + le16(count)
                + le32(UInt32(directory.count)) + le32(UInt32(out.count)) + le16(UInt16(comment.count)) + comment
        }

        /// `text` deflated (raw, as zip stores it).
        static func deflated(_ text: String) throws -> [UInt8] {
            var out: [UInt8] = []
            let bytes = Data(text.utf8)
            _ = try Data.compress(size: Int64(bytes.count), bufferSize: 1 << 16, provider: { position, size in
                bytes.subdata(in: Int(position) ..< Int(position) + size)
            }, consumer: { out += $0 })
            return out
        }

        static func item(_ name: String, _ text: String, stored: Bool = false) throws -> Item {
            let bytes = Array(text.utf8)
            return Item(name: name, method: stored ? 0 : 8, data: stored ? bytes : try deflated(text),
                        crc: Data(bytes).crc32(checksum: 0), size: UInt32(bytes.count))
        }

        /// The parts of a one-sheet workbook whose sheet is `sheet`.
        static func workbook(sheet: Item) throws -> RawZip {
            let relNS = XLSXFixture.relNS, mainNS = XLSXFixture.mainNS
            return RawZip(items: [
                try item("_rels/.rels", """
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="\(relNS)/officeDocument" Target="xl/workbook.xml"/></Relationships>
                    """),
                try item("xl/workbook.xml", """
                    <workbook xmlns="\(mainNS)" xmlns:r="\(relNS)"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>
                    """),
                try item("xl/_rels/workbook.xml.rels", """
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="\(relNS)/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
                    """),
            ], tail: [sheet])
        }
    }

    private static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    private static func le32(_ v: UInt32) -> [UInt8] { le16(UInt16(v & 0xFFFF)) + le16(UInt16(v >> 16)) }
    private static func le64(_ v: UInt64) -> [UInt8] { le32(UInt32(v & 0xFFFF_FFFF)) + le32(UInt32(v >> 32)) }

    /// The sheet's rows, or the reason it cannot be read.
    private func sheet(_ zip: RawZip) -> Result<[[String]], SheetError> {
        Result {
            let book = try XLSXBook(data: Data(zip.bytes), name: "t.xlsx")
            try book.verify(sheet: 0)
            return try F.rows(book).map(\.cells)
        }.mapError { $0 as? SheetError ?? SheetError("unexpected \($0)") }
    }

    private static let rows = F.sheet("<row r=\"1\"><c t=\"inlineStr\"><is><t>member_id</t></is></c></row>")

    @Test func listsWhatZIPFoundationLists() throws {
        let data = try F.workbook([("S", Self.rows), ("T", F.sheet(""))], shared: "<si><t>a</t></si>")
        let zip = ZipBytes(data: data)
        let entries = try #require(ZipDirectory.entries(of: zip))
        let archive = try Archive(data: data, accessMode: .read)
        #expect(entries.map(\.path) == archive.map(\.path))
        #expect(entries.map(\.compressedSize) == archive.map(\.compressedSize))
        #expect(entries.map(\.uncompressedSize) == archive.map(\.uncompressedSize))
        #expect(entries.map(\.crc32) == archive.map(\.checksum))
        for entry in entries {
            var inflated = Data()
            try ZipDirectory.inflate(entry, in: zip, chunk: 7) { inflated += $0 }  // many chunks, a short last one
            var expected = Data()
            _ = try archive.extract(archive[entry.path]!, consumer: { expected += $0 })
            #expect(inflated == expected, "\(entry.path)")
        }
    }

    @Test func aSheetReadsFromTheHandWrittenZip() throws {
        #expect(try sheet(RawZip.workbook(sheet: RawZip.item("xl/worksheets/sheet1.xml", Self.rows))).get() == [["member_id"]])
        let stored = try RawZip.workbook(sheet: RawZip.item("xl/worksheets/sheet1.xml", Self.rows, stored: true))
        #expect(try sheet(stored).get() == [["member_id"]])
        var zip64 = try RawZip.workbook(sheet: RawZip.item("xl/worksheets/sheet1.xml", Self.rows))
        zip64.tail[0].zip64Extra = true  // sizes and offset in the ZIP64 extra field
        #expect(try sheet(zip64).get() == [["member_id"]])
    }

    /// A deflate stream that has not ended when the file does (a stored
    /// block longer than the bytes left): ZIPFoundation 0.9.20 spins on it
    /// forever. Refused at once, whatever the chunk size.
    @Test func aDeflateStreamThatOutrunsTheFileIsRefused() throws {
        let text = "<worksheet xmlns=\"\(F.mainNS)\"><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>member_id"
        // BFINAL 0, stored, LEN 65535, NLEN 0: the text and then nothing.
        let stream: [UInt8] = [0x00, 0xFF, 0xFF, 0x00, 0x00] + Array(text.utf8)
        let zip = try RawZip.workbook(sheet: .init(name: "xl/worksheets/sheet1.xml", data: stream, size: 466))
        let started = Date()
        let reason = try #require(sheet(zip).failure?.reason)
        #expect(reason == "the workbook is damaged (xl/worksheets/sheet1.xml cannot be unpacked: its deflate stream "
            + "does not end within its data); open it in Excel or WPS and save it again as .xlsx, or save it as CSV")
        #expect(Date().timeIntervalSince(started) < 5)
        // Through the reader, as `reach check` meets it.
        let why = fileRejection(zip.bytes, name: "打卡.xlsx")
        #expect(why?.contains("does not end within its data") == true, "\(why ?? "read")")

        // The same stream whole in the middle of the archive: its data ends
        // where its compressed size says, not at the next entry's.
        var middle = zip
        middle.items.append(middle.tail.removeFirst())
        middle.items.append(try RawZip.item("docProps/app.xml", String(repeating: "<x/>", count: 5000)))
        #expect(sheet(middle).failure?.reason.contains("does not end within its data") == true)
    }

    @Test func brokenEntriesSayWhatIsWrong() throws {
        func reason(_ change: (inout RawZip.Item) -> Void) throws -> String? {
            var item = try RawZip.item("xl/worksheets/sheet1.xml", Self.rows)
            change(&item)
            return sheet(try RawZip.workbook(sheet: item)).failure?.reason
        }
        #expect(try reason { $0.method = 12 }?.contains("xl/worksheets/sheet1.xml is compressed with zip method 12") == true)
        #expect(try reason { $0.flags = 1 }?.contains("xl/worksheets/sheet1.xml is encrypted") == true)
        #expect(try reason { $0.data = [0xFF, 0xFF, 0xFF] }?.contains("xl/worksheets/sheet1.xml cannot be unpacked: its deflate stream is broken") == true)
        #expect(try reason { $0.data = [] }?.contains("xl/worksheets/sheet1.xml has no compressed data") == true)
        #expect(try reason { $0.crc ^= 1 }?.contains("xl/worksheets/sheet1.xml fails its checksum (CRC) test") == true)
        #expect(try reason { $0.method = 0; $0.data = Array(Self.rows.utf8); $0.size += 1 }?
            .contains("xl/worksheets/sheet1.xml is stored with two different sizes") == true)

        // Data running past the end of the file (the sheet is the last thing in it).
        #expect(try reason { $0.method = 0; $0.data = Array(Self.rows.utf8); $0.size += 10; $0.declaredCompressed = $0.size }?
            .contains("xl/worksheets/sheet1.xml is cut short: its data runs past the end of the file") == true)
        #expect(try reason { $0.declaredCompressed = UInt32($0.data.count + 1) }?
            .contains("xl/worksheets/sheet1.xml is cut short: its data runs past the end of the file") == true)
    }

    /// Damage at the end of the data sheet is found before the reader
    /// hands out a single row, whatever the batch size.
    @Test func damageAtTheEndOfTheSheetRejectsTheFileBeforeAnyRow() throws {
        let rows = (1 ... 50).map { "<row r=\"\($0 + 1)\"><c t=\"inlineStr\"><is><t>\(202_501_000 + $0)</t></is></c>"
            + "<c t=\"inlineStr\"><is><t>2026-11-03 08:\(String(format: "%02d", $0))</t></is></c></row>" }.joined()
        let header = "<row r=\"1\"><c t=\"inlineStr\"><is><t>member_id</t></is></c><c t=\"inlineStr\"><is><t>time</t></is></c></row>"
        var data = try F.workbook([("S", F.sheet(header + rows))], stored: true)
        #expect(try read([UInt8](data), name: "checkins.xlsx", batchRecords: 1).records == 50)
        let last = try #require(data.range(of: Data("08:50".utf8))).lowerBound
        data[last] = UInt8(ascii: "9")  // well-formed still; the CRC no longer matches
        for batch in [1, 3, 200_000] {
            var batches = 0
            let reason: String? = {
                do {
                    let reader = try FileReader(bytes: [UInt8](data), name: "checkins.xlsx", zone: shanghai, batchRecords: batch)
                    try reader.forEachBatch { _ in batches += 1 }
                    return nil
                } catch let error as ReachModel.ReachError {
                    if case .fileRejected(_, let reason) = error { return reason }
                    return "\(error)"
                } catch { return "\(error)" }
            }()
            #expect(reason?.contains("xl/worksheets/sheet1.xml fails its checksum (CRC) test") == true, "batch \(batch)")
            #expect(batches == 0, "batch \(batch)")
        }
    }
}

private extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }

    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
