import ReachModel

/// What a sink counts besides its rows (contract v3): absent check-in rows
/// and their days (SPEC 1.6), and member ids that got a leading zero back
/// (``IDRepair``). The parts of a batch are merged in file order into the
/// batch's ``ReadBatch/absent``, ``ReadBatch/absentDays``,
/// ``ReadBatch/restoredIDs`` and ``ReadBatch/restoredExample``.
struct ReadNotes {
    var absent = 0
    var absentDays: ClosedRange<Day>?
    var restoredIDs = 0
    var restoredExample: String?

    /// Counts an absent row of `day`.
    mutating func addAbsent(on day: Day) {
        absent += 1
        if let days = absentDays {
            if day < days.lowerBound { absentDays = day ... days.upperBound }
            else if day > days.upperBound { absentDays = days.lowerBound ... day }
        } else {
            absentDays = day ... day
        }
    }

    /// Takes the counts of an ``IDRepair``.
    mutating func add(_ repair: IDRepair) {
        restoredIDs += repair.restored
        if restoredExample == nil { restoredExample = repair.restoredExample }
    }

    /// Adds the notes of the next part (its example is kept only when this
    /// one has none, so the example is the file's first).
    mutating func merge(_ next: ReadNotes) {
        absent += next.absent
        if let days = next.absentDays {
            absentDays = absentDays.map { min($0.lowerBound, days.lowerBound) ... max($0.upperBound, days.upperBound) } ?? days
        }
        restoredIDs += next.restoredIDs
        if restoredExample == nil { restoredExample = next.restoredExample }
    }
}

/// A sink's piece that carries ``ReadNotes``.
protocol NotedPiece {
    var notes: ReadNotes { get }
}

/// The rows one worker read from a roster, posts, calendar or leave file,
/// with its notes.
struct RowPiece<Row>: NotedPiece {
    var rows: [Row]
    var notes = ReadNotes()
}

extension ReadBatch {
    /// A batch carrying `notes`.
    init(rows: Rows, rejects: [RowReject], records: Int, notes: ReadNotes) {
        self.init(rows: rows, rejects: rejects, records: records, absent: notes.absent, absentDays: notes.absentDays,
                  restoredIDs: notes.restoredIDs, restoredExample: notes.restoredExample)
    }
}
