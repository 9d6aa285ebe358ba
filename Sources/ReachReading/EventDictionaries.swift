import ReachModel

/// The dictionaries of one event file, and the assembly of each batch from
/// the pieces its workers read.
///
/// Workers look ids up in the file-wide tables (read-only while they run)
/// and keep ids not found there in tables of their own; assembly, on one
/// thread, adds those to the file-wide tables and renumbers every row to
/// the batch's own dictionaries (SPEC: ``EventBatch``).
struct EventDictionaries {
    let kind: EventKind
    private var members = IDColumn<String> { fieldText($0) }
    private var contents = IDColumn<String> { fieldText($0) }
    private var attributes = IDColumn<EventAttributes> { EventSink.attributes(ofKey: $0) }
    private var serial: UInt32 = 0

    init(kind: EventKind) {
        self.kind = kind
        // File-wide id 0: the empty content id, and no attributes.
        _ = contents.id(of: UnsafeBufferPointer(start: nil, count: 0))
        let none: [UInt8] = [0, 0, 0, 0]  // key of no channel and no target
        _ = none.withUnsafeBufferPointer { attributes.id(of: $0) }
    }

    /// The file-wide tables, for the workers of the next round.
    var snapshot: EventTables {
        EventTables(members: members.keys.table, contents: contents.keys.table, attributes: attributes.keys.table)
    }

    /// The batch of the pieces of one round, in order.
    mutating func batch(of pieces: [EventPiece]) -> EventBatch {
        serial += 1
        var batch = EventBatch(kind: kind)
        members.startBatch(serial, reserved: [], into: &batch.memberIDs)
        contents.startBatch(serial, reserved: [0], into: &batch.contentIDs)
        attributes.startBatch(serial, reserved: [0], into: &batch.attributes)
        batch.rows.reserveCapacity(pieces.reduce(0) { $0 + $1.rows.count })
        let flag = EventSink.localFlag
        for piece in pieces {
            let memberIDs = members.ids(of: piece.members.table)
            let contentIDs = contents.ids(of: piece.contents.table)
            let attributeIDs = attributes.ids(of: piece.attributes.table)
            for var row in piece.rows {
                let m = row.member & flag != 0 ? memberIDs[Int(row.member & ~flag)] : row.member
                row.member = members.batchIndex(of: m, serial: serial, into: &batch.memberIDs)
                if row.content != 0 {
                    let c = row.content & flag != 0 ? contentIDs[Int(row.content & ~flag)] : row.content
                    row.content = contents.batchIndex(of: c, serial: serial, into: &batch.contentIDs)
                }
                if row.attributes != 0 {
                    let a = row.attributes & flag != 0 ? attributeIDs[Int(row.attributes & ~flag)] : row.attributes
                    row.attributes = attributes.batchIndex(of: a, serial: serial, into: &batch.attributes)
                }
                batch.rows.append(row)
            }
        }
        return batch
    }
}
