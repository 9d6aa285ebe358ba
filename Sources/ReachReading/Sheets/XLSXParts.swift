import Foundation

/// `xl/workbook.xml`: the sheets in tab order with their relationship ids,
/// and whether dates count from 1904.
final class WorkbookPartParser: ExpatParser {
    private(set) var sheets: [(name: String, relationship: String)] = []
    private(set) var is1904 = false

    override func startElement(_ name: UnsafePointer<CChar>,
                               _ attributes: UnsafeMutablePointer<UnsafePointer<CChar>?>?) {
        let local = CName.local(name)
        if CName.equals(local, "sheet") {
            var sheetName = "", relationship = ""
            CName.forEachAttribute(attributes) { key, value in
                if CName.equals(key, "name") {
                    sheetName = String(cString: value)
                } else if key != CName.local(key), CName.isLocal(key, "id") {
                    relationship = String(cString: value)  // r:id, whatever the prefix
                }
            }
            sheets.append((sheetName, relationship))
        } else if CName.equals(local, "workbookPr") {
            CName.forEachAttribute(attributes) { key, value in
                if CName.equals(key, "date1904") {
                    is1904 = CName.equals(value, "1") || CName.equals(value, "true")
                }
            }
        }
    }
}

/// A `.rels` part: relationship id → (type, target part path).
final class RelationshipsParser: ExpatParser {
    struct Relationship {
        var type: String
        /// The target as a path in the zip (resolved, no leading `/`).
        var path: String
    }

    private let base: String
    private(set) var byID: [String: Relationship] = [:]
    private(set) var inOrder: [Relationship] = []

    /// `source` is the part the relationships belong to (`xl/workbook.xml`;
    /// "" for the package's own `_rels/.rels`): relative targets resolve
    /// against its folder.
    init(part: String, source: String) {
        base = source.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        super.init(part: part)
    }

    override func startElement(_ name: UnsafePointer<CChar>,
                               _ attributes: UnsafeMutablePointer<UnsafePointer<CChar>?>?) {
        guard CName.isLocal(name, "Relationship") else { return }
        var id = "", type = "", target = "", external = false
        CName.forEachAttribute(attributes) { key, value in
            if CName.equals(key, "Id") { id = String(cString: value) }
            if CName.equals(key, "Type") { type = String(cString: value) }
            if CName.equals(key, "Target") { target = String(cString: value) }
            if CName.equals(key, "TargetMode") { external = CName.equals(value, "External") }
        }
        guard !external, !target.isEmpty else { return }
        let relationship = Relationship(type: type, path: PartPath.resolve(target, against: base))
        byID[id] = relationship
        inOrder.append(relationship)
    }

    /// The first target whose type ends with `/suffix` (`officeDocument`,
    /// `styles`, `sharedStrings`; transitional and strict namespaces alike).
    func target(ofType suffix: String) -> String? {
        inOrder.first { $0.type.hasSuffix("/" + suffix) }?.path
    }
}

/// Part names inside the zip.
enum PartPath {
    /// A relationship target as a zip path: `/xl/worksheets/sheet1.xml` is
    /// absolute, `worksheets/sheet1.xml` and `../x.xml` relative to `base`.
    static func resolve(_ target: String, against base: String) -> String {
        var segments: [Substring] = []
        let absolute = target.hasPrefix("/")
        if !absolute { segments = base.split(separator: "/") }
        for segment in normalized(target).split(separator: "/") {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        return segments.joined(separator: "/")
    }

    /// `\` as `/`, no leading `/` — how zip paths are compared here.
    static func normalized(_ path: String) -> String {
        var path = path.replacingOccurrences(of: "\\", with: "/")
        while path.hasPrefix("/") { path.removeFirst() }
        return path
    }
}
