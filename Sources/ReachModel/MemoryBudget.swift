/// The limits that keep an ingest within its memory budget whatever its
/// input (issue 18; README, "Limits, so a hostile file cannot fill memory",
/// and docs/reading.md, "Memory budget", give the figures behind them).
///
/// Everything an ingest holds either has a fixed size (the read buffers,
/// the rows in flight, the store's buffers and caches) or grows with the
/// input; each thing that grows stops at one of these limits. What passes
/// a limit is refused with a reason naming the limit and what to do: an
/// over-long record as a bad row at its line (SPEC 1.6), a file as a whole
/// (its transaction rolled back, the other files ingested). The limits
/// leave a province (1,000,000 members, 35 M events a month) room to spare.
/// Tests inject small ones.
public struct MemoryBudget: Sendable, Equatable {
    /// Longest record of a delimited file, from its first byte to its line
    /// end, and most text one sheet row may hold in its header's columns:
    /// 1 MiB. A 200,000-character value is at most 600 KB of UTF-8. A longer
    /// record is rejected at its line and reading resumes at the next line,
    /// so the text never needs more than its fixed read buffer.
    public var recordBytes: Int
    /// New distinct ids one file may add — member ids, content ids and
    /// (channel, target) pairs together — to the run's event dictionaries
    /// and to the store's: 2,000,000, twice a province's roster. The
    /// dictionaries are held in memory for the whole ingest.
    public var newIDsPerFile: Int
    /// Bytes of the new ids of one file: 64 MiB, 32 bytes an id at the
    /// count limit (a student number has 10).
    public var newIDBytesPerFile: Int
    /// New distinct ids the files of one ingest may add together (each file
    /// within its own limit): 4,000,000. A nightly run adds a few hundred;
    /// the cold ingest of a province's month about 1,050,000.
    public var newIDsPerIngest: Int
    /// Bytes of the new ids of one ingest: 128 MiB.
    public var newIDBytesPerIngest: Int
    /// Most events one stored day row (one kind, one local day) may hold:
    /// 8,000,000. A province's busiest day holds about 870,000 check-ins.
    /// A row is decoded whole when a file adds to it.
    public var eventsPerDay: Int
    /// Most rejected rows one file may leave in the store: 1,000,000. Every
    /// report reads the stored rejects back for rejects.csv (about 400 bytes
    /// each), so a file of millions of bad rows would weigh on every later
    /// report; such a file is not the export its name says, and is rejected
    /// whole instead. A real export's bad rows number in the dozens.
    public var rejectsPerFile: Int
    /// Most memory a report may need, as estimated from the store before it
    /// loads anything (ReachStore's `ReportFootprint`): 8 GiB. A province's
    /// report needs 1.5 GB at W = 30 and 2.6 GB at W = 365; a store of
    /// 20,000,000 members would need about 28 GB, more than the machine has.
    public var reportBytes: Int

    public init(recordBytes: Int = 1 << 20, newIDsPerFile: Int = 2_000_000, newIDBytesPerFile: Int = 64 << 20,
                newIDsPerIngest: Int = 4_000_000, newIDBytesPerIngest: Int = 128 << 20,
                eventsPerDay: Int = 8_000_000, rejectsPerFile: Int = 1_000_000, reportBytes: Int = 8 << 30) {
        self.recordBytes = recordBytes
        self.newIDsPerFile = newIDsPerFile
        self.newIDBytesPerFile = newIDBytesPerFile
        self.newIDsPerIngest = newIDsPerIngest
        self.newIDBytesPerIngest = newIDBytesPerIngest
        self.eventsPerDay = eventsPerDay
        self.rejectsPerFile = rejectsPerFile
        self.reportBytes = reportBytes
    }

    /// The limits every command uses.
    public static let standard = MemoryBudget()

    /// Why a file is rejected whole when its bad rows pass ``rejectsPerFile``.
    public func rejectLimitReason(rejected: Int) -> String {
        "more than \(Self.countText(rejectsPerFile)) of the file's rows are bad (\(Self.countText(rejected)) so far), "
            + "the most one file may leave in the store so that every later report stays within its memory budget; "
            + "nothing of the file was stored. Check that the file is the export its name says (its kind, its "
            + "delimiter, its encoding) with `reach check`, and fix or re-export it"
    }

    /// `1 MiB`, `64 MiB`, `8 GiB`, `1,500 bytes`: a limit in bytes as a reason states it.
    public static func bytesText(_ bytes: Int) -> String {
        if bytes >= 1 << 30 && bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
        if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10 && bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(countText(bytes)) bytes"
    }

    /// Why a file is rejected whole when the new ids it adds (`file`), or
    /// those of the whole ingest with this file's (`ingest`), pass a limit;
    /// `nil` within the limits. The reason says what passed which limit and
    /// what to do.
    public func idLimitReason(file: IDGrowth, ingest: IDGrowth) -> String? {
        let what = "member ids, content ids and channel/target pairs together"
        let check = "check that the member_id, content_id, channel and target columns hold what their names say (one holding a time or free text would do this)"
        if file.ids > newIDsPerFile {
            return "the file adds more than \(Self.countText(newIDsPerFile)) new ids (\(what); \(file.text) so far), the most one file may add so that an ingest stays within its memory budget; \(check), or split the export into smaller files"
        }
        if file.bytes > newIDBytesPerFile {
            return "the new ids of the file take more than \(Self.bytesText(newIDBytesPerFile)) (\(file.text) so far), the most one file may add so that an ingest stays within its memory budget; \(check), or split the export into smaller files"
        }
        if ingest.ids > newIDsPerIngest || ingest.bytes > newIDBytesPerIngest {
            let limit = ingest.ids > newIDsPerIngest ? "\(Self.countText(newIDsPerIngest)) new ids" : "\(Self.bytesText(newIDBytesPerIngest)) of new ids"
            return "with this file the ingest would add more than \(limit) (\(what); \(ingest.text) so far), the most one ingest may add so that it stays within its memory budget; ingest this file in a later run (reach run: put it back into the inbox), which starts afresh"
        }
        return nil
    }

    /// `2,000,000`: a count as a reason states it.
    public static func countText(_ n: Int) -> String {
        let digits = Array(String(n.magnitude))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return (n < 0 ? "-" : "") + out
    }
}

/// New distinct ids added to a set of id dictionaries (a reader's or the
/// store's), counted against ``MemoryBudget``'s id limits.
public struct IDGrowth: Sendable, Equatable {
    public var memberIDs = 0
    public var contentIDs = 0
    /// (channel, target) pairs.
    public var attributes = 0
    /// Bytes of the ids' text.
    public var bytes = 0

    public init(memberIDs: Int = 0, contentIDs: Int = 0, attributes: Int = 0, bytes: Int = 0) {
        self.memberIDs = memberIDs
        self.contentIDs = contentIDs
        self.attributes = attributes
        self.bytes = bytes
    }

    /// All new ids, whatever their dictionary.
    public var ids: Int { memberIDs + contentIDs + attributes }

    /// `1,999,990 member ids, 12 content ids, 0 channel/target pairs, 22 MiB`.
    public var text: String {
        "\(MemoryBudget.countText(memberIDs)) member ids, \(MemoryBudget.countText(contentIDs)) content ids, "
            + "\(MemoryBudget.countText(attributes)) channel/target pairs, \(MemoryBudget.countText(bytes)) bytes"
    }

    public static func + (a: IDGrowth, b: IDGrowth) -> IDGrowth {
        IDGrowth(memberIDs: a.memberIDs + b.memberIDs, contentIDs: a.contentIDs + b.contentIDs,
                 attributes: a.attributes + b.attributes, bytes: a.bytes + b.bytes)
    }

    public static func - (a: IDGrowth, b: IDGrowth) -> IDGrowth {
        IDGrowth(memberIDs: a.memberIDs - b.memberIDs, contentIDs: a.contentIDs - b.contentIDs,
                 attributes: a.attributes - b.attributes, bytes: a.bytes - b.bytes)
    }
}
