import CSQLite
import ReachModel

/// The store's tables, as a list of migrations keyed by `PRAGMA user_version`.
///
/// Migration `i` takes a store from version `i` to `i + 1`; a new store runs
/// them all. A store written by a newer reach (a higher version) is refused
/// rather than guessed at.
enum Schema {
    /// Marks the file as a reach store (`PRAGMA application_id`, "rech").
    static let applicationID: Int64 = 0x7265_6368

    /// Page size of new stores: large pages keep the packed day rows' overflow
    /// chains short (see docs/store.md).
    static let pageSize = 16384

    static let migrations: [String] = [
        // Version 1.
        """
        CREATE TABLE meta(
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;

        -- Dictionaries: every string an event refers to, interned once.
        CREATE TABLE member_ids(key INTEGER PRIMARY KEY, member_id TEXT NOT NULL UNIQUE);
        CREATE TABLE content_ids(key INTEGER PRIMARY KEY, content_id TEXT NOT NULL UNIQUE);
        CREATE TABLE attributes(
            key     INTEGER PRIMARY KEY,
            channel TEXT NOT NULL,
            target  TEXT NOT NULL,
            UNIQUE(channel, target)
        );

        -- The current roster, one row per member (later rows replace earlier ones).
        CREATE TABLE roster(
            member_key INTEGER PRIMARY KEY REFERENCES member_ids(key),
            name       TEXT NOT NULL,
            class_name TEXT NOT NULL,
            branch     TEXT NOT NULL,
            college    TEXT NOT NULL,
            status     TEXT NOT NULL,
            counsellor TEXT NOT NULL,
            joined     INTEGER,
            left_on    INTEGER,
            ingest_id  INTEGER NOT NULL  -- the file that last changed the row
        );

        CREATE TABLE posts(
            content_id   TEXT PRIMARY KEY,
            title        TEXT NOT NULL,
            published_at INTEGER,
            branch       TEXT NOT NULL,
            ingest_id    INTEGER NOT NULL
        );

        -- Events, packed: one row per (kind, local day in the store zone),
        -- id = day * 4 + kind. Each blob is one column of the day's distinct
        -- events, sorted by (instant, member key, content key); see DayPack.
        CREATE TABLE day_events(
            id         INTEGER PRIMARY KEY,
            kind       INTEGER NOT NULL,
            day        INTEGER NOT NULL,
            count      INTEGER NOT NULL,
            members    BLOB NOT NULL,
            contents   BLOB NOT NULL,
            attributes BLOB NOT NULL,
            instants   BLOB NOT NULL
        );
        CREATE INDEX day_events_by_kind ON day_events(kind, day);

        -- The ledger: one row per file handed to the store, in ingest order.
        CREATE TABLE files(
            ingest_id   INTEGER PRIMARY KEY AUTOINCREMENT,
            fingerprint TEXT,
            name        TEXT NOT NULL,
            kind        TEXT NOT NULL,
            status      TEXT NOT NULL,
            rows        INTEGER NOT NULL,
            accepted    INTEGER NOT NULL,
            duplicates  INTEGER NOT NULL,
            rejected    INTEGER NOT NULL,
            reason      TEXT NOT NULL,
            ingested_at INTEGER NOT NULL
        );
        CREATE INDEX files_by_fingerprint ON files(fingerprint);

        CREATE TABLE rejects(
            ingest_id INTEGER NOT NULL,
            file      TEXT NOT NULL,
            line      INTEGER NOT NULL,
            reason    TEXT NOT NULL,
            raw       TEXT NOT NULL
        );

        CREATE TABLE runs(
            run_id      INTEGER PRIMARY KEY AUTOINCREMENT,
            started_at  INTEGER NOT NULL,
            finished_at INTEGER NOT NULL,
            as_of       INTEGER,
            exit_code   INTEGER NOT NULL,
            summary     TEXT NOT NULL
        );
        """,
        // Version 2 (contract v2): data days, the school calendar, leave.
        """
        -- The span of each checkins file's valid rows (accepted or duplicate,
        -- any member), as instants: its local days in the reporting zone are
        -- data days. NULL for files stored before version 2 (span unknown).
        ALTER TABLE files ADD COLUMN first_instant INTEGER;
        ALTER TABLE files ADD COLUMN last_instant INTEGER;

        -- School calendar rows; the key is their identity (SPEC 1.5).
        CREATE TABLE calendar(
            start_day  INTEGER NOT NULL,
            end_day    INTEGER NOT NULL,
            type       TEXT NOT NULL,
            college    TEXT NOT NULL,
            branch     TEXT NOT NULL,
            class_name TEXT NOT NULL,
            note       TEXT NOT NULL,
            ingest_id  INTEGER NOT NULL,
            PRIMARY KEY(start_day, end_day, type, college, branch, class_name)
        ) WITHOUT ROWID;

        -- Counted (approved) leave; the key is its identity (SPEC 1.5).
        CREATE TABLE leave(
            member_key INTEGER NOT NULL REFERENCES member_ids(key),
            start_day  INTEGER NOT NULL,
            end_day    INTEGER NOT NULL,
            type       TEXT NOT NULL,
            status     TEXT NOT NULL,
            note       TEXT NOT NULL,
            ingest_id  INTEGER NOT NULL,
            PRIMARY KEY(member_key, start_day, end_day, type)
        ) WITHOUT ROWID;
        """,
        // Version 3 (contract v3): absent check-in rows, spreadsheet rejects.
        """
        -- Absent rows of a file (a checkins row saying the member did not
        -- check in): valid, no event; rows = accepted + duplicates +
        -- rejected + absent. 0 for files stored before version 3.
        ALTER TABLE files ADD COLUMN absent INTEGER NOT NULL DEFAULT 0;

        -- The sheet a rejected spreadsheet row is on; NULL for a delimited
        -- file (and for every reject stored before version 3).
        ALTER TABLE rejects ADD COLUMN sheet TEXT;
        """,
        // Version 4 (contract v4): the group registry, reads of posts, comment texts.
        """
        -- The registry of groups and accounts (备案), one row per group_name:
        -- a later row replaces the earlier one, as roster rows do.
        CREATE TABLE registry(
            group_name   TEXT PRIMARY KEY,
            type         TEXT NOT NULL,
            college      TEXT NOT NULL,
            branch       TEXT NOT NULL,
            class_name   TEXT NOT NULL,
            org          TEXT NOT NULL,
            owner_id     TEXT NOT NULL,
            owner        TEXT NOT NULL,
            registered   INTEGER,
            member_count INTEGER,
            status       TEXT NOT NULL,
            ingest_id    INTEGER NOT NULL
        ) WITHOUT ROWID;

        -- Reads of posts, kept apart from the posts table so that a posts
        -- file without reads columns never clears them: by content_id (a
        -- posts file with ids) and by title (the analytics export, without
        -- ids; matched to a post when a report is made). A later row for
        -- the same key replaces the earlier one.
        CREATE TABLE post_reads(
            content_id  TEXT PRIMARY KEY,
            reads       INTEGER,
            reads_total INTEGER,
            ingest_id   INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE title_reads(
            title       TEXT PRIMARY KEY,
            reads       INTEGER,
            reads_total INTEGER,
            ingest_id   INTEGER NOT NULL
        ) WITHOUT ROWID;

        -- Comment texts (评论内容) by event identity (instant, member,
        -- content; the kind is comment): the first text stored stays. The
        -- instant leads the key, so a time-ordered export appends.
        CREATE TABLE comment_texts(
            instant     INTEGER NOT NULL,
            member_key  INTEGER NOT NULL,
            content_key INTEGER NOT NULL,
            text        TEXT NOT NULL,
            PRIMARY KEY(instant, member_key, content_key)
        ) WITHOUT ROWID;
        """,
    ]

    /// The version this reach writes.
    static var currentVersion: Int64 { Int64(migrations.count) }

    /// Checks that `db` is a reach store (or an empty file), brings it to the
    /// current version, and returns its packing zone identifier.
    ///
    /// A new store records `zone` as its packing zone.
    static func prepare(_ db: Database, zone: ReportingZone) throws -> String {
        let version = try checkedVersion(db)
        if version == 0 {
            try db.execute("PRAGMA page_size = \(pageSize)")
        }
        if version < currentVersion {
            try db.transaction {
                for migration in migrations[Int(version)...] { try db.execute(migration) }
                if version == 0 {
                    try db.run("INSERT INTO meta(key, value) VALUES ('application', 'reach'), ('zone', ?)", zone.identifier)
                    try db.execute("PRAGMA application_id = \(applicationID)")
                }
                try db.execute("PRAGMA user_version = \(currentVersion)")
            }
        }
        return try zoneID(db)
    }

    /// What a read-only look at a store finds.
    enum Inspection {
        /// A store of the current version, with its packing zone.
        case current(zoneID: String)
        /// A store of an older version: it must be upgraded before reading.
        case older(version: Int64)
    }

    /// Checks, without writing, that `db` is a reach store. An empty file
    /// (or a new SQLite file without tables) is not: it holds no data, and a
    /// command that only reads says so instead of reporting on nothing.
    static func inspect(_ db: Database) throws -> Inspection {
        let version = try checkedVersion(db)
        if version == 0 {
            throw ReachError.cannotRun(
                "\(db.path): the store is empty (no reach data in the file); run `reach ingest` or `reach run` to fill it, or give --store the path of the store the nightly job writes")
        }
        return version < currentVersion ? .older(version: version) : .current(zoneID: try zoneID(db))
    }

    /// The store's version after checking that the file is a reach store of
    /// a version this reach knows, or an empty database (version 0).
    private static func checkedVersion(_ db: Database) throws -> Int64 {
        let path = db.path
        let version: Int64
        do {
            version = try db.integer("PRAGMA user_version") ?? 0
        } catch let error as SQLiteError where error.primaryCode == SQLITE_NOTADB {
            throw ReachError.cannotRun(
                "\(path): not a reach store (the file is not an SQLite database); give --store the path of a reach store, or a path where a new one may be created")
        }
        if version > currentVersion {
            throw ReachError.cannotRun(
                "\(path): written by a newer reach (store version \(version), this reach knows up to \(currentVersion)); use the newer reach, or give --store a new path")
        }
        if version == 0 {
            let tables = try db.integer("SELECT count(*) FROM sqlite_master") ?? 0
            guard tables == 0 else { throw notAStore(path) }
        } else {
            let hasMeta = try db.integer("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'") ?? 0
            let application = try db.integer("PRAGMA application_id") ?? 0
            guard hasMeta == 1, application == applicationID else { throw notAStore(path) }
        }
        return version
    }

    /// The packing zone recorded when the store was created.
    private static func zoneID(_ db: Database) throws -> String {
        let statement = try db.cached("SELECT value FROM meta WHERE key = 'zone'")
        defer { statement.reset() }
        guard try statement.step() else { throw notAStore(db.path) }
        return statement.text(0)
    }

    static func notAStore(_ path: String) -> ReachError {
        .cannotRun("\(path): not a reach store (an SQLite database without reach's tables); give --store the path of a reach store, or a path where a new one may be created")
    }
}
