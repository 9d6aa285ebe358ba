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
public final class EventDictionaries: @unchecked Sendable {
    private var members = IDColumn<String> { fieldText($0) }
    private var contents = IDColumn<String> { fieldText($0) }
    private var attributes = IDColumn<EventAttributes> { EventSink.attributes(ofKey: $0) }

    public init() {
        // Id 0: the empty content id, and no attributes.
        _ = contents.id(of: UnsafeBufferPointer(start: nil, count: 0))
        let none: [UInt8] = [0, 0, 0, 0]  // key of no channel and no target
        _ = none.withUnsafeBufferPointer { attributes.id(of: $0) }
    }

    /// Distinct member ids so far.
    var memberCount: Int { members.values.count }

    /// The tables, for the workers of the next round.
    var snapshot: EventTables {
        EventTables(members: members.keys.table, contents: contents.keys.table, attributes: attributes.keys.table)
    }

    /// The batches of the pieces of one round, one per piece, in order.
    ///
    /// A piece whose ids were all in the tables (every piece, once a file's
    /// ids are known) is handed on as it is; in a piece with ids of its own,
    /// the rows holding one (``EventPiece/localRows``) are given the tables'
    /// ids in place (the rows array is the piece's own, so nothing is
    /// copied). Every batch lists the tables' ids after the whole round.
    func batches(of results: inout [RangeResult<EventPiece>], kind: EventKind) -> [EventBatch] {
        let flag = EventSink.localFlag
        for k in results.indices {
            let memberIDs = members.ids(of: results[k].piece.members.table)
            let contentIDs = contents.ids(of: results[k].piece.contents.table)
            let attributeIDs = attributes.ids(of: results[k].piece.attributes.table)
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
                       rows: $0.piece.rows)
        }
    }
}
