import ReachModel

/// What `Synthesizer.write` produced and planted, for tests to check an
/// ingest against (also written as `SYNTH.txt` next to the files).
public struct SynthSummary: Sendable {
    /// One generated file and the counts a correct ingest reports for it
    /// (quality.csv, SPEC 6.4: rows = accepted + duplicates + rejected +
    /// absent), assuming files are ingested in file-name order.
    public struct File: Sendable, Equatable {
        public var name: String
        /// The kind a reader detects from the name.
        public var kind: FileKind
        public var encoding: SynthEncoding
        public var delimiter: String
        public var lineEnd: String
        /// `en` or `zh`.
        public var header: String
        public var titleLines: Int
        public var rows: Int
        public var accepted: Int
        public var duplicates: Int
        public var rejected: Int
        public var bytes: Int
        /// Rows saying the member did not check in (contract v3); only the
        /// attendance workbook of `--xlsx` has them.
        public var absent: Int = 0
    }

    /// A roster row changed by the roster update file.
    public struct RosterChange: Sendable, Equatable {
        public var memberID: String
        public var fromClass: String
        public var toClass: String
    }

    public var config: SynthConfig
    public var firstDay: Day
    public var lastDay: Day
    public var colleges = 0, branches = 0, classes = 0
    /// Rows of the roster in members.csv that a reader accepts.
    public var rosterMembers = 0
    public var posts = 0
    /// Distinct events of roster members (the late joiner included), per kind.
    public var events: [EventKind: Int] = [:]
    /// Distinct events of ids on no roster, per kind.
    public var unknownMemberEvents: [EventKind: Int] = [:]
    /// Member ids that appear in events but on no roster.
    public var unknownMemberIDs: [String] = []
    /// A member added only by the roster update, and the day it joins.
    public var lateJoiner: (id: String, joined: Day)?
    public var rosterChanges: [RosterChange] = []
    /// The rows of the group registry that show each problem the audit
    /// finds, and the titles of the analytics export (`--groups` only).
    public struct GroupCases: Sendable, Equatable {
        /// A group whose owner and owner_id are empty.
        public var noOwner = ""
        /// A group whose owner left before the last day.
        public var ownerLeft = ""
        /// A group with fewer members than its class has on the last day.
        public var shortOfMembers = ""
        /// A closed group (状态 注销); some shares still name it.
        public var closed = ""
        /// A class with no group at all.
        public var classWithoutGroup = ""
        /// A group whose owner_id is on no roster.
        public var ownerNotOnRoster = ""
        /// A share target no registry row names.
        public var unregisteredTarget = ""
        /// A registered group no share names.
        public var unused = ""
        /// A title two posts share (their reads match no post).
        public var sharedTitle = ""
        /// An analytics row whose title is no post's.
        public var unknownTitle = ""
    }

    /// What the contract-v4 inputs plant (`--groups` only).
    public var groupCases: GroupCases?
    /// Rows of the group registry (`--groups` only).
    public var registryRows = 0
    /// Ids with leave requests but on no roster (`--calendar-leave` only).
    public var leaveUnknownMemberIDs: [String] = []
    /// Every file, in file-name order.
    public var files: [File] = []

    /// Rows repeating an earlier row's event, over all files of `kind`.
    public func duplicates(_ kind: FileKind) -> Int { files.filter { $0.kind == kind }.reduce(0) { $0 + $1.duplicates } }
    /// Rows a reader must reject, over all files of `kind`.
    public func badRows(_ kind: FileKind) -> Int { files.filter { $0.kind == kind }.reduce(0) { $0 + $1.rejected } }
    /// Absent rows (未打卡, 缺卡, 旷工), over all files of `kind`.
    public func absentRows(_ kind: FileKind) -> Int { files.filter { $0.kind == kind }.reduce(0) { $0 + $1.absent } }
    /// All events, every kind.
    public var totalEvents: Int { events.values.reduce(0, +) + unknownMemberEvents.values.reduce(0, +) }
    public var totalBytes: Int { files.reduce(0) { $0 + $1.bytes } }
}

extension SynthSummary {
    /// The manifest text (`SYNTH.txt`): `key = value` lines, then one line per file.
    public var manifest: String {
        var lines = [
            "# reach synth manifest: what this folder holds and what was planted in it.",
            "# Per-file counts are what a correct ingest reports (quality.csv) when the files",
            "# are ingested in file-name order (Unicode code points). Times are Asia/Shanghai.",
            "seed = \(config.seed)",
            "mess = \(config.mess.rawValue)",
            "first_day = \(firstDay)",
            "last_day = \(lastDay)",
            "days = \(config.days)",
            "colleges = \(colleges)",
            "branches = \(branches)",
            "classes = \(classes)",
            "roster_members = \(rosterMembers)",
            "posts = \(posts)",
        ]
        for kind in EventKind.allCases { lines.append("events.\(kind) = \(events[kind] ?? 0)") }
        for kind in EventKind.allCases { lines.append("unknown_member_events.\(kind) = \(unknownMemberEvents[kind] ?? 0)") }
        // Only kinds with files: without --calendar-leave the manifest is what it was before those kinds.
        let kinds = FileKind.allCases.filter { kind in files.contains { $0.kind == kind } }
        for kind in kinds { lines.append("duplicates.\(kind.rawValue) = \(duplicates(kind))") }
        for kind in kinds { lines.append("bad_rows.\(kind.rawValue) = \(badRows(kind))") }
        lines.append("unknown_member_ids = \(unknownMemberIDs.joined(separator: " "))")
        lines.append("late_joiner = \(lateJoiner.map { "\($0.id) joined \($0.joined)" } ?? "")")
        lines.append("roster_changes = \(rosterChanges.map { "\($0.memberID) \($0.fromClass)->\($0.toClass)" }.joined(separator: "; "))")
        if config.calendarLeave {
            lines.append("calendar_leave = on")
            lines.append("leave_unknown_member_ids = \(leaveUnknownMemberIDs.joined(separator: " "))")
        }
        if let cases = groupCases {
            lines.append("groups = on")
            lines.append("registry_rows = \(registryRows)")
            lines.append("registry.no_owner = \(cases.noOwner)")
            lines.append("registry.owner_left = \(cases.ownerLeft)")
            lines.append("registry.short_of_members = \(cases.shortOfMembers)")
            lines.append("registry.closed = \(cases.closed)")
            lines.append("registry.class_without_group = \(cases.classWithoutGroup)")
            lines.append("registry.owner_not_on_roster = \(cases.ownerNotOnRoster)")
            lines.append("registry.unregistered_target = \(cases.unregisteredTarget)")
            lines.append("registry.unused = \(cases.unused)")
            lines.append("reads.shared_title = \(cases.sharedTitle)")
            lines.append("reads.unknown_title = \(cases.unknownTitle)")
        }
        // Only with --xlsx: without it the manifest is what it was before spreadsheets.
        if config.xlsx {
            lines.append("xlsx = on")
            lines.append("absent.checkins = \(absentRows(.checkins))")
        }
        lines.append("total_events = \(totalEvents)")
        lines.append("total_bytes = \(totalBytes)")
        lines.append("# file\tname\tkind\tencoding\tdelimiter\tline_end\theader\ttitle_lines\trows\taccepted\tduplicates\trejected\tbytes"
                     + (config.xlsx ? "\tabsent" : ""))
        for f in files {
            var fields = ["file", f.name, f.kind.rawValue, f.encoding.rawValue, f.delimiter, f.lineEnd, f.header,
                          String(f.titleLines), String(f.rows), String(f.accepted), String(f.duplicates),
                          String(f.rejected), String(f.bytes)]
            if config.xlsx { fields.append(String(f.absent)) }
            lines.append(fields.joined(separator: "\t"))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
