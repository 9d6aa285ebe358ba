#!/usr/bin/env python3
"""reach's window report (daily, groups, members, gaps) computed with chDB
(ClickHouse in-process).

  --mode memory      report straight from the CSVs (in-memory session)
  --mode persistent  load the CSVs into a chDB database folder (roster,
                     calendar, leave in MergeTree; events in ReplacingMergeTree
                     keyed by identity; materialized views for each checkins
                     file's span and each member's array of check-in days),
                     close it, reopen it and report: load and report timed apart

How, and why this way (each choice measured on the campus-year shape):
- Each layout of checkins files is one `file()` over a glob of its files,
  read in parallel; one GROUPING SETS aggregation gives both each file's
  span of days (data days) and one array of check-in days per member
  (`groupArray`: per row, cheaper than `groupBitmap`, `groupUniqArray` or
  `groupArrayInsertAt`).
- Per member, sorted arrays of day indexes: the class's counting days in
  the active range, less leave (expected), and the check-ins among them;
  `arrayExcept` (order-keeping, hash-based) does the set algebra, twice for
  an intersection, cheaper than `arrayIntersect` and a sort. The last
  check-in and last miss are the arrays' last elements and the runs they
  end are counts, so no day is expanded. No lambda captures an array: that
  copies it once per element (it took 20 GB here), and Roaring bitmaps
  (`bitmapBuild`, `bitmapAnd`) cost about 10 us a call per member.
- Shares and comments count only inside the window, so their rows are
  filtered on the raw time text as they are read, before deduplication.
- Per-group figures come from the window's member-days (ARRAY JOIN of the
  small window arrays) summed per class, then a single GROUPING SETS pass
  for the four scopes; the CSV lines are formatted in SQL and fetched as raw
  text (TSVRaw).
- The persistent store reads each file once into a Null table whose
  materialized views fan the rows out: to the events (ReplacingMergeTree on
  the identity: duplicates collapse as parts are written and merged, and
  the window's shares and comments are read with FINAL; cheaper than a
  DISTINCT before the insert), to each file's span (AggregatingMergeTree
  min/max) and to each member's array of check-in days (AggregatingMergeTree
  groupArrayState), so that the report merges 50,000 arrays instead of
  grouping 11.5 million rows.

Prints one JSON line of phase timings. See reachcmp.py for the input limits.
"""
import os
import shutil
import sys

import chdb

import reachcmp as rc


def lit(text):
    return rc.sql_text(text, backslash=True)


def lits(values):
    return rc.sql_list(values, backslash=True)


def day(d):
    return f"toDate('{d.isoformat()}')"


def num(d):
    """A day as its day number (UInt32), the element type of every bitmap."""
    return f"toUInt32({day(d)})"


CSV = "SETTINGS input_format_with_names_use_header = 0, session_timezone = 'UTC'"


def scan(files, skip=0):
    """ClickHouse's file() over files of one layout: every field a String
    c0, c1, ...; the header line (and `skip` lines above it) skipped."""
    first = files[0]
    folder = os.path.dirname(first.path)
    names = [os.path.basename(f.path) for f in files]
    path = os.path.join(folder, names[0]) if len(names) == 1 else os.path.join(folder, "{" + ",".join(names) + "}")
    cols = ", ".join(f"c{i} String" for i in range(first.width))
    fmt = "CSV" if skip else "CSVWithNames"
    return f"file({lit(path)}, {lit(fmt)}, {lit(cols)})"


def col(f, name, default="''"):
    """A trimmed column of a small file, '' when the file lacks it."""
    if not f.has(name):
        return default
    return f"replaceRegexpAll(c{f.at(name)}, '^[ \u3000]+|[ \u3000]+$', '')"


def settings(skip):
    return CSV + (f", input_format_csv_skip_first_lines = {skip + 1}" if skip else "")


FUNCTIONS = """
CREATE OR REPLACE FUNCTION fdiv AS (a, b) -> intDiv(a, b) - if(a % b < 0, 1, 0);
CREATE OR REPLACE FUNCTION q4 AS (q) -> concat(if(q < 0, '-', ''), toString(intDiv(abs(q), 10000)), '.',
                                               leftPad(toString(abs(q) % 10000), 4, '0'));
CREATE OR REPLACE FUNCTION fx4 AS (n, d) -> if(d = 0, '', q4(fdiv(2 * toInt128(n) * 10000 + d, 2 * toInt128(d))));
CREATE OR REPLACE FUNCTION dx4 AS (a, b, c, d) -> if(b = 0 OR d = 0, '',
                                                     fx4(toInt128(a) * d - toInt128(c) * b, toInt128(b) * d));
CREATE OR REPLACE FUNCTION guard AS (s) -> if(match(s, '^[=+\\\\-@\\\\t\\\\r]'), concat('''', s), s);
CREATE OR REPLACE FUNCTION txt AS (s) -> if(match(guard(s), '[,"\\\\r\\\\n]'),
                                            concat('"', replaceAll(guard(s), '"', '""'), '"'), guard(s));
"""


class Engine:
    """A chDB connection that runs ;-separated statements and fetches raw text."""

    def __init__(self, target, threads=None):
        self.con = chdb.connect(target)
        # A column's own name wins over a SELECT alias of the same name (sum(shares) AS shares).
        self.con.query("SET prefer_column_name_to_alias = 1")
        if threads:
            self.con.query(f"SET max_threads = {threads}")

    def run(self, sql):
        for statement in sql.split(";\n"):
            if statement.strip():
                self.con.query(statement)

    def text(self, sql):
        return self.con.query(sql, "TSVRaw").bytes().decode("utf-8")

    def value(self, sql):
        out = self.text(sql).strip()
        return out.split("\t") if out else []

    def close(self):
        self.con.close()


# ---------------------------------------------------------------------------
# Small inputs: roster, calendar, leave

def load_small(db, files, engine="Memory"):
    """Creates `roster`, `calendar` and `leave` (SPEC 1.3, 1.5, 1.6)."""
    order = "" if engine == "Memory" else " ORDER BY tuple()"
    db.run(f"""
      DROP TABLE IF EXISTS roster_rows;
      CREATE TABLE roster_rows (file_no UInt32, line UInt64, member_id String, name String, college String,
                                branch String, class String, counsellor String, joined Nullable(Date),
                                left Nullable(Date)) ENGINE = {engine}{order}""")
    for n, f in enumerate(files["members"]):
        date = lambda c: f"toDate(parseDateTimeBestEffortOrNull({col(f, c)}))"
        db.run(f"""
          INSERT INTO roster_rows
          SELECT {n}, rowNumberInAllBlocks(), {col(f, 'member_id')}, {col(f, 'name')}, {col(f, 'college')},
                 {col(f, 'branch')}, {col(f, 'class')}, {col(f, 'counsellor')}, {date('joined')}, {date('left')}
          FROM {scan([f], f.skip)} {settings(f.skip)}, max_threads = 1""")
    # A later row of a member replaces the earlier one; rows missing a required field are rejected.
    db.run(f"""
      DROP TABLE IF EXISTS roster;
      CREATE TABLE roster ENGINE = {engine}{order} AS
      SELECT member_id, argMax(name, (file_no, line)) AS name, argMax(college, (file_no, line)) AS college,
             argMax(branch, (file_no, line)) AS branch, argMax(class, (file_no, line)) AS class,
             argMax(counsellor, (file_no, line)) AS counsellor, argMax(joined, (file_no, line)) AS joined,
             argMax(left, (file_no, line)) AS left
      FROM (SELECT * FROM roster_rows WHERE member_id != '' AND name != '' AND branch != '' AND class != '')
      GROUP BY member_id;
      DROP TABLE roster_rows;
      DROP TABLE IF EXISTS calendar;
      CREATE TABLE calendar (start UInt32, end UInt32, is_on UInt8, college String, branch String, class String,
                             level UInt8) ENGINE = {engine}{order};
      DROP TABLE IF EXISTS leave;
      CREATE TABLE leave (member_id String, start UInt32, end UInt32) ENGINE = {engine}{order}""")
    for f in files["calendar"]:
        start = f"toUInt32(toDate(parseDateTimeBestEffortOrNull({col(f, 'start')})))"
        end = f"toUInt32(toDate(parseDateTimeBestEffortOrNull({col(f, 'end')})))"
        db.run(f"""
          INSERT INTO calendar
          SELECT assumeNotNull(s), assumeNotNull(if(e IS NULL, s, e)) AS e2, t IN {lits(rc.CALENDAR_ON)}, college, branch, class,
                 multiIf(class != '', 3, branch != '', 2, college != '', 1, 0)
          FROM (SELECT {start} AS s, {end} AS e, lowerUTF8({col(f, 'type')}) AS t, {col(f, 'college')} AS college,
                       {col(f, 'branch')} AS branch, {col(f, 'class')} AS class
                FROM {scan([f], f.skip)})
          WHERE s IS NOT NULL AND e2 >= s AND t IN {lits(rc.CALENDAR_ON + rc.CALENDAR_OFF)}
          {settings(f.skip)}""")
    for f in files["leave"]:
        start = f"toUInt32(toDate(parseDateTimeBestEffortOrNull({col(f, 'start')})))"
        end = f"toUInt32(toDate(parseDateTimeBestEffortOrNull({col(f, 'end')})))"
        db.run(f"""
          INSERT INTO leave
          SELECT member_id, assumeNotNull(s), assumeNotNull(if(e IS NULL, s, e)) AS e2
          FROM (SELECT {col(f, 'member_id')} AS member_id, {start} AS s, {end} AS e,
                       lowerUTF8({col(f, 'status')}) AS status
                FROM {scan([f], f.skip)})
          WHERE member_id != '' AND s IS NOT NULL AND e2 >= s AND (status = '' OR status IN {lits(rc.LEAVE_APPROVED)})
          {settings(f.skip)}""")


# ---------------------------------------------------------------------------
# Events

def event_rows(files, kind, where=""):
    """Rows of one event kind as (file, member_id, time, content_id), one
    file() per layout; `where` filters on the raw columns."""
    parts = []
    for group in rc.layouts(files[kind]):
        f = group[0]
        content = f"c{f.at('content_id')}" if f.has("content_id") else "''"
        t = f"c{f.at('time')}"
        parts.append(f"SELECT _file AS file, c{f.at('member_id')} AS member_id, {t} AS time, {content} AS content_id "
                     f"FROM {scan(group)} {where.format(time=t)}")
    if not parts:
        return "SELECT '' AS file, '' AS member_id, '' AS time, '' AS content_id WHERE 0"
    return " UNION ALL ".join(parts)


def checkins_from_csv(db, files, a):
    """One read of the checkins CSVs, one GROUPING SETS aggregation: each
    file's first and last day (`spans`) and each member's check-in days <= a
    (all when a is None) as an array of day numbers (`cdays`)."""
    until = f"dn <= {num(a)}" if a else "1"
    db.run(f"""
      CREATE TABLE chk ENGINE = Memory AS
      SELECT grouping(member_id) = 1 AS per_file, file, member_id, min(dn) AS first, max(dn) AS last,
             groupArrayIf(dn, {until}) AS days
      FROM (SELECT file, member_id, toUInt32(toDate(substring(time, 1, 10))) AS dn
            FROM ({event_rows(files, 'checkins')}))
      GROUP BY GROUPING SETS ((file), (member_id))
      {CSV};
      CREATE TABLE spans ENGINE = Memory AS SELECT first, last FROM chk WHERE per_file;
      CREATE TABLE cdays ENGINE = Memory AS SELECT member_id, days FROM chk WHERE NOT per_file;
      DROP TABLE chk""")


def engagement_from_csv(db, files, p):
    """Shares and comments per member and day of D, deduplicated by identity
    (kind, member, second, content); rows outside D dropped as they are read."""
    after = (p.a + rc.dt.timedelta(days=1)).isoformat()
    where = f"WHERE {{time}} >= '{p.d0.isoformat()}' AND {{time}} < '{after}'"
    db.run(f"""
      CREATE TABLE act ENGINE = Memory AS
      SELECT member_id, toUInt32(toDate(substring(time, 1, 10))) AS dn, countIf(kind = 's') AS shares,
             countIf(kind = 'c') AS comments
      FROM (SELECT DISTINCT kind, member_id, time, content_id
            FROM (SELECT 's' AS kind, * FROM ({event_rows(files, 'shares', where)})
                  UNION ALL SELECT 'c' AS kind, * FROM ({event_rows(files, 'comments', where)})))
      GROUP BY member_id, dn
      {CSV}""")


# ---------------------------------------------------------------------------
# Persistent store: load, then the same inputs from its tables

def load_store(db, files):
    """The store a ClickHouse user would keep: roster, calendar and leave, and
    per kind the events in a ReplacingMergeTree whose sorting key is the
    identity (day, member, second, content): duplicates collapse as parts are
    written and merged, and reads that count events use FINAL. Each file is
    read once: checkins rows go into a Null table that two materialized views
    fan out, to the events and to each file's span of days."""
    db.run(FUNCTIONS)
    load_small(db, files, engine="MergeTree")
    db.run("""
      DROP TABLE IF EXISTS file_spans;
      CREATE TABLE file_spans (file String, first SimpleAggregateFunction(min, UInt32),
                          last SimpleAggregateFunction(max, UInt32)) ENGINE = AggregatingMergeTree ORDER BY file""")
    total = 0
    for kind in rc.EVENT_KINDS:
        db.run(f"""
          DROP TABLE IF EXISTS {kind};
          DROP TABLE IF EXISTS {kind}_rows;
          CREATE TABLE {kind} (day Date, member_id String, ts DateTime, content_id String)
            ENGINE = ReplacingMergeTree ORDER BY (day, member_id, ts, content_id);
          CREATE TABLE {kind}_rows (file String, member_id String, ts DateTime, content_id String) ENGINE = Null;
          CREATE MATERIALIZED VIEW {kind}_events TO {kind} AS
            SELECT toDate(ts) AS day, member_id, ts, content_id FROM {kind}_rows""")
        if kind == "checkins":
            db.run("""
              CREATE MATERIALIZED VIEW checkins_spans TO file_spans AS
                SELECT file, min(toUInt32(toDate(ts))) AS first, max(toUInt32(toDate(ts))) AS last
                FROM checkins_rows GROUP BY file;
              DROP TABLE IF EXISTS checkin_days;
              CREATE TABLE checkin_days (member_id String, days AggregateFunction(groupArray, UInt32))
                ENGINE = AggregatingMergeTree ORDER BY member_id;
              CREATE MATERIALIZED VIEW checkins_by_member TO checkin_days AS
                SELECT member_id, groupArrayState(toUInt32(toDate(ts))) AS days FROM checkins_rows GROUP BY member_id""")
        db.run(f"""
          INSERT INTO {kind}_rows
          SELECT file, member_id, toDateTime(time) AS ts, content_id FROM ({event_rows(files, kind)})
          {CSV}""")
        total += int(db.value(f"SELECT count() FROM {kind} FINAL")[0])
    return total


def spans_from_store(db):
    """Each checkins file's span, its partial rows (one per written part) merged."""
    db.run("""CREATE TEMPORARY TABLE spans ENGINE = Memory AS
              SELECT min(first) AS first, max(last) AS last FROM file_spans GROUP BY file""")


def inputs_from_store(db, p):
    """cdays and act from the store's tables (primary key ranges on day;
    duplicate check-ins need no FINAL: a day is a day)."""
    db.run(f"""
      CREATE TEMPORARY TABLE cdays ENGINE = Memory AS
      SELECT member_id, arrayFilter(d -> d <= {num(p.a)}, groupArrayMerge(days)) AS days
      FROM checkin_days GROUP BY member_id;
      CREATE TEMPORARY TABLE act ENGINE = Memory AS
      SELECT member_id, toUInt32(day) AS dn, countIf(kind = 's') AS shares, countIf(kind = 'c') AS comments
      FROM (SELECT 's' AS kind, member_id, day FROM shares FINAL WHERE day BETWEEN {day(p.d0)} AND {day(p.a)}
            UNION ALL SELECT 'c', member_id, day FROM comments FINAL WHERE day BETWEEN {day(p.d0)} AND {day(p.a)})
      GROUP BY member_id, dn""")


# ---------------------------------------------------------------------------
# The report, from roster, calendar, leave, spans, cdays and act

def report(db, p, args, temporary=""):
    """Computes the four CSVs' lines; returns {file name: text} and counts.
    `temporary`: 'TEMPORARY ' in a persistent database (nothing written to it)."""
    T = f"CREATE {temporary}TABLE"
    L, B, last = p.length, num(p.base), p.length - 1
    w0, p0 = p.bit(p.d0), p.bit(p.p0)
    rn, rd = rc.min_rate(args.min_rate)
    off = rc.off_weekdays(args.off_weekdays) or [0]
    so = "multiIf(grouping(college) = 0, 1, grouping(branch) = 0, 2, grouping(class) = 0, 3, 0)"
    grp = "multiIf(grouping(college) = 0, college, grouping(branch) = 0, branch, grouping(class) = 0, class, 'all')"
    db.run(f"""
    -- Class keys: members of one (college, branch, class) share their groups and check-in days.
    {T} keys ENGINE = Memory AS
      SELECT toUInt32(rowNumberInAllBlocks()) AS key, college, branch, class
      FROM (SELECT DISTINCT college, branch, class FROM roster);
    -- Each key's counting days (a data day and a check-in day) as a sorted array of day
    -- indexes (day - base): the calendar rows that apply and cover a day give
    -- 2 * level + on (+1), the highest wins (the most specific level, `on` over `off`);
    -- without any, the weekday rule.
    {T} keymask ENGINE = Memory AS
      WITH (SELECT groupArray((first, last)) FROM spans) AS sp
      SELECT k.key AS key,
             arraySort(groupArrayIf(toInt64(d.i), arrayExists(s -> d.dn BETWEEN s.1 AND s.2, sp)
                                                  AND if(r.code > 0, r.code % 2 = 0, d.weekday_on))) AS kd
      FROM keys AS k
      CROSS JOIN (SELECT number AS i, toUInt32({B} + number) AS dn,
                         toDayOfWeek(toDate(dn)) NOT IN ({', '.join(map(str, off))}) AS weekday_on
                  FROM numbers({L})) AS d
      LEFT JOIN (SELECT k.key AS key, c.dn AS dn, max(c.level * 2 + c.is_on + 1) AS code
                 FROM keys AS k
                 CROSS JOIN (SELECT *, arrayJoin(range(greatest(start, {B}), least(end, {num(p.a)}) + 1)) AS dn
                             FROM calendar) AS c
                 WHERE c.college IN ('', k.college) AND c.branch IN ('', k.branch) AND c.class IN ('', k.class)
                 GROUP BY key, dn) AS r ON r.key = k.key AND r.dn = d.dn
      GROUP BY k.key;
    -- Per member, sorted arrays of day indexes: expected days (ee: the key's days in the
    -- active range, less leave), excused days (xx), missed days (mm) and counted
    -- check-ins (cc), and whether the member may be on the gap list (active on A, not on
    -- leave on A). Order-keeping set differences only (arrayExcept twice intersects,
    -- cheaper than arrayIntersect and a sort); no lambda captures an array, which
    -- ClickHouse would copy for every element.
    {T} mem ENGINE = Memory AS
      WITH lv AS (SELECT member_id, groupUniqArray(v) AS days, max(start <= {num(p.a)} AND {num(p.a)} <= end) AS on_a
                  FROM (SELECT member_id, start, end,
                               arrayJoin(range(toInt64(start) - {B}, toInt64(end) - {B} + 1)) AS v FROM leave)
                  GROUP BY member_id),
      m AS (SELECT r.member_id AS member_id, k.key AS key,
                   if(r.joined IS NULL, 0, toInt64(toUInt32(r.joined)) - {B}) AS ja,
                   if(r.left IS NULL, {last}, toInt64(toUInt32(r.left)) - {B}) AS jb,
                   arrayFilter(x -> x BETWEEN ja AND jb, km.kd) AS active, lv.days AS away,
                   (r.joined IS NULL OR r.joined <= {day(p.a)}) AND (r.left IS NULL OR {day(p.a)} <= r.left)
                     AND NOT lv.on_a AS listable
            FROM roster AS r
            JOIN keys AS k ON k.college = r.college AND k.branch = r.branch AND k.class = r.class
            JOIN keymask AS km ON km.key = k.key
            LEFT JOIN lv ON lv.member_id = r.member_id),
      e AS (SELECT member_id, key, listable, if(empty(away), active, arrayExcept(active, away)) AS ee,
                   if(empty(away), [], arrayExcept(active, arrayExcept(active, away))) AS xx
            FROM m),
      c AS (SELECT e.*, arrayExcept(ee, arrayMap(x -> toInt64(x) - {B}, c.days)) AS mm
            FROM e LEFT JOIN cdays AS c ON c.member_id = e.member_id)
      SELECT member_id, key, listable, ee, xx, mm, arrayExcept(ee, mm) AS cc FROM c;
    -- Member figures (SPEC 2.3): counts in D and the previous window; the last check-in
    -- (lc) and the last miss (lm); the run each ends; the longest streak in D, from the
    -- window's expected days in order, check-ins and misses merged by a sort.
    {T} mstat ENGINE = Memory AS
      SELECT member_id, key, listable,
             arrayFilter(x -> x >= {w0}, ee) AS ew, arrayFilter(x -> x >= {w0}, cc) AS cw,
             arrayFilter(x -> x >= {w0}, xx) AS xw,
             length(ew) AS expected_days, length(cw) AS checkin_days, length(xw) AS excused_days,
             arrayCount(x -> x BETWEEN {p0} AND {w0 - 1}, ee) AS prev_days,
             arrayCount(x -> x BETWEEN {p0} AND {w0 - 1}, cc) AS prev_checks,
             if(empty(cc), -1, cc[-1]) AS lc, if(empty(mm), -1, mm[-1]) AS lm,
             if(lc > lm, arrayCount(x -> x > lm, ee), 0) AS current_streak,
             if(lm > lc, arrayCount(x -> x > lc, ee), 0) AS missed_run,
             arrayMax(arrayMap(r -> length(r), splitByChar('0', arrayStringConcat(arrayMap(t -> t.2,
               arraySort(arrayConcat(arrayMap(x -> (x, '1'), cw), arrayMap(x -> (x, '0'), arrayFilter(x -> x >= {w0}, mm)))))))))
               AS longest_streak
      FROM mem;
    {T} gaps ENGINE = Memory AS
      SELECT member_id, arrayStringConcat(arrayFilter(r -> r != '', [
               if(lc < 0, 'never', ''), if(lc >= 0 AND missed_run >= {args.gap_days}, 'gap', ''),
               if(checkin_days * {rd} < {rn} * expected_days, 'low_rate', '')]), ';') AS reasons
      FROM mstat
      WHERE listable AND expected_days > 0
        AND (lc < 0 OR missed_run >= {args.gap_days} OR checkin_days * {rd} < {rn} * expected_days);
    -- Per class key and day of D: expected, excused and checked-in members ...
    {T} kd ENGINE = Memory AS
      SELECT key, i, sum(e) AS expected, sum(x) AS excused, sum(c) AS checked_in
      FROM (SELECT key, i, 1 AS e, 0 AS x, 0 AS c FROM mstat ARRAY JOIN ew AS i
            UNION ALL SELECT key, i, 0, 1, 0 FROM mstat ARRAY JOIN xw AS i
            UNION ALL SELECT key, i, 0, 0, 1 FROM mstat ARRAY JOIN cw AS i)
      GROUP BY key, i;
    -- ... and the shares and comments of members expected that day.
    {T} ev ENGINE = Memory AS
      SELECT a.member_id AS member_id, m.key AS key, toInt64(a.dn) - {B} AS i, a.shares AS shares,
             a.comments AS comments, has(m.cw, i) AS ci
      FROM act AS a JOIN mstat AS m ON m.member_id = a.member_id
      WHERE has(m.ew, i);
    -- Per group and day of D, the four scopes in one GROUPING SETS pass over the keys.
    {T} gd ENGINE = Memory AS
      SELECT i, {so} AS so, {grp} AS grp,
             sum(expected) AS expected, sum(checked_in) AS checked_in, sum(excused) AS excused,
             sum(checked_in + reached_too) AS reached, sum(sharers) AS sharers, sum(shares) AS shares,
             sum(commenters) AS commenters, sum(comments) AS comments
      FROM kd
      LEFT JOIN (SELECT key, i, countIf(shares > 0) AS sharers, sum(shares) AS shares,
                        countIf(comments > 0) AS commenters, sum(comments) AS comments, countIf(ci = 0) AS reached_too
                 FROM ev GROUP BY key, i) AS e USING (key, i)
      JOIN keys AS k USING (key)
      GROUP BY GROUPING SETS ((i), (i, college), (i, branch), (i, class))
      HAVING NOT (so = 1 AND grp = '');
    -- Per group: members expected in D, gap-list members, the previous window.
    {T} gcount ENGINE = Memory AS
      SELECT {so} AS so, {grp} AS grp, countIf(expected_days > 0) AS members, countIf(g.member_id != '') AS at_risk,
             sum(prev_days) AS prev_days, sum(prev_checks) AS prev_checks
      FROM mstat AS m JOIN keys AS k ON k.key = m.key LEFT JOIN gaps AS g ON g.member_id = m.member_id
      GROUP BY GROUPING SETS ((), (college), (branch), (class));
    {T} grp ENGINE = Memory AS
      SELECT so, grp, sum(expected) AS member_days, sum(checked_in) AS checkin_days, sum(reached) AS reached_days,
             countIf(expected > 0 AND checked_in = expected) AS full_days,
             argMinIf((i, checked_in, expected), (checked_in / expected, i), expected > 0) AS worst,
             sum(shares) AS shares, sum(comments) AS comments,
             countIf(expected > 0) AS days, sum(excused) AS excused_days
      FROM gd GROUP BY so, grp HAVING member_days > 0
    """)
    scope = "['all', 'college', 'branch', 'class'][so + 1]"
    date = lambda i: f"toString(toDate({B} + {i}))"
    queries = {
        "daily.csv": f"""
          SELECT concat({date('i')}, ',', {scope}, ',', txt(grp), ',', toString(expected), ',',
                        toString(checked_in), ',', fx4(checked_in, expected), ',', toString(reached), ',',
                        toString(sharers), ',', toString(shares), ',', toString(commenters), ',', toString(comments),
                        ',', toString(excused))
          FROM gd WHERE expected > 0 ORDER BY i, so, grp""",
        "groups.csv": f"""
          SELECT concat({scope}, ',', txt(grp), ',', toString(members), ',', toString(member_days), ',',
                        toString(checkin_days), ',', fx4(checkin_days, member_days), ',', toString(reached_days), ',',
                        fx4(reached_days, member_days), ',', toString(full_days), ',', {date('worst.1')}, ',',
                        fx4(worst.2, worst.3), ',', toString(shares), ',', toString(comments), ',', toString(at_risk),
                        ',', fx4(prev_checks, prev_days), ',', dx4(checkin_days, member_days, prev_checks, prev_days),
                        ',', toString(rnk), ',', toString(days), ',', toString(excused_days))
          FROM (SELECT *, rank() OVER (PARTITION BY so ORDER BY checkin_days / member_days DESC) AS rnk FROM grp) AS g
          JOIN gcount AS c ON c.so = g.so AND c.grp = g.grp
          ORDER BY g.so, rnk, g.grp""",
        "members.csv": f"""
          SELECT concat(txt(m.member_id), ',', txt(r.name), ',', txt(r.college), ',', txt(r.branch), ',',
                        txt(r.class), ',', txt(r.counsellor), ',', toString(expected_days), ',',
                        toString(checkin_days), ',', fx4(checkin_days, expected_days), ',', toString(sh), ',',
                        toString(cm), ',', if(lc < 0, '', {date('lc')}), ',', if(lc < 0, '', toString({last} - lc)),
                        ',', toString(current_streak), ',', toString(longest_streak), ',', toString(excused_days), ',',
                        toString(missed_run))
          FROM mstat AS m JOIN roster AS r ON r.member_id = m.member_id
          LEFT JOIN (SELECT member_id, sum(shares) AS sh, sum(comments) AS cm FROM ev GROUP BY member_id) AS s
            ON s.member_id = m.member_id
          WHERE expected_days > 0 OR excused_days > 0
          ORDER BY r.college, r.branch, r.class, m.member_id""",
        "gaps.csv": f"""
          SELECT concat(txt(r.college), ',', txt(r.branch), ',', txt(r.class), ',', txt(r.counsellor), ',',
                        txt(m.member_id), ',', txt(r.name), ',', if(lc < 0, '', {date('lc')}), ',',
                        if(lc < 0, '', toString({last} - lc)), ',', fx4(checkin_days, expected_days), ',',
                        txt(reasons), ',', toString(missed_run))
          FROM gaps AS g JOIN mstat AS m ON m.member_id = g.member_id JOIN roster AS r ON r.member_id = g.member_id
          ORDER BY r.class, lc >= 0, missed_run DESC, m.member_id""",
    }
    texts = {name: db.text(q).rstrip("\n") for name, q in queries.items()}
    counts = [texts["members.csv"].count("\n") + 1 if texts["members.csv"] else 0,
              texts["gaps.csv"].count("\n") + 1 if texts["gaps.csv"] else 0]
    return texts, counts


def data_days(db):
    """First and last data day over the checkins files' spans."""
    first, last = db.value("SELECT toString(toDate(min(first))), toString(toDate(max(last))) FROM spans")
    return rc.dt.date.fromisoformat(first), rc.dt.date.fromisoformat(last)


def main():
    p = rc.options(__doc__.splitlines()[0])
    p.add_argument("--mode", choices=["memory", "persistent"], default="memory")
    p.add_argument("--db", help="database folder of --mode persistent (default: OUT/reach-bench.chdb)")
    p.add_argument("--threads", type=int, help="ClickHouse max_threads (default: all cores)")
    args = p.parse_args()
    clock = rc.Clock(tool="chdb", mode=args.mode, window=args.window)
    files = rc.discover(args.inbox)

    if args.mode == "memory":
        db = Engine(":memory:", args.threads)
        db.run(FUNCTIONS)
        load_small(db, files)
        if args.as_of and args.window.upper() != "N":
            # Bitmaps hold day numbers: no base to know before the scan, only A.
            checkins_from_csv(db, files, rc.dt.date.fromisoformat(args.as_of))
        else:
            checkins_from_csv(db, files, None)
        period = rc.period(args, *data_days(db))
        engagement_from_csv(db, files, period)
        events = None
        clock.lap("load")
        texts, (members, gaps) = report(db, period, args)
    else:
        folder = args.db or os.path.join(args.out, "reach-bench.chdb")
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(os.path.dirname(os.path.abspath(folder)), exist_ok=True)
        db = Engine(folder, args.threads)
        events = load_store(db, files)
        db.close()
        clock.lap("load")
        db = Engine(folder, args.threads)
        spans_from_store(db)
        period = rc.period(args, *data_days(db))
        inputs_from_store(db, period)
        texts, (members, gaps) = report(db, period, args, temporary="TEMPORARY ")
    clock.lap("report")
    rc.finish(args, clock, texts, period, events, members, gaps)


if __name__ == "__main__":
    sys.exit(main())
