import ReachModel

extension Store {
    /// The group registry (contract v4): every stored row by group_name
    /// (code points), closed groups included; `nil` when no groups file
    /// was ever ingested (then no registry.csv is written).
    ///
    /// A damaged optional value (a negative member_count, a registered
    /// day out of range) is read as unknown: the audit then leaves the
    /// fields that need it empty, rather than the report failing.
    public func registry() throws -> [RegisteredGroup]? {
        try guarded {
            guard try db.integer("SELECT 1 FROM files WHERE kind = 'groups' AND status = 'ingested' LIMIT 1") != nil else {
                return nil
            }
            return try db.query("""
                SELECT group_name, type, college, branch, class_name, org, owner_id, owner, registered, member_count, status
                FROM registry ORDER BY group_name
                """) { rows in
                var groups: [RegisteredGroup] = []
                while try rows.step() {
                    groups.append(RegisteredGroup(
                        groupName: rows.text(0), type: rows.text(1), college: rows.text(2), branch: rows.text(3),
                        className: rows.text(4), org: rows.text(5), ownerID: rows.text(6), owner: rows.text(7),
                        registered: rows.dayIfValid(8), memberCount: rows.countIfValid(9), status: rows.text(10)))
                }
                return groups
            }
        }
    }
}
