import Foundation
import Testing
import ZIPFoundation

/// The parts of an xlsx file, read back for assertions.
struct XLSXPackage {
    let parts: [String: String]

    init(_ url: URL) throws {
        let archive = try Archive(url: url, accessMode: .read)
        var parts: [String: String] = [:]
        for entry in archive where entry.type == .file {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            parts[entry.path] = String(decoding: data, as: UTF8.self)
        }
        self.parts = parts
    }

    func part(_ path: String) throws -> String { try #require(parts[path], "no part \(path)") }

    /// Sheet names in workbook order.
    func sheetNames() throws -> [String] {
        matches(#"<sheet name="([^"]*)""#, in: try part("xl/workbook.xml"))
    }

    /// The shared strings table in index order (plain `<t>` runs only).
    func sharedStrings() throws -> [String] {
        matches(#"<si><t(?: xml:space="preserve")?>([^<]*)</t></si>"#, in: try part("xl/sharedStrings.xml")).map(unescape)
    }

    /// The `<c …>…</c>` element of a cell, e.g. `A2`, of sheet number `sheet` (1-based).
    func cell(_ ref: String, sheet: Int) throws -> String? {
        let xml = try part("xl/worksheets/sheet\(sheet).xml")
        guard let range = xml.range(of: #"<c r="\#(ref)"[^>]*(/>|>.*?</c>)"#, options: .regularExpression) else { return nil }
        return String(xml[range])
    }

    /// The text of a string cell (shared or inline), `nil` when the cell is not a string.
    func string(_ ref: String, sheet: Int) throws -> String? {
        guard let c = try cell(ref, sheet: sheet) else { return nil }
        if c.contains(#"t="inlineStr""#) {
            return matches(#"<is><t(?: xml:space="preserve")?>([^<]*)</t></is>"#, in: c).first.map(unescape)
        }
        guard c.contains(#"t="s""#),
              let index = matches(#"<v>(\d+)</v>"#, in: c).first.flatMap({ Int($0) }) else { return nil }
        return try sharedStrings()[index]
    }

    /// The number format code applied to a cell, through its style index.
    func numberFormat(_ ref: String, sheet: Int) throws -> String? {
        guard let c = try cell(ref, sheet: sheet) else { return nil }
        let style = matches(#" s="(\d+)""#, in: c).first.flatMap { Int($0) } ?? 0
        let styles = try part("xl/styles.xml")
        let cellXfs = matches(#"<cellXfs[^>]*>(.*?)</cellXfs>"#, in: styles).first ?? ""
        let xfs = matches(#"<xf ([^>]*)/?>"#, in: cellXfs)
        guard style < xfs.count, let id = matches(#"numFmtId="(\d+)""#, in: xfs[style]).first else { return nil }
        return matches(#"<numFmt numFmtId="\#(id)" formatCode="([^"]*)""#, in: styles).first.map(unescape)
    }

    private func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }
}

/// First capture group of every match of `pattern` in `text`.
func matches(_ pattern: String, in text: String) -> [String] {
    let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
    let ns = text as NSString
    return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) }
}
