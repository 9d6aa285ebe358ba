import ReachModel

/// The member ids, content ids and attributes read so far, and the
/// assembly of each batch from the pieces a reader's workers read.
///
/// Give one to every reader of an ingest: each file then finds the ids that
/// earlier files taught it (a campus's 50,000 member ids are new only in the
/// first file), instead of discovering them again. Readers must use it one
/// at a time (files are read in turn).
///
/// Workers look ids up in these tables (read-only while they run) and keep
/// ids not found there in tables of their own; assembly, on one thread, adds
/// those here and gives every row its dictionary-wide ids. A batch's
/// dictionaries are these, shared with the batch, not copied (SPEC:
/// ``EventBatch``).
///
/// The ids one file, and all the files read with these dictionaries, may
/// add are limited (``ReachModel/MemoryBudget/newIDsPerFile`` and the
/// others): a file that passes a limit is rejected whole, and the ids it
/// added are forgotten, so that what the dictionaries hold never depends on
/// a rejected file.
///
/// `@unchecked Sendable`: it is handed to the thread that reads an
/// ingest's files and used there, one reader at a time; within a round its
/// workers only take ``snapshot``s (reads), and the tables change only in
/// ``batches(of:kind:)``, after the round's workers have finished.
public final class EventDictionaries: @unchecked Sendable {
    private var members = IDColumn<String> { fieldText($0) }
    private var contents = IDColumn<String> { fieldText($0) }
    private var attributes = IDColumn<EventAttributes> { EventSink.attributes(ofKey: $0) }
    private let budget: MemoryBudget
    /// What the dictionaries held when they were made, and when the file
    /// being read began (``beginFile(name:)``), and that file's name.
    private var made = IDGrowth(), fileStart = IDGrowth()
    private var fileName = ""

    /// `budget`: the id limits (tests make them small).
    public init(budget: MemoryBudget = .standard) {
        self.budget = budget
        // Id 0: the empty content id, and no attributes.
        _ = contents.id(of: UnsafeBufferPointer(start: nil, count: 0))
        let none: [UInt8] = [0, 0, 0, 0]  // key of no channel and no target
        _ = none.withUnsafeBufferPointer { attributes.id(of: $0) }
        made = held
        fileStart = made
    }

    /// What the dictionaries hold, counted as ``ReachModel/IDGrowth`` counts.
    private var held: IDGrowth {
        IDGrowth(memberIDs: members.count, contentIDs: contents.count, attributes: attributes.count,
                 bytes: members.byteCount + contents.byteCount + attributes.byteCount)
    }

    /// A reader begins the file `name`: the ids it adds count from here.
    func beginFile(name: String) {
        fileStart = held
        fileName = name
    }

    /// Distinct member ids so far.
    var memberCount: Int { members.values.count }

    /// The tables, for the workers of the next round.
    var snapshot: EventTables {
        EventTables(members: members.keys, contents: contents.keys, attributes: attributes.keys)
    }

    /// The batches of the pieces of one round, one per piece, in order.
    ///
    /// A piece whose ids were all in the tables (every piece, once a file's
    /// ids are known) is handed on as it is; in a piece with ids of its own,
    /// the rows holding one (``EventPiece/localRows``) are given the tables'
    /// ids in place (the rows array is the piece's own, so nothing is
    /// copied). Every batch lists the tables' ids after the whole round.
    ///
    /// - Throws: ``ReachModel/ReachError/fileRejected(file:reason:)`` when the
    ///   round takes the file's new ids, or all files', past a limit of the
    ///   budget; the ids the file added are forgotten first.
    func batches(of results: inout [RangeResult<EventPiece>], kind: EventKind) throws -> [EventBatch] {
        let flag = EventSink.localFlag
        let local = results.map {
            (members.ids(of: $0.piece.members), contents.ids(of: $0.piece.contents),
             attributes.ids(of: $0.piece.attributes))
        }
        if local.contains(where: { !$0.0.isEmpty || !$0.1.isEmpty || !$0.2.isEmpty }) {
            let now = held
            if let reason = budget.idLimitReason(file: now - fileStart, ingest: now - made) {
                members.keepFirst(fileStart.memberIDs)
                contents.keepFirst(fileStart.contentIDs)
                attributes.keepFirst(fileStart.attributes)
                throw ReachError.fileRejected(file: fileName, reason: reason)
            }
        }
        for k in results.indices {
            let (memberIDs, contentIDs, attributeIDs) = local[k]
            if memberIDs.isEmpty && contentIDs.isEmpty && attributeIDs.isEmpty { continue }
            let local = results[k].piece.localRows
            results[k].piece.rows.withUnsafeMutableBufferPointer { rows in
                for i in local {
                    if rows[i].member & flag != 0 { rows[i].member = memberIDs[Int(rows[i].member & ~flag)] }
                    if rows[i].content & flag != 0 { rows[i].content = contentIDs[Int(rows[i].content & ~flag)] }
                    if rows[i].attributes & flag != 0 { rows[i].attributes = attributeIDs[Int(rows[i].attributes & ~flag)] }
                }
            }
        }
        return results.map {
            EventBatch(kind: kind, memberIDs: members.values, contentIDs: contents.values, attributes: attributes.values,
                       rows: $0.piece.rows, texts: $0.piece.texts)
        }
    }
}
