import Foundation
import ReachModel

/// Turns the paths a user names into the ordered list of files to ingest.
///
/// Rosters and posts come first (so that the events that follow find their
/// members), then event files; each group in name order (Unicode code
/// points). A folder stands for the regular files directly inside it;
/// hidden files and names ending in `.tmp` or `.part` (an exporter still
/// writing) are left for the next run.
public enum InputFiles {
    /// The files to ingest, in ingest order.
    ///
    /// - Parameter kindOverride: `--kind`: every file is read as this kind.
    /// - Throws: ``ReachError/usage(_:)`` when a named path does not exist.
    public static func expand(_ paths: [String], kindOverride: FileKind? = nil) throws -> [URL] {
        var files: [URL] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ReachError.usage("\(path): no such file or folder; check the path")
            }
            if isDirectory.boolValue {
                files += try folderFiles(path)
            } else {
                files.append(URL(fileURLWithPath: path))
            }
        }
        return order(files, kindOverride: kindOverride)
    }

    /// Regular, visible, finished files directly inside `folder`.
    public static func folderFiles(_ folder: String) throws -> [URL] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw ReachError.cannotRun("\(folder): cannot list the folder (\(error.localizedDescription)); check its permissions")
        }
        return names.compactMap { name -> URL? in
            guard !name.hasPrefix("."), !name.hasSuffix(".tmp"), !name.hasSuffix(".part") else { return nil }
            let path = (folder as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
            return URL(fileURLWithPath: path)
        }
    }

    /// Rosters, then posts, calendars, leave and the group registry, then events, then files of
    /// no known kind; by name within each.
    static func order(_ files: [URL], kindOverride: FileKind?) -> [URL] {
        func rank(_ url: URL) -> Int {
            switch kindOverride ?? FileKind.detect(fileName: url.lastPathComponent) {
            case .members: return 0
            case .posts, .calendar, .leave, .groups: return 1
            case .checkins, .shares, .comments: return 2
            case nil: return 3
            }
        }
        return files.enumerated().sorted { a, b in
            let (ra, rb) = (rank(a.element), rank(b.element))
            if ra != rb { return ra < rb }
            let (na, nb) = (a.element.lastPathComponent, b.element.lastPathComponent)
            if na != nb { return na.precedesByCodePoint(nb) }
            return a.offset < b.offset
        }.map(\.element)
    }
}

/// Moves handled inbox files away: ingested (and skipped) ones to the
/// archive, rejected ones to the rejected folder with a `.reason.txt`.
/// An existing file of the same name is never overwritten.
public struct Archive: Sendable {
    public let archiveRoot: String
    public let rejectedRoot: String

    public init(archiveRoot: String, rejectedRoot: String) {
        self.archiveRoot = archiveRoot
        self.rejectedRoot = rejectedRoot
    }

    /// Moves `file` into `<archive>/<day>/`; returns where it went.
    @discardableResult
    public func archive(_ file: URL, day: Day) throws -> URL {
        try move(file, into: (archiveRoot as NSString).appendingPathComponent(day.description))
    }

    /// Moves `file` into `<rejected>/<day>/` and writes `<name>.reason.txt` beside it.
    @discardableResult
    public func reject(_ file: URL, day: Day, reason: String) throws -> URL {
        let target = try move(file, into: (rejectedRoot as NSString).appendingPathComponent(day.description))
        let reasonFile = target.path + ".reason.txt"
        do {
            try Data((reason + "\n").utf8).write(to: URL(fileURLWithPath: reasonFile))
        } catch {
            throw ReachError.cannotRun("\(reasonFile): cannot write (\(error.localizedDescription)); check the rejected folder's permissions")
        }
        return target
    }

    private func move(_ file: URL, into folder: String) throws -> URL {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let target = URL(fileURLWithPath: Archive.freeName(for: file.lastPathComponent, in: folder))
            try FileManager.default.moveItem(at: file, to: target)
            return target
        } catch let error as ReachError {
            throw error
        } catch {
            throw ReachError.cannotRun("\(file.path): cannot move it to \(folder) (\(error.localizedDescription)); check that folder's permissions")
        }
    }

    /// `name`, or `stem.2.ext`, `stem.3.ext` … when taken.
    static func freeName(for name: String, in folder: String) -> String {
        let fm = FileManager.default
        let first = (folder as NSString).appendingPathComponent(name)
        if !fm.fileExists(atPath: first) && !fm.fileExists(atPath: first + ".reason.txt") { return first }
        let ext = (name as NSString).pathExtension
        let stem = (name as NSString).deletingPathExtension
        var n = 2
        while true {
            let candidate = (folder as NSString).appendingPathComponent(ext.isEmpty ? "\(stem).\(n)" : "\(stem).\(n).\(ext)")
            if !fm.fileExists(atPath: candidate) { return candidate }
            n += 1
        }
    }
}
