import Foundation
import ZIPFoundation

/// The parts of an xlsx file (a zip of XML parts), read back for
/// assertions: each part's text by its path, and the few readings of the
/// workbook, sheet and style parts that tests check.
///
/// A check of what was written that does not go through reach's own
/// workbook reader.
public struct XLSXPackage {
    /// Part path (`xl/workbook.xml`) → its text.
    public let parts: [String: String]
    /// Part path → the modification time its zip entry records.
    public let modificationDates: [String: Date]

    /// A part the package does not hold.
    public struct MissingPart: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "no part \(path)" }
    }

    /// Reads every part of the xlsx file at `url`.
    public init(_ url: URL) throws {
        let archive = try Archive(url: url, accessMode: .read)
        var parts: [String: String] = [:], dates: [String: Date] = [:]
        for entry in archive where entry.type == .file {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            parts[entry.path] = String(decoding: data, as: UTF8.self)
            dates[entry.path] = entry.fileAttributes[.modificationDate] as? Date
        }
        self.parts = parts
        modificationDates = dates
    }

    /// The text of the part `path`; throws ``MissingPart`` when there is none.
    public func part(_ path: String) throws -> String {
        guard let text = parts[path] else { throw MissingPart(path: path) }
        return text
    }

    /// Sheet names in workbook order.
    public func sheetNames() throws -> [String] {
        matches(#"<sheet name="([^"]*)""#, in: try part("xl/workbook.xml"))
    }

    /// The shared strings table in index order (plain `<t>` runs only).
    public func sharedStrings() throws -> [String] {
        matches(#"<si><t(?: xml:space="preserve")?>([^<]*)</t></si>"#, in: try part("xl/sharedStrings.xml")).map(unescape)
    }

    /// The `<c …>…</c>` element of a cell, e.g. `A2`, of sheet number `sheet` (1-based).
    public func cell(_ ref: String, sheet: Int) throws -> String? {
        let xml = try part("xl/worksheets/sheet\(sheet).xml")
        guard let range = xml.range(of: #"<c r="\#(ref)"[^>]*(/>|>.*?</c>)"#, options: .regularExpression) else { return nil }
        return String(xml[range])
    }

    /// The text of a string cell (shared or inline), `nil` when the cell is not a string.
    public func string(_ ref: String, sheet: Int) throws -> String? {
        guard let c = try cell(ref, sheet: sheet) else { return nil }
        if c.contains(#"t="inlineStr""#) {
            return matches(#"<is><t(?: xml:space="preserve")?>([^<]*)</t></is>"#, in: c).first.map(unescape)
        }
        guard c.contains(#"t="s""#),
              let index = matches(#"<v>(\d+)</v>"#, in: c).first.flatMap({ Int($0) }) else { return nil }
        return try sharedStrings()[index]
    }

    /// The number format code applied to a cell, through its style index.
    public func numberFormat(_ ref: String, sheet: Int) throws -> String? {
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

/// The first capture group of every match of `pattern` in `text` (`.`
/// matches line breaks too).
public func matches(_ pattern: String, in text: String) -> [String] {
    let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
    let ns = text as NSString
    return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) }
}
