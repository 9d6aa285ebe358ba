import Foundation
import ReachTestSupport
@testable import ReachReading

/// The `.xls` readers' fixtures (`Tests/Fixtures/sheets/`, see its
/// README.md) and small helpers their tests share.
enum SheetFixtures {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/sheets")

    static func url(_ name: String) -> URL { folder.appendingPathComponent(name) }

    static func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: url(name))) }

    /// Runs `body` with `bytes` written to a fresh temporary file named
    /// `name`, removed afterwards.
    static func withFile<T>(_ bytes: [UInt8], name: String, _ body: (URL) throws -> T) throws -> T {
        let folder = TempFolder()
        return try withExtendedLifetime(folder) { try body(URL(fileURLWithPath: folder.write(name, bytes))) }
    }

    static func withFile<T>(_ text: String, name: String, _ body: (URL) throws -> T) throws -> T {
        try withFile(Array(text.utf8), name: name, body)
    }

    /// Every row of sheet `sheet`.
    static func rows(_ book: SheetBook, sheet: Int = 0) throws -> [SheetRow] {
        var rows: [SheetRow] = []
        try book.readRows(sheet: sheet) { rows.append($0); return .more }
        return rows
    }

    /// The reason of the ``SheetError`` `body` throws, or `nil`.
    static func reason(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as SheetError {
            return error.reason
        } catch {
            return "unexpected \(error)"
        }
    }

    /// GB18030 bytes of `text` (a superset of GBK and GB2312).
    static func gb18030(_ text: String) -> [UInt8] {
        let encoding = String.Encoding(rawValue: 0x8000_0632)  // kCFStringEncodingGB_18030_2000
        return [UInt8](text.data(using: encoding)!)
    }
}
