#!/usr/bin/env python3
"""reach's window report (daily, groups, members, gaps) computed with DuckDB.

  --mode memory      read the CSVs into an in-memory database, then report
  --mode persistent  load the CSVs (deduplicated) into a .duckdb file, close
                     it, reopen it and report: load and report timed apart

Prints one JSON line of phase timings. See reachcmp.py for the input limits.
"""
import os
import sys

import duckdb

import reachcmp as rc


def quote(text):
    return "'" + text.replace("'", "''") + "'"


def ident(text):
    return '"' + text.replace('"', '""') + '"'


def load(con, inbox):
    """Creates `roster` and `events` (deduplicated by kind, member, second, content)."""
    files = rc.discover(inbox)
    roster_parts = []
    for path, cols in files["members"]:
        def col(c):
            return f"nullif(trim({ident(cols[c])}), '')" if cols[c] else "NULL"
        roster_parts.append(
            f"SELECT {col('member_id')} AS member_id, {col('name')} AS name, coalesce({col('college')}, '') AS college, "
            f"{col('branch')} AS branch, {col('class')} AS class, coalesce({col('counsellor')}, '') AS counsellor, "
            f"CAST({col('joined')} AS DATE) AS joined, CAST({col('left')} AS DATE) AS \"left\" "
            f"FROM read_csv({quote(path)}, header = true, all_varchar = true, delim = ',', quote = '\"')")
    con.execute("DROP TABLE IF EXISTS roster")
    con.execute("CREATE TABLE roster AS " + " UNION ALL ".join(roster_parts))
    event_parts = []
    for kind in ("checkins", "shares", "comments"):
        for path, cols in files[kind]:
            content = f"coalesce(trim({ident(cols['content_id'])}), '')" if cols["content_id"] else "''"
            event_parts.append(
                f"SELECT '{kind}' AS kind, trim({ident(cols['member_id'])}) AS member_id, "
                f"strptime(trim({ident(cols['time'])}), '%Y-%m-%d %H:%M:%S') AS ts, {content} AS content_id "
                f"FROM read_csv({quote(path)}, header = true, all_varchar = true, delim = ',', quote = '\"')")
    con.execute("DROP TABLE IF EXISTS events")
    con.execute("CREATE TABLE events AS SELECT DISTINCT kind, member_id, ts, content_id FROM ("
                + " UNION ALL ".join(event_parts) + ")")
    return con.execute("SELECT count(*) FROM events").fetchone()[0]


def report(con, args):
    """Runs the report queries; returns the rows of the four CSVs."""
    last, first = con.execute("SELECT max(CAST(ts AS DATE)), min(CAST(ts AS DATE)) FROM events").fetchone()
    a = rc.parse_day(args.as_of) if args.as_of else last
    w = rc.window_days(args.window, first, a)
    d0 = a - rc.dt.timedelta(days=w - 1)
    p0, p1 = a - rc.dt.timedelta(days=2 * w - 1), a - rc.dt.timedelta(days=w)
    A, D0, P0, P1 = (f"DATE '{x.isoformat()}'" for x in (a, d0, p0, p1))
    rn, rd = rc.min_rate(args.min_rate)
    sql = f"""
    CREATE OR REPLACE TEMP TABLE ev AS
      SELECT e.kind, e.member_id, CAST(e.ts AS DATE) AS day
      FROM events e JOIN roster r USING (member_id)
      WHERE CAST(e.ts AS DATE) <= {A}
        AND (r.joined IS NULL OR r.joined <= CAST(e.ts AS DATE))
        AND (r."left" IS NULL OR CAST(e.ts AS DATE) <= r."left");
    CREATE OR REPLACE TEMP TABLE act AS
      SELECT member_id, day, max(CASE WHEN kind = 'checkins' THEN 1 ELSE 0 END) AS checked,
             sum(CASE WHEN kind = 'shares' THEN 1 ELSE 0 END) AS shares,
             sum(CASE WHEN kind = 'comments' THEN 1 ELSE 0 END) AS comments
      FROM ev WHERE day >= {D0} GROUP BY member_id, day;
    CREATE OR REPLACE TEMP TABLE md AS
      SELECT r.member_id, d.day, coalesce(a.checked, 0) AS checked, (a.member_id IS NOT NULL)::INT AS reached,
             coalesce(a.shares, 0) AS shares, coalesce(a.comments, 0) AS comments
      FROM roster r
      CROSS JOIN (SELECT CAST(range AS DATE) AS day FROM range({D0}, {A} + 1, INTERVAL 1 DAY)) d
      LEFT JOIN act a ON a.member_id = r.member_id AND a.day = d.day
      WHERE (r.joined IS NULL OR r.joined <= d.day) AND (r."left" IS NULL OR d.day <= r."left");
    CREATE OR REPLACE TEMP TABLE mg AS
      SELECT member_id, 0 AS so, 'all' AS scope, 'all' AS grp FROM roster
      UNION ALL SELECT member_id, 1, 'college', college FROM roster WHERE college <> ''
      UNION ALL SELECT member_id, 2, 'branch', branch FROM roster
      UNION ALL SELECT member_id, 3, 'class', class FROM roster;
    CREATE OR REPLACE TEMP TABLE daily AS
      SELECT md.day, mg.so, mg.scope, mg.grp, count(*) AS expected, sum(checked) AS checked_in,
             sum(reached) AS reached, sum((shares > 0)::INT) AS sharers, sum(shares) AS shares,
             sum((comments > 0)::INT) AS commenters, sum(comments) AS comments
      FROM md JOIN mg USING (member_id) GROUP BY ALL;
    CREATE OR REPLACE TEMP TABLE cdays AS SELECT DISTINCT member_id, day FROM ev WHERE kind = 'checkins';
    CREATE OR REPLACE TEMP TABLE isl AS
      SELECT member_id, day, day - CAST(row_number() OVER (PARTITION BY member_id ORDER BY day) AS INTEGER) AS island
      FROM cdays;
    CREATE OR REPLACE TEMP TABLE islw AS
      SELECT member_id, day - CAST(row_number() OVER (PARTITION BY member_id ORDER BY day) AS INTEGER) AS island
      FROM cdays WHERE day >= {D0};
    CREATE OR REPLACE TEMP TABLE mstat AS
      SELECT m.member_id, m.expected_days, m.checkin_days, m.shares, m.comments, l.last_checkin,
             {A} - l.last_checkin AS days_since, coalesce(c.streak, 0) AS current_streak,
             coalesce(g.longest, 0) AS longest_streak
      FROM (SELECT member_id, count(*) AS expected_days, sum(checked) AS checkin_days, sum(shares) AS shares,
                   sum(comments) AS comments FROM md GROUP BY member_id) m
      LEFT JOIN (SELECT member_id, max(day) AS last_checkin FROM cdays GROUP BY member_id) l USING (member_id)
      LEFT JOIN (SELECT i.member_id, count(*) AS streak FROM isl i
                 JOIN (SELECT member_id, island FROM isl WHERE day = {A}) t USING (member_id, island)
                 GROUP BY i.member_id) c USING (member_id)
      LEFT JOIN (SELECT member_id, max(n) AS longest FROM
                   (SELECT member_id, island, count(*) AS n FROM islw GROUP BY ALL) GROUP BY member_id) g USING (member_id);
    CREATE OR REPLACE TEMP TABLE gaps AS
      SELECT r.member_id, s.last_checkin, s.days_since, s.checkin_days, s.expected_days,
             concat_ws(';',
               CASE WHEN s.last_checkin IS NULL THEN 'never' END,
               CASE WHEN s.days_since >= {args.gap_days} THEN 'gap' END,
               CASE WHEN s.checkin_days * {rd} < {rn} * s.expected_days THEN 'low_rate' END) AS reasons
      FROM roster r JOIN mstat s USING (member_id)
      WHERE (r.joined IS NULL OR r.joined <= {A}) AND (r."left" IS NULL OR {A} <= r."left")
        AND (s.last_checkin IS NULL OR s.days_since >= {args.gap_days} OR s.checkin_days * {rd} < {rn} * s.expected_days);
    CREATE OR REPLACE TEMP TABLE prev AS
      SELECT mg.so, mg.grp,
             sum(greatest(0, least(coalesce(r."left", {P1}), {P1}) - greatest(coalesce(r.joined, {P0}), {P0}) + 1)) AS member_days,
             sum(coalesce(pc.n, 0)) AS checkin_days
      FROM roster r JOIN mg USING (member_id)
      LEFT JOIN (SELECT member_id, count(*) AS n FROM cdays WHERE day BETWEEN {P0} AND {P1} GROUP BY member_id) pc
        USING (member_id)
      GROUP BY ALL;
    CREATE OR REPLACE TEMP TABLE grp AS
      SELECT d.so, d.scope, d.grp, sum(expected) AS member_days, sum(checked_in) AS checkin_days,
             sum(reached) AS reached_days, sum((checked_in = expected)::INT) AS full_days,
             first(day ORDER BY checked_in / expected, day) AS worst_day,
             first(checked_in ORDER BY checked_in / expected, day) AS worst_checked,
             first(expected ORDER BY checked_in / expected, day) AS worst_expected,
             sum(shares) AS shares, sum(comments) AS comments
      FROM daily d GROUP BY d.so, d.scope, d.grp;
    """
    con.execute(sql)
    daily = con.execute("""SELECT day, scope, grp, expected, checked_in, reached, sharers, shares, commenters, comments
                           FROM daily ORDER BY day, so, grp""").fetchall()
    groups = con.execute("""
      SELECT g.scope, g.grp, mem.n, g.member_days, g.checkin_days, g.reached_days, g.full_days, g.worst_day,
             g.worst_checked, g.worst_expected, g.shares, g.comments, coalesce(ar.n, 0), p.checkin_days, p.member_days,
             rank() OVER (PARTITION BY g.so ORDER BY g.checkin_days / g.member_days DESC) AS rnk
      FROM grp g
      JOIN (SELECT so, grp, count(*) AS n FROM mstat JOIN mg USING (member_id) GROUP BY ALL) mem USING (so, grp)
      LEFT JOIN (SELECT so, grp, count(*) AS n FROM gaps JOIN mg USING (member_id) GROUP BY ALL) ar USING (so, grp)
      LEFT JOIN prev p USING (so, grp)
      ORDER BY g.so, rnk, g.grp""").fetchall()
    members = con.execute("""
      SELECT r.member_id, r.name, r.college, r.branch, r.class, r.counsellor, s.expected_days, s.checkin_days,
             s.shares, s.comments, s.last_checkin, s.days_since, s.current_streak, s.longest_streak
      FROM mstat s JOIN roster r USING (member_id) ORDER BY r.college, r.branch, r.class, r.member_id""").fetchall()
    gaps = con.execute("""
      SELECT r.college, r.branch, r.class, r.counsellor, r.member_id, r.name, g.last_checkin, g.days_since,
             g.checkin_days, g.expected_days, g.reasons
      FROM gaps g JOIN roster r USING (member_id)
      ORDER BY r.class, g.last_checkin IS NOT NULL, g.days_since DESC, r.member_id""").fetchall()
    return a, w, daily, groups, members, gaps


def write(out, bom, daily, groups, members, gaps):
    s = rc.safe
    rep = rc.Report(out, bom)
    rep.write("daily.csv", ([rc.iso(d), s(sc), s(g), e, c, rc.fixed4(c, e), r, sh, shn, co, con]
                            for d, sc, g, e, c, r, sh, shn, co, con in daily))
    rep.write("groups.csv", ([s(sc), s(g), n, md, cd, rc.fixed4(cd, md), rd, rc.fixed4(rd, md), fd, rc.iso(wd),
                              rc.fixed4(wc, we), sh, co, ar,
                              rc.fixed4(pc, pm) if pm else "", rc.delta4(cd, md, pc, pm) if pm else "", rank]
                             for sc, g, n, md, cd, rd, fd, wd, wc, we, sh, co, ar, pc, pm, rank in groups))
    rep.write("members.csv", ([s(i), s(nm), s(col), s(br), s(cl), s(cs), ed, cd, rc.fixed4(cd, ed), sh, co,
                               rc.iso(lc), "" if ds is None else ds, cs_, ls]
                              for i, nm, col, br, cl, cs, ed, cd, sh, co, lc, ds, cs_, ls in members))
    rep.write("gaps.csv", ([s(col), s(br), s(cl), s(cs), s(i), s(nm), rc.iso(lc), "" if ds is None else ds,
                            rc.fixed4(cd, ed), s(reasons)]
                           for col, br, cl, cs, i, nm, lc, ds, cd, ed, reasons in gaps))


def main():
    p = rc.options(__doc__.splitlines()[0])
    p.add_argument("--mode", choices=["memory", "persistent"], default="memory")
    p.add_argument("--db", help="database file of --mode persistent (default: OUT/reach-bench.duckdb)")
    p.add_argument("--threads", type=int, help="DuckDB worker threads (default: all cores)")
    args = p.parse_args()
    clock = rc.Clock(tool="duckdb", mode=args.mode, window=args.window)

    def connect(target):
        con = duckdb.connect(target)
        if args.threads:
            con.execute(f"SET threads = {args.threads}")
        return con

    if args.mode == "memory":
        con = connect(":memory:")
        events = load(con, args.inbox)
        clock.lap("load")
    else:
        db = args.db or os.path.join(args.out, "reach-bench.duckdb")
        os.makedirs(os.path.dirname(os.path.abspath(db)), exist_ok=True)
        for stale in (db, db + ".wal"):
            if os.path.exists(stale):
                os.remove(stale)
        con = connect(db)
        events = load(con, args.inbox)
        con.close()
        clock.lap("load")
        con = connect(db)
    a, w, *tables = report(con, args)
    clock.lap("report")
    write(args.out, not args.no_bom, *tables)
    clock.lap("write")
    clock.done(as_of=a.isoformat(), days=w, events=events, members=len(tables[2]), gaps=len(tables[3]))


if __name__ == "__main__":
    sys.exit(main())
