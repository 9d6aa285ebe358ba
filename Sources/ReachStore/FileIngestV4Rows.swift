import ReachModel

/// The rows contract v4 adds to a file's transaction: registry rows, reads
/// of posts and comment texts (see docs/store.md).
extension FileIngest {
    /// A later row for a group_name replaces the earlier one, in this file
    /// or an earlier one (SPEC 1.3 groups); its empty fields clear the
    /// earlier values.
    func addGroups(_ groups: [RegisteredGroup]) throws {
        let insert = try store.db.cached("""
            INSERT OR REPLACE INTO registry(group_name, type, college, branch, class_name, org, owner_id, owner,
                                            registered, member_count, status, ingest_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for g in groups {
            try insert.bind([g.groupName, g.type, g.college, g.branch, g.className, g.org, g.ownerID, g.owner,
                             g.registered.map { Int64($0.index) }, g.memberCount, g.status, ingestID])
            try insert.execute()
        }
    }

    /// Reads of a posts file with content_ids, by content_id: a row that
    /// gives reads or reads_total replaces the content_id's earlier reads;
    /// a row (or a file) without them leaves them as they are.
    func addReads(of posts: [Post]) throws {
        readsTally.idRows += try replaceReads(in: "post_reads", by: "content_id",
                                              posts.map { ($0.contentID, $0.reads, $0.readsTotal) }).count
    }

    /// Reads of the analytics export (no content_id), by title: a later row
    /// for a title replaces the earlier one. A row without reads is
    /// accepted and stores nothing.
    func addTitleReads(_ rows: [TitleReads]) throws {
        readsTally.titles += try replaceReads(in: "title_reads", by: "title", rows.map { ($0.title, $0.reads, $0.readsTotal) })
    }

    /// Stores the reads of each row that gives any in `table`, replacing
    /// those of its key (column `keyColumn`); returns the keys stored, in order.
    private func replaceReads(in table: String, by keyColumn: String,
                              _ rows: [(key: String, reads: Int?, readsTotal: Int?)]) throws -> [String] {
        let insert = try store.db.cached("""
            INSERT OR REPLACE INTO \(table)(\(keyColumn), reads, reads_total, ingest_id) VALUES (?, ?, ?, ?)
            """)
        var stored: [String] = []
        for row in rows where row.reads != nil || row.readsTotal != nil {
            try insert.bind([row.key, row.reads, row.readsTotal, ingestID])
            try insert.execute()
            stored.append(row.key)
        }
        return stored
    }

    /// Comment texts by event identity; the text first stored for an event
    /// stays (a repeat of the event, in this file or a later one, is
    /// ignored). `members` and `contents` are the store keys of the batch's
    /// dictionaries.
    func addTexts(_ batch: EventBatch, members: [UInt32], contents: [UInt32]) throws {
        let insert = try store.db.cached("""
            INSERT OR IGNORE INTO comment_texts(member_key, instant, content_key, text) VALUES (?, ?, ?, ?)
            """)
        // Bound one by one, not through an array: a comments export may
        // hold a text on most of its million rows.
        for text in batch.texts {
            let row = batch.rows[Int(text.row)]
            try insert.bind(Int64(members[Int(row.member)]), at: 1)
            try insert.bind(row.instant, at: 2)
            try insert.bind(Int64(contents[Int(row.content)]), at: 3)
            try insert.bind(text.text, at: 4)
            try insert.execute()
        }
    }

    /// The quality note of a file with reads (``ReadsTally``), matched
    /// against the posts stored now; `nil` for a file without reads.
    func readsNote() throws -> String? {
        guard readsTally.rows > 0 else { return nil }
        var postsPerTitle: [String: Int] = [:]
        if !readsTally.titles.isEmpty {
            try store.db.query("SELECT title, count(*) FROM posts GROUP BY title") { rows in
                while try rows.step() { postsPerTitle[rows.text(0)] = rows.int(1) }
            }
        }
        return readsTally.note { postsPerTitle[$0] ?? 0 }
    }
}
