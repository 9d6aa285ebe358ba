import Foundation
import ReachModel

/// One generated input file: its bytes as they are built, and what a reader
/// ingesting it should count (SPEC 6.4: rows = accepted + duplicates + rejected
/// + absent; only an attendance workbook has absent rows).
///
/// Plain UTF-8 files stream to disk in large chunks; re-encoded files are
/// converted once at the end.
final class ExportFile {
    let name: String
    /// The kind a reader detects from the name.
    let kind: FileKind
    let style: FileStyle
    /// Position in file-name order (the order a folder is ingested in); it
    /// also seeds the file's random choices.
    var rank = 0
    /// The name `rank` is taken from: the file's own, except for an attendance
    /// workbook, which ranks as the CSV it replaces (so that `--xlsx` changes no
    /// other file, and the workbook keeps the CSV's order among the check-in files).
    let rankName: String
    var out = ByteBuffer()
    private(set) var rows = 0, accepted = 0, duplicates = 0, rejected = 0, absent = 0
    private(set) var bytesWritten = 0
    private var handle: FileHandle?
    let url: URL
    private static let flushSize = 8 << 20

    init(name: String, kind: FileKind, style: FileStyle, in dir: URL, rankName: String? = nil) {
        self.name = name
        self.rankName = rankName ?? name
        self.kind = kind
        self.style = style
        self.url = dir.appendingPathComponent(name)
    }

    /// What a row is, for the expected counts.
    enum Role { case accepted, duplicate, rejected, absent }

    /// Writes the title lines and the header.
    func begin() {
        out = ByteBuffer(capacity: 1 << 20)
        for title in style.titleLines {
            out.append(title)
            endLine()
        }
        if !style.titleLines.isEmpty { endLine() }
        for (i, column) in style.columns.enumerated() {
            if i > 0 { out.append(style.delimiter) }
            out.appendField(column.header(chinese: style.chinese, kind: kind), delimiter: style.delimiter)
        }
        endLine()
    }

    @inline(__always) func separator() { out.append(style.delimiter) }

    /// Ends a record (or a title line) and counts it as a row when `role` is given.
    @inline(__always) func endLine(_ role: Role? = nil) {
        if style.crlf { out.append(0x0D) }
        out.append(0x0A)
        if let role { count(role) }
        if out.count >= ExportFile.flushSize && style.encoding == .utf8 { try? flush() }
    }

    /// Counts a row written elsewhere (a sheet row of an attendance workbook).
    @inline(__always) func count(_ role: Role) {
        rows += 1
        switch role {
        case .accepted: accepted += 1
        case .duplicate: duplicates += 1
        case .rejected: rejected += 1
        case .absent: absent += 1
        }
    }

    /// A blank line (not a row).
    func blankLine() { endLine() }

    private func flush() throws {
        if handle == nil {
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
            handle = try FileHandle(forWritingTo: url)
        }
        try handle!.write(contentsOf: out.bytes)
        bytesWritten += out.count
        out.bytes.removeAll(keepingCapacity: true)
    }

    /// Encodes (when needed) and writes everything still buffered, then closes the file.
    func finish() throws {
        switch style.encoding {
        case .xlsx:
            // Written by its workbook; only its size is left to note.
            let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int
            bytesWritten = size ?? 0
            return
        case .utf8:
            try flush()
            try handle?.close()
            handle = nil
            out = ByteBuffer()
            return
        case .utf8BOM:
            out.bytes.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: 0)
        case .gb18030:
            out.bytes = Array(try ExportFile.encode(out.bytes, as: String.Encoding(rawValue: 0x8000_0632), name: name))
        case .utf16LE:
            out.bytes = [0xFF, 0xFE] + Array(try ExportFile.encode(out.bytes, as: .utf16LittleEndian, name: name))
        }
        try Data(out.bytes).write(to: url)
        bytesWritten = out.count
        out.bytes = []
    }

    private static func encode(_ utf8: [UInt8], as encoding: String.Encoding, name: String) throws -> Data {
        guard let data = String(decoding: utf8, as: UTF8.self).data(using: encoding) else {
            throw ReachError.cannotRun("synth: cannot encode \(name) as \(encoding); this platform's Foundation lacks the encoding")
        }
        return data
    }
}
