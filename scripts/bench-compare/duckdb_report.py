#!/usr/bin/env python3
"""reach's window report (daily, groups, members, gaps) computed with DuckDB.

  --mode memory      report straight from the CSVs (in-memory database)
  --mode persistent  load the CSVs into a .duckdb file (roster, calendar,
                     leave, each checkins file's span, the events
                     deduplicated by identity, and each member's check-in
                     days as 64-day bit words), close it, reopen it and
                     report: load and report timed apart

How, and why this way (each choice measured on the campus-year shape):
- Check-ins become one bitstring per member over the days base..A,
  aggregated while the CSVs are scanned, never materialised as rows;
  duplicates vanish in the bits. The same GROUPING SETS aggregation gives
  each file's span of days (data days). The bits are aggregated as one
  UBIGINT `bit_or` per 64 days and put together afterwards: per row,
  `bitstring_agg` costs three times as much.
- Expected days are bitstrings too (the class's counting days AND the
  active days AND NOT leave), so the all-history figures (last check-in,
  current streak, run of misses) are a few string operations per member on
  the bits as '0'/'1' text (reverse, strpos, counts of '1'), not window
  functions over millions of member-days. The longest streak in D splits
  the check-in text on '0' when every day of D is expected (the common
  case) and takes the expected days out with a list filter otherwise.
- Shares and comments count only inside the window, so their rows are
  filtered on the raw time text as they are read (filter pushdown) before
  any cast, deduplication or join. Files of one layout are one multi-file
  read_csv (parallel across files, file_index for the spans).
- The persistent store reads each file once (checkins through a staging
  table for the spans), deduplicates with DISTINCT and keeps the check-in
  days per member as bit words, so that its report aggregates 50,000 x 6
  words instead of 11.5 million rows. Its load time is mostly DuckDB
  compressing the written columns (the member ids above all) and the
  DISTINCT; inserts run without preserve_insertion_order.
- Per-group figures: per class and day of D, bit sums over the members
  (`get_bit`), then a single GROUPING SETS pass for the four scopes; the
  CSV lines are formatted in SQL and fetched as one string per file.

Prints one JSON line of phase timings. See reachcmp.py for the input limits.
"""
import os
import sys

import duckdb

import reachcmp as rc

lit = rc.sql_text
day = rc.sql_day


def scan(files):
    """DuckDB's CSV reader over files of one layout (one file, or a list read
    in parallel), every field VARCHAR as c0, c1, ... (no type sniffing),
    starting at the header reach would find."""
    if not isinstance(files, list):
        files = [files]
    f = files[0]
    paths = lit(f.path) if len(files) == 1 else "[" + ", ".join(lit(g.path) for g in files) + "]"
    cols = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(f.width))
    return (f"read_csv({paths}, header = true, skip = {f.skip}, columns = {{{cols}}}, auto_detect = false, "
            f"delim = ',', quote = '\"', escape = '\"')")


def col(f, name, default="NULL"):
    """A column of a file's scan, trimmed, '' as NULL; `default` when the file lacks it."""
    return f"nullif(trim(c{f.at(name)}, ' \u3000'), '')" if f.has(name) else default


MACROS = f"""
-- A date written YYYY-MM-DD or YYYY/M/D, with or without a time after it.
CREATE OR REPLACE MACRO date_of(t) AS
  coalesce(try_strptime(regexp_extract(t, '^[0-9]{{4}}[-/][0-9]{{1,2}}[-/][0-9]{{1,2}}'), '%Y-%m-%d'),
           try_strptime(regexp_extract(t, '^[0-9]{{4}}[-/][0-9]{{1,2}}[-/][0-9]{{1,2}}'), '%Y/%m/%d'))::DATE;
-- Floor division (DuckDB's // truncates towards zero).
CREATE OR REPLACE MACRO fdiv(a, b) AS a // b - CASE WHEN a % b <> 0 AND (a < 0) <> (b < 0) THEN 1 ELSE 0 END;
-- n/d rounded half up to 4 decimals, '' when d is 0 (SPEC 6.9).
CREATE OR REPLACE MACRO q4(q) AS CASE WHEN q < 0 THEN '-' ELSE '' END
  || (abs(q) // 10000)::VARCHAR || '.' || lpad((abs(q) % 10000)::VARCHAR, 4, '0');
CREATE OR REPLACE MACRO fx4(n, d) AS CASE WHEN d IS NULL OR d = 0 THEN ''
  ELSE q4(fdiv(2 * n::HUGEINT * 10000 + d, 2 * d::HUGEINT)) END;
-- a/b - c/d rounded once, '' when a denominator is 0.
CREATE OR REPLACE MACRO dx4(a, b, c, d) AS CASE WHEN b IS NULL OR d IS NULL OR b = 0 OR d = 0 THEN ''
  ELSE fx4(a::HUGEINT * d - c::HUGEINT * b, b::HUGEINT * d) END;
-- A text field: CSV-injection guard, then RFC 4180 quoting (SPEC 3).
CREATE OR REPLACE MACRO guard(s) AS CASE WHEN left(s, 1) IN {rc.sql_list(rc.TEXT_PREFIXES)} THEN '''' || s ELSE s END;
CREATE OR REPLACE MACRO quoted(s) AS CASE
  WHEN strpos(s, ',') > 0 OR strpos(s, '"') > 0 OR strpos(s, chr(10)) > 0 OR strpos(s, chr(13)) > 0
  THEN '"' || replace(s, '"', '""') || '"' ELSE s END;
CREATE OR REPLACE MACRO txt(s) AS quoted(guard(coalesce(s, '')));
CREATE OR REPLACE MACRO num(v) AS coalesce(v::VARCHAR, '');
-- Ones in a '0'/'1' string.
CREATE OR REPLACE MACRO ones(s) AS length(s) - length(replace(s, '1', ''));
"""


# ---------------------------------------------------------------------------
# Small inputs: roster, calendar, leave (read by DuckDB's CSV reader)

def load_small(con, files):
    """Creates `roster`, `calendar` and `leave` (SPEC 1.3, 1.5, 1.6)."""
    parts = []
    for n, f in enumerate(files["members"]):
        # line: the row's place in its file (a single scan keeps the file's order).
        parts.append(f"""
          SELECT {n} AS file_no, row_number() OVER () AS line,
                 {col(f, 'member_id')} AS member_id, {col(f, 'name')} AS name,
                 coalesce({col(f, 'college')}, '') AS college, {col(f, 'branch')} AS branch,
                 {col(f, 'class')} AS class, coalesce({col(f, 'counsellor')}, '') AS counsellor,
                 date_of({col(f, 'joined')}) AS joined, date_of({col(f, 'left')}) AS "left"
          FROM {scan(f)}""")
    # A later row of a member replaces the earlier one; rows missing a required field are rejected.
    con.execute(f"""
      CREATE OR REPLACE TABLE roster AS
      SELECT member_id, name, college, branch, class, counsellor, joined, "left"
      FROM ({' UNION ALL '.join(parts)})
      WHERE member_id IS NOT NULL AND name IS NOT NULL AND branch IS NOT NULL AND class IS NOT NULL
      QUALIFY row_number() OVER (PARTITION BY member_id ORDER BY file_no DESC, line DESC) = 1""")

    parts = []
    for f in files["calendar"]:
        parts.append(f"""
          SELECT date_of({col(f, 'start')}) AS s, date_of({col(f, 'end')}) AS e, lower({col(f, 'type')}) AS t,
                 coalesce({col(f, 'college')}, '') AS college, coalesce({col(f, 'branch')}, '') AS branch,
                 coalesce({col(f, 'class')}, '') AS class
          FROM {scan(f)}""")
    if not parts:
        parts = ["SELECT NULL::DATE AS s, NULL::DATE AS e, '' AS t, '' AS college, '' AS branch, '' AS class "
                 "WHERE false"]
    # level: 3 class, 2 branch, 1 college, 0 all (SPEC 2, check-in day).
    con.execute(f"""
      CREATE OR REPLACE TABLE calendar AS
      SELECT DISTINCT s AS start, coalesce(e, s) AS "end", t IN {rc.sql_list(rc.CALENDAR_ON)} AS is_on,
             college, branch, class,
             CASE WHEN class <> '' THEN 3 WHEN branch <> '' THEN 2 WHEN college <> '' THEN 1 ELSE 0 END AS level
      FROM ({' UNION ALL '.join(parts)})
      WHERE s IS NOT NULL AND coalesce(e, s) >= s
        AND t IN {rc.sql_list(rc.CALENDAR_ON + rc.CALENDAR_OFF)}""")

    parts = []
    for f in files["leave"]:
        parts.append(f"""
          SELECT {col(f, 'member_id')} AS member_id, date_of({col(f, 'start')}) AS s,
                 date_of({col(f, 'end')}) AS e, lower(coalesce({col(f, 'status')}, '')) AS status
          FROM {scan(f)}""")
    if not parts:
        parts = ["SELECT NULL AS member_id, NULL::DATE AS s, NULL::DATE AS e, '' AS status WHERE false"]
    con.execute(f"""
      CREATE OR REPLACE TABLE leave AS
      SELECT DISTINCT member_id, s AS start, coalesce(e, s) AS "end"
      FROM ({' UNION ALL '.join(parts)})
      WHERE member_id IS NOT NULL AND s IS NOT NULL AND coalesce(e, s) >= s
        AND (status = '' OR status IN {rc.sql_list(rc.LEAVE_APPROVED)})""")


# ---------------------------------------------------------------------------
# Events

def checkin_rows(files):
    """Every checkins row as (file number, member_id, day): one multi-file read
    per layout, the file number from DuckDB's file_index."""
    parts = []
    for n, group in enumerate(rc.layouts(files["checkins"])):
        f = group[0]
        parts.append(f"SELECT {n * 10000} + file_index AS f, c{f.at('member_id')} AS member_id, "
                     f"CAST(left(c{f.at('time')}, 10) AS DATE) AS day FROM {scan(group)}")
    return " UNION ALL ".join(parts) if parts else \
        "SELECT 0 AS f, '' AS member_id, NULL::DATE AS day WHERE false"


def engagement_rows(files, lo, hi):
    """Shares and comments with lo <= day <= hi, filtered on the time text
    before anything else is done with them (the window's rows only)."""
    after = (hi + rc.dt.timedelta(days=1)).isoformat()
    parts = []
    for kind in ("shares", "comments"):
        for group in rc.layouts(files[kind]):
            f = group[0]
            t = f"c{f.at('time')}"
            content = f"coalesce(c{f.at('content_id')}, '')" if f.has("content_id") else "''"
            parts.append(f"SELECT '{kind}' AS kind, c{f.at('member_id')} AS member_id, {t} AS time, "
                         f"{content} AS content_id FROM {scan(group)} "
                         f"WHERE {t} >= '{lo.isoformat()}' AND {t} < '{after}'")
    return " UNION ALL ".join(parts) if parts else \
        "SELECT '' AS kind, '' AS member_id, '' AS time, '' AS content_id WHERE false"


def word_bits(i, length):
    """Aggregates that set bit `i` (0-based day number) of a bitstring of
    `length` days, as one UBIGINT per 64 days (w0, w1, ...; the first day
    in the highest bit): `bit_or` on integers costs a third of
    `bitstring_agg`, per row, over millions of check-ins."""
    return ", ".join(
        f"bit_or(CASE WHEN {i} >> 6 = {k} THEN 1::UBIGINT << (63 - ({i} & 63))::UBIGINT END) AS w{k}"
        for k in range((length + 63) // 64))


def bits_of_words(length):
    """The BIT value of the word aggregates of word_bits."""
    words = ", ".join(f"lpad(bin(coalesce(w{k}, 0)), 64, '0')" for k in range((length + 63) // 64))
    return f"left(concat({words}), {length})::BIT"


def checkin_bits_from_csv(con, files, p):
    """One scan of the checkins CSVs: each file's span of days (data days) and
    each member's check-in days <= A as a bitstring over base..A, in one
    GROUPING SETS aggregation (per file; per member).

    The bitstrings need `base`, the first data day, before the scan: it is
    guessed from each file's first row and checked against the spans the
    same scan finds; a file with earlier days further down costs a rescan."""
    while True:
        i = f"CASE WHEN day <= {day(p.a)} THEN (day - {day(p.base)})::INT END"
        con.execute(f"""
          CREATE OR REPLACE TEMP TABLE chk AS
          SELECT grouping(member_id) = 1 AS per_file, f, member_id, min(day) AS first, max(day) AS last,
                 {word_bits("i", p.length)}
          FROM (SELECT f, member_id, day, {i} AS i FROM ({checkin_rows(files)}))
          GROUP BY GROUPING SETS ((f), (member_id))""")
        first = con.execute("SELECT min(first) FROM chk WHERE per_file").fetchone()[0]
        if first is None or first >= p.base:
            break
        p.base = first
    con.execute("CREATE OR REPLACE TEMP TABLE spans AS SELECT f, first, last FROM chk WHERE per_file")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE cbits AS
                    SELECT member_id, {bits_of_words(p.length)} AS bits FROM chk WHERE NOT per_file AND member_id IS NOT NULL""")


def engagement_from_csv(con, files, p):
    """Shares and comments per member and day of D (as a bit number),
    deduplicated by identity (kind, member, second, content)."""
    con.execute(f"""
      CREATE OR REPLACE TEMP TABLE act AS
      SELECT member_id, CAST(left(time, 10) AS DATE) - {day(p.base)} AS i,
             count(*) FILTER (WHERE kind = 'shares') AS shares, count(*) FILTER (WHERE kind = 'comments') AS comments
      FROM (SELECT DISTINCT kind, member_id, time, content_id FROM ({engagement_rows(files, p.d0, p.a)}))
      GROUP BY ALL""")


# ---------------------------------------------------------------------------
# Persistent store: load, then the same inputs from its tables

def event_scan(files, kind):
    """Every row of one event kind as (file number, member_id, ts, content_id)."""
    parts = []
    for n, group in enumerate(rc.layouts(files[kind])):
        f = group[0]
        content = f"coalesce(c{f.at('content_id')}, '')" if f.has("content_id") else "''"
        parts.append(f"SELECT {n * 10000} + file_index AS f, c{f.at('member_id')} AS member_id, "
                     f"CAST(c{f.at('time')} AS TIMESTAMP) AS ts, {content} AS content_id FROM {scan(group)}")
    return " UNION ALL ".join(parts) if parts else \
        "SELECT 0 AS f, '' AS member_id, NULL::TIMESTAMP AS ts, '' AS content_id WHERE false"


def load_store(con, files):
    """The store an expert would keep: roster, calendar, leave, the checkins
    files' spans and the events, deduplicated by identity (kind, member,
    second, content), each kind a table with its day. Each file is read once:
    the checkins rows go through a staging table for the spans."""
    con.execute(MACROS)
    # Rows need no order in the store: inserts may run in parallel.
    con.execute("SET preserve_insertion_order = false")
    load_small(con, files)
    con.execute(f"CREATE OR REPLACE TEMP TABLE stage AS {event_scan(files, 'checkins')}")
    con.execute("""CREATE OR REPLACE TABLE spans AS
                   SELECT f, min(ts)::DATE AS first, max(ts)::DATE AS last FROM stage GROUP BY f""")
    for kind in rc.EVENT_KINDS:
        source = "stage" if kind == "checkins" else f"({event_scan(files, kind)})"
        con.execute(f"""
          CREATE OR REPLACE TABLE {kind} AS
          SELECT CAST(ts AS DATE) AS day, member_id, ts, content_id
          FROM (SELECT DISTINCT member_id, ts, content_id FROM {source})""")
    con.execute("DROP TABLE stage")
    # The rollup the report reads: each member's check-in days as 64-day words
    # (bit 63 - day % 64 of word day // 64, days since 1970-01-01).
    con.execute("""
      CREATE OR REPLACE TABLE checkin_words AS
      SELECT member_id, n >> 6 AS k, bit_or(1::UBIGINT << (63 - (n & 63))::UBIGINT) AS w
      FROM (SELECT member_id, (day - DATE '1970-01-01')::BIGINT AS n FROM checkins) GROUP BY ALL""")
    return sum(con.execute(f"SELECT count(*) FROM {k}").fetchone()[0] for k in rc.EVENT_KINDS)


def inputs_from_store(con, p):
    """cbits (from the rollup's words covering base..A) and act from the store's tables."""
    first, last = ((d - rc.dt.date(1970, 1, 1)).days for d in (p.base, p.a))
    words = ", ".join(f"lpad(bin(coalesce(max(w) FILTER (WHERE k = {k}), 0)), 64, '0')"
                      for k in range(first >> 6, (last >> 6) + 1))
    con.execute(f"""
      CREATE OR REPLACE TEMP TABLE cbits AS
      SELECT member_id, substr(concat({words}), {(first & 63) + 1}, {p.length})::BIT AS bits
      FROM checkin_words WHERE k BETWEEN {first >> 6} AND {last >> 6} GROUP BY member_id""")
    con.execute(f"""
      CREATE OR REPLACE TEMP TABLE act AS
      SELECT member_id, day - {day(p.base)} AS i, count(*) FILTER (WHERE kind = 'shares') AS shares,
             count(*) FILTER (WHERE kind = 'comments') AS comments
      FROM (SELECT 'shares' AS kind, member_id, day FROM shares WHERE day BETWEEN {day(p.d0)} AND {day(p.a)}
            UNION ALL
            SELECT 'comments', member_id, day FROM comments WHERE day BETWEEN {day(p.d0)} AND {day(p.a)})
      GROUP BY ALL""")


# ---------------------------------------------------------------------------
# The report, from roster, calendar, leave, spans, cbits and act

def report(con, p, args):
    """Computes the four CSVs' lines; returns {file name: text} and counts."""
    L = p.length
    zero = f"repeat('0', {L})::BIT"
    w0, p0, W = p.bit(p.d0), p.bit(p.p0), p.w
    rn, rd = rc.min_rate(args.min_rate)
    off = rc.off_weekdays(args.off_weekdays) or [0]
    so = ("CASE WHEN grouping(college) = 0 THEN 1 WHEN grouping(branch) = 0 THEN 2 "
          "WHEN grouping(class) = 0 THEN 3 ELSE 0 END")
    con.execute(f"""
    -- Days base..A: bit number, data day (inside some checkins file's span), weekday rule.
    CREATE OR REPLACE TEMP TABLE days AS
      SELECT i, {day(p.base)} + i::INT AS day,
             EXISTS (SELECT 1 FROM spans s WHERE {day(p.base)} + i::INT BETWEEN s.first AND s.last) AS data,
             isodow({day(p.base)} + i::INT) NOT IN ({', '.join(map(str, off))}) AS weekday_on
      FROM range({L}) t(i);
    -- Class keys: members of one (college, branch, class) share their groups and check-in days.
    CREATE OR REPLACE TEMP TABLE keys AS
      SELECT row_number() OVER () AS key, college, branch, class FROM (SELECT DISTINCT college, branch, class FROM roster);
    -- Each key's counting days (data day and check-in day) as bits: the calendar rows
    -- that apply and cover a day give 2 * level + on, the highest wins (most specific
    -- level, `on` over `off`); without any, the weekday rule.
    CREATE OR REPLACE TEMP TABLE keymask AS
      WITH ruled AS (
        SELECT k.key, d.i, max(c.level * 2 + c.is_on::INT) AS code
        FROM keys k
        JOIN calendar c ON c.college IN ('', k.college) AND c.branch IN ('', k.branch) AND c.class IN ('', k.class)
        JOIN days d ON d.day BETWEEN c.start AND c."end"
        GROUP BY ALL)
      SELECT k.key, coalesce(bitstring_agg(d.i, 0, {L - 1})
                               FILTER (WHERE d.data AND coalesce(r.code % 2 = 1, d.weekday_on)), {zero}) AS bits
      FROM keys k CROSS JOIN days d LEFT JOIN ruled r ON r.key = k.key AND r.i = d.i
      GROUP BY k.key;
    CREATE OR REPLACE TEMP TABLE leavebits AS
      SELECT l.member_id, bitstring_agg(d.i, 0, {L - 1}) AS bits
      FROM leave l JOIN days d ON d.day BETWEEN l.start AND l."end" GROUP BY l.member_id;
    -- Per member: expected (e), excused (x) and counted check-ins (c) as bits, and
    -- whether the member may be on the gap list (active on A, not on leave on A).
    CREATE OR REPLACE TEMP TABLE bits AS
      WITH m AS (
        SELECT r.member_id, key, km.bits & act & ~coalesce(lb.bits, {zero}) AS e,
               km.bits & act & coalesce(lb.bits, {zero}) AS x,
               (joined IS NULL OR joined <= {day(p.a)}) AND ("left" IS NULL OR {day(p.a)} <= "left") AS active_on_a
        FROM (SELECT *, (repeat('0', ja) || repeat('1', jb - ja) || repeat('0', {L} - jb))::BIT AS act
              FROM (SELECT *, least(greatest(coalesce(joined - {day(p.base)}, 0), 0), {L}) AS ja,
                              least(greatest(coalesce("left" - {day(p.base)} + 1, {L}), 0), {L}) AS jb0,
                              greatest(ja, jb0) AS jb
                    FROM roster)) r
        JOIN keys USING (college, branch, class) JOIN keymask km USING (key)
        LEFT JOIN leavebits lb USING (member_id))
      SELECT m.member_id, key, e, x, e & coalesce(cb.bits, {zero}) AS c,
             active_on_a AND NOT EXISTS (SELECT 1 FROM leave l WHERE l.member_id = m.member_id
                                                               AND {day(p.a)} BETWEEN l.start AND l."end") AS listable
      FROM m LEFT JOIN cbits cb USING (member_id);
    -- Member figures (SPEC 2.3) from the bits as '0'/'1' text: counts in D and in the
    -- previous window, the last check-in and the last miss (all history), the run
    -- each ends, and the longest streak in D: the longest run of '1' once the days
    -- that are not expected are taken out (nothing to take out, the common case:
    -- the runs of the check-in text itself).
    CREATE OR REPLACE TEMP TABLE mstat AS
      WITH t AS (
        SELECT member_id, key, listable, e::VARCHAR AS es, x::VARCHAR AS xs, c::VARCHAR AS cs,
               (e & ~c)::VARCHAR AS ms
        FROM bits),
      l AS (
        SELECT *, CASE WHEN strpos(cs, '1') > 0 THEN {L} - strpos(reverse(cs), '1') END AS lc,
                  CASE WHEN strpos(ms, '1') > 0 THEN {L} - strpos(reverse(ms), '1') END AS lm,
                  substr(es, {w0 + 1}) AS ew, substr(cs, {w0 + 1}) AS cw
        FROM t)
      SELECT member_id, key, listable,
             ones(ew) AS expected_days, ones(cw) AS checkin_days, ones(substr(xs, {w0 + 1})) AS excused_days,
             ones(substr(es, {p0 + 1}, {W})) AS prev_days, ones(substr(cs, {p0 + 1}, {W})) AS prev_checks,
             {day(p.base)} + lc::INT AS last_checkin,
             CASE WHEN lc > coalesce(lm, -1) THEN ones(substr(es, coalesce(lm, -1) + 2)) ELSE 0 END AS current_streak,
             CASE WHEN lm > coalesce(lc, -1) THEN ones(substr(es, coalesce(lc, -1) + 2)) ELSE 0 END AS missed_run,
             list_max(list_transform(string_split(
               CASE WHEN strpos(ew, '0') = 0 THEN cw
                    ELSE array_to_string(list_transform(list_filter(range(length(ew)), lambda j: ew[j + 1] = '1'),
                                                        lambda j: cw[j + 1]), '') END,
               '0'), lambda r: length(r))) AS longest_streak
      FROM l;
    CREATE OR REPLACE TEMP TABLE gaps AS
      SELECT member_id, concat_ws(';', CASE WHEN last_checkin IS NULL THEN 'never' END,
                               CASE WHEN last_checkin IS NOT NULL AND missed_run >= {args.gap_days} THEN 'gap' END,
                               CASE WHEN checkin_days * {rd} < {rn} * expected_days THEN 'low_rate' END) AS reasons
      FROM mstat
      WHERE listable AND expected_days > 0
        AND (last_checkin IS NULL OR missed_run >= {args.gap_days} OR checkin_days * {rd} < {rn} * expected_days);
    -- Per class key and day of D: expected, excused and checked-in members (bit sums) ...
    CREATE OR REPLACE TEMP TABLE kd AS
      SELECT key, i, sum(get_bit(e, i::INT)) AS expected, sum(get_bit(x, i::INT)) AS excused,
             sum(get_bit(c, i::INT)) AS checked_in
      FROM bits CROSS JOIN range({w0}, {L}) t(i) GROUP BY ALL;
    -- ... and the shares and comments of members expected that day.
    CREATE OR REPLACE TEMP TABLE ev AS
      SELECT a.member_id, b.key, a.i, a.shares, a.comments, get_bit(b.c, a.i::INT) AS ci
      FROM act a JOIN bits b USING (member_id) WHERE get_bit(b.e, a.i::INT) = 1;
    CREATE OR REPLACE TEMP TABLE mshares AS
      SELECT member_id, sum(shares) AS shares, sum(comments) AS comments FROM ev GROUP BY member_id;
    -- Per group and day of D, the four scopes in one GROUPING SETS pass over the keys.
    CREATE OR REPLACE TEMP TABLE gd AS
      SELECT {day(p.base)} + i::INT AS day, {so} AS so, coalesce(college, branch, class, 'all') AS grp,
             sum(expected) AS expected, sum(checked_in) AS checked_in, sum(excused) AS excused,
             sum(checked_in + coalesce(reached_too, 0)) AS reached,
             sum(coalesce(sharers, 0)) AS sharers, sum(coalesce(shares, 0)) AS shares,
             sum(coalesce(commenters, 0)) AS commenters, sum(coalesce(comments, 0)) AS comments
      FROM kd
      LEFT JOIN (SELECT key, i, count(*) FILTER (WHERE shares > 0) AS sharers, sum(shares) AS shares,
                        count(*) FILTER (WHERE comments > 0) AS commenters, sum(comments) AS comments,
                        count(*) FILTER (WHERE ci = 0) AS reached_too
                 FROM ev GROUP BY ALL) USING (key, i)
      JOIN keys USING (key)
      GROUP BY GROUPING SETS ((i), (i, college), (i, branch), (i, class))
      HAVING NOT (grouping(college) = 0 AND college = '');
    -- Per group: members expected in D, gap-list members, previous window.
    CREATE OR REPLACE TEMP TABLE gcount AS
      SELECT {so} AS so, coalesce(college, branch, class, 'all') AS grp,
             count(*) FILTER (WHERE expected_days > 0) AS members, count(g.member_id) AS at_risk,
             sum(prev_days) AS prev_days, sum(prev_checks) AS prev_checks
      FROM mstat m JOIN keys USING (key) LEFT JOIN gaps g USING (member_id)
      GROUP BY GROUPING SETS ((), (college), (branch), (class));
    CREATE OR REPLACE TEMP TABLE grp AS
      SELECT so, grp, sum(expected) AS member_days, sum(checked_in) AS checkin_days, sum(reached) AS reached_days,
             count(*) FILTER (WHERE expected > 0 AND checked_in = expected) AS full_days,
             arg_min(day, (checked_in / expected, day)) FILTER (WHERE expected > 0) AS worst_day,
             arg_min(checked_in, (checked_in / expected, day)) FILTER (WHERE expected > 0) AS worst_checked,
             arg_min(expected, (checked_in / expected, day)) FILTER (WHERE expected > 0) AS worst_expected,
             sum(shares) AS shares, sum(comments) AS comments,
             count(*) FILTER (WHERE expected > 0) AS days, sum(excused) AS excused_days
      FROM gd GROUP BY so, grp HAVING sum(expected) > 0;
    """)
    scope = "CASE so WHEN 0 THEN 'all' WHEN 1 THEN 'college' WHEN 2 THEN 'branch' ELSE 'class' END"
    queries = {
        "daily.csv": f"""
          SELECT string_agg(concat_ws(',', day::VARCHAR, {scope}, txt(grp), num(expected), num(checked_in),
                                      fx4(checked_in, expected), num(reached), num(sharers), num(shares),
                                      num(commenters), num(comments), num(excused)), chr(10) ORDER BY day, so, grp)
          FROM gd WHERE expected > 0""",
        "groups.csv": f"""
          SELECT string_agg(concat_ws(',', {scope}, txt(grp), num(members), num(member_days), num(checkin_days),
                                      fx4(checkin_days, member_days), num(reached_days), fx4(reached_days, member_days),
                                      num(full_days), num(worst_day), fx4(worst_checked, worst_expected), num(shares),
                                      num(comments), num(at_risk), fx4(prev_checks, prev_days),
                                      dx4(checkin_days, member_days, prev_checks, prev_days), num(rnk), num(days),
                                      num(excused_days)), chr(10) ORDER BY so, rnk, grp)
          FROM (SELECT *, rank() OVER (PARTITION BY so ORDER BY checkin_days / member_days DESC) AS rnk FROM grp)
          JOIN gcount USING (so, grp)""",
        "members.csv": f"""
          SELECT string_agg(concat_ws(',', txt(member_id), txt(name), txt(college), txt(branch), txt(class),
                                      txt(counsellor), num(expected_days), num(checkin_days),
                                      fx4(checkin_days, expected_days), num(coalesce(s.shares, 0)),
                                      num(coalesce(s.comments, 0)), num(last_checkin),
                                      num({day(p.a)} - last_checkin), num(current_streak), num(longest_streak),
                                      num(excused_days), num(missed_run)),
                            chr(10) ORDER BY college, branch, class, member_id)
          FROM mstat JOIN roster USING (member_id) LEFT JOIN mshares s USING (member_id)
          WHERE expected_days > 0 OR excused_days > 0""",
        "gaps.csv": f"""
          SELECT string_agg(concat_ws(',', txt(college), txt(branch), txt(class), txt(counsellor), txt(member_id),
                                      txt(name), num(last_checkin), num({day(p.a)} - last_checkin),
                                      fx4(checkin_days, expected_days), txt(reasons), num(missed_run)),
                            chr(10) ORDER BY class, last_checkin IS NOT NULL, missed_run DESC, member_id)
          FROM gaps JOIN mstat USING (member_id) JOIN roster USING (member_id)""",
    }
    texts = {name: con.execute(q).fetchone()[0] or "" for name, q in queries.items()}
    counts = con.execute("SELECT (SELECT count(*) FROM mstat WHERE expected_days > 0 OR excused_days > 0), "
                         "(SELECT count(*) FROM gaps)").fetchone()
    return texts, counts


def data_days(con):
    """First and last data day over the checkins files' spans."""
    return con.execute("SELECT min(first), max(last) FROM spans").fetchone()


def main():
    p = rc.options(__doc__.splitlines()[0])
    p.add_argument("--mode", choices=["memory", "persistent"], default="memory")
    p.add_argument("--db", help="database file of --mode persistent (default: OUT/reach-bench.duckdb)")
    p.add_argument("--threads", type=int, help="DuckDB worker threads (default: all cores)")
    args = p.parse_args()
    clock = rc.Clock(tool="duckdb", mode=args.mode, window=args.window)
    files = rc.discover(args.inbox)

    def connect(target):
        con = duckdb.connect(target)
        if args.threads:
            con.execute(f"SET threads = {args.threads}")
        return con

    if args.mode == "memory":
        con = connect(":memory:")
        con.execute(MACROS)
        load_small(con, files)
        if args.as_of and args.window.upper() != "N":
            # A and W known: base guessed from the files' first rows (checked by the scan).
            guess = min(filter(None, map(rc.first_row_day, files["checkins"])), default=None)
            period = rc.period(args, guess, None)
        else:
            con.execute(f"CREATE TEMP TABLE spans AS SELECT f, min(day) AS first, max(day) AS last "
                        f"FROM ({checkin_rows(files)}) GROUP BY f")
            period = rc.period(args, *data_days(con))
        checkin_bits_from_csv(con, files, period)
        engagement_from_csv(con, files, period)
        events = None
        clock.lap("load")
    else:
        db = args.db or os.path.join(args.out, "reach-bench.duckdb")
        os.makedirs(os.path.dirname(os.path.abspath(db)), exist_ok=True)
        for stale in (db, db + ".wal"):
            if os.path.exists(stale):
                os.remove(stale)
        con = connect(db)
        events = load_store(con, files)
        con.close()
        clock.lap("load")
        con = connect(db)
        period = rc.period(args, *data_days(con))
        inputs_from_store(con, period)
    texts, (members, gaps) = report(con, period, args)
    clock.lap("report")
    rc.finish(args, clock, texts, period, events, members, gaps)


if __name__ == "__main__":
    sys.exit(main())
