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

    /// The batch of the pieces of one round, in order.
    func batch(of pieces: [EventPiece], kind: EventKind) -> EventBatch {
        var rows: [EventRow] = []
        rows.reserveCapacity(pieces.reduce(0) { $0 + $1.rows.count })
        let flag = EventSink.localFlag
        for piece in pieces {
            let memberIDs = members.ids(of: piece.members.table)
            let contentIDs = contents.ids(of: piece.contents.table)
            let attributeIDs = attributes.ids(of: piece.attributes.table)
            if memberIDs.isEmpty && contentIDs.isEmpty && attributeIDs.isEmpty {
                rows.append(contentsOf: piece.rows)  // every id already known
                continue
            }
            for var row in piece.rows {
                if row.member & flag != 0 { row.member = memberIDs[Int(row.member & ~flag)] }
                if row.content & flag != 0 { row.content = contentIDs[Int(row.content & ~flag)] }
                if row.attributes & flag != 0 { row.attributes = attributeIDs[Int(row.attributes & ~flag)] }
                rows.append(row)
            }
        }
        return EventBatch(kind: kind, memberIDs: members.values, contentIDs: contents.values,
                          attributes: attributes.values, rows: rows)
    }
}
