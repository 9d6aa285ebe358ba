#!/usr/bin/env python3
"""reach's window report (daily, groups, members, gaps) computed with pandas
and NumPy.

How, and why this way (each choice measured on the campus-year shape):
- CSVs are read by pandas' pyarrow engine (multi-threaded, native
  timestamps), only the columns needed.
- Days are boolean member x day matrices over base..A (NumPy): expected =
  the class's counting days AND active AND NOT leave; counted check-ins are
  set by fancy indexing, so duplicates need no deduplication. Window counts
  are row sums, the last check-in and last miss are argmax on the reversed
  rows, the runs they end are suffix counts; the longest streak in D is one
  vectorised pass per day of D over all members at once.
- Per-group daily figures are sums per class (np.add.reduceat over members
  sorted by class), then pandas group-bys of those few rows per scope.
- Only shares and comments of the window are kept and deduplicated by
  identity (kind, member, second, content).

Prints one JSON line of phase timings. See reachcmp.py for the input limits.
"""
import sys

import numpy as np
import pandas as pd

import reachcmp as rc

TRIM = rc.TRIMMED


def read(f, columns, text=None):
    """Canonical columns of one input file (pyarrow engine; absent ones as '').
    `text`: the columns read as text; default all (others get pyarrow's types,
    e.g. timestamps)."""
    present = [c for c in columns if f.has(c)]
    names = [f.name(c) for c in present]
    text = present if text is None else [c for c in text if c in present]
    frame = pd.read_csv(f.path, engine="pyarrow", skiprows=f.skip, usecols=names,
                        dtype={f.name(c): str for c in text}, keep_default_na=False)
    frame = frame.rename(columns={f.name(c): c for c in present})
    for c in columns:
        if c not in frame:
            frame[c] = ""
    return frame[columns]


def as_days(values):
    """A column of timestamps (or 'YYYY-MM-DD ...' text) as datetime64[D]."""
    if values.dtype.kind == "M":
        return values.to_numpy().astype("datetime64[D]")
    return values.astype(str).str.slice(0, 10).to_numpy(dtype="datetime64[D]")


def dates(texts):
    """Date text (YYYY-MM-DD or YYYY/M/D, maybe with a time after it) as datetime64[D], NaT when empty."""
    first = texts.astype(str).str.strip(TRIM).str.split(" ", n=1).str[0].str.split("T", n=1).str[0]
    return pd.to_datetime(first.where(first != ""), format="mixed", errors="coerce").to_numpy(dtype="datetime64[D]")


# ---------------------------------------------------------------------------
# Reading

def load_small(files):
    """roster (sorted by member_id), calendar and leave frames (SPEC 1.3, 1.5, 1.6)."""
    def frames(kind):
        columns = rc.REQUIRED[kind] + rc.OPTIONAL[kind]
        parts = [read(f, columns) for f in files[kind]]
        frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns, dtype=str)
        return frame.apply(lambda c: c.fillna("").astype(str).str.strip(TRIM))

    roster = frames("members")
    roster = roster[(roster.member_id != "") & (roster.name != "") & (roster.branch != "") & (roster["class"] != "")]
    roster = roster.drop_duplicates("member_id", keep="last").sort_values("member_id", ignore_index=True)
    roster["joined"], roster["left"] = dates(roster.joined), dates(roster.left)

    calendar = frames("calendar").rename(columns={"class": "klass"})
    calendar["type"] = calendar["type"].str.lower()
    calendar["start"], calendar["end"] = dates(calendar["start"]), dates(calendar["end"])
    calendar["end"] = calendar["end"].fillna(calendar["start"])
    calendar = calendar[calendar["start"].notna() & (calendar["end"] >= calendar["start"])
                        & calendar["type"].isin(rc.CALENDAR_ON + rc.CALENDAR_OFF)].drop_duplicates()

    leave = frames("leave")
    status = leave["status"].str.lower()
    leave["start"], leave["end"] = dates(leave["start"]), dates(leave["end"])
    leave["end"] = leave["end"].fillna(leave["start"])
    leave = leave[(leave.member_id != "") & leave["start"].notna() & (leave["end"] >= leave["start"])
                  & ((status == "") | status.isin(rc.LEAVE_APPROVED))]
    return roster, calendar, leave


def load_checkins(files, members):
    """Check-ins as (member index, day) of roster members, and each checkins
    file's (first, last) day over all its rows (data days)."""
    spans, ms, ds = [], [], []
    for f in files["checkins"]:
        frame = read(f, ["member_id", "time"], text=["member_id"])
        days = as_days(frame["time"])
        if len(days):
            spans.append((days.min(), days.max()))
        m = members.get_indexer(frame["member_id"])
        ms.append(m[m >= 0])
        ds.append(days[m >= 0])
    return (np.concatenate(ms) if ms else np.zeros(0, np.int64),
            np.concatenate(ds) if ds else np.zeros(0, "datetime64[D]"), spans)


def load_engagement(files, members, lo, hi):
    """Shares and comments of roster members with lo <= day <= hi, deduplicated
    by identity: (kind, member index, day) rows."""
    out = []
    for kind in ("shares", "comments"):
        frames = []
        for f in files[kind]:
            frame = read(f, ["member_id", "time", "content_id"])
            t = frame["time"]
            frame = frame[(t >= lo.isoformat()) & (t < (hi + rc.dt.timedelta(days=1)).isoformat())]
            frames.append(frame)
        if not frames:
            continue
        frame = pd.concat(frames, ignore_index=True).drop_duplicates()
        m = members.get_indexer(frame["member_id"])
        days = as_days(frame["time"])
        out.append((kind, m[m >= 0], days[m >= 0]))
    return out


# ---------------------------------------------------------------------------
# The day matrices

def bit(day, base):
    """Day index of a day (datetime64, Timestamp or date) from base (datetime64[D])."""
    return int((np.datetime64(day, "D") - base).astype(np.int64))


def key_masks(keys, calendar, L, base, data, weekday_on):
    """Counting days of each class key (K x L booleans): the calendar rows that
    apply and cover a day, the most specific level present, `on` over `off`
    within it; no row: the weekday rule. AND the data days."""
    K = len(keys)
    level = np.full((K, L), -1, np.int8)
    on = np.zeros((K, L), bool)
    columns = {c: keys[c].to_numpy() for c in ("college", "branch", "class")}
    for start, end, kind, college, branch, klass in zip(calendar.start, calendar.end, calendar.type,
                                                        calendar.college, calendar.branch, calendar.klass):
        lo, hi = max(0, bit(start, base)), min(L - 1, bit(end, base))
        if lo > hi:
            continue
        applies = np.ones(K, bool)
        for col, value in (("college", college), ("branch", branch), ("class", klass)):
            if value:
                applies &= columns[col] == value
        row_level = 3 if klass else 2 if branch else 1 if college else 0
        is_on = kind in rc.CALENDAR_ON
        block_level, block_on = level[applies, lo:hi + 1], on[applies, lo:hi + 1]
        block_on = np.where(row_level > block_level, is_on,
                            np.where(row_level == block_level, block_on | is_on, block_on))
        level[applies, lo:hi + 1] = np.maximum(block_level, row_level)
        on[applies, lo:hi + 1] = block_on
    return np.where(level >= 0, on, weekday_on[None, :]) & data[None, :]


def last_true(b):
    """Index of each row's last True (-1 when none)."""
    return np.where(b.any(axis=1), b.shape[1] - 1 - np.argmax(b[:, ::-1], axis=1), -1)


def count_after(b, j):
    """True cells of each row of b after index j[row] (j = -1: the whole row)."""
    suffix = np.zeros((b.shape[0], b.shape[1] + 1), np.int32)
    suffix[:, :-1] = np.cumsum(b[:, ::-1], axis=1, dtype=np.int32)[:, ::-1]
    return np.take_along_axis(suffix, (j + 1)[:, None], axis=1)[:, 0]


def report(roster, calendar, leave, checkins, files, args):
    """The four tables as frames: daily, groups, members, gaps (SPEC 2, 3)."""
    members = pd.Index(roster.member_id)
    m_chk, d_chk, spans = checkins
    p = rc.period(args, min(s for s, _ in spans).astype(object) if spans else None,
                  max(e for _, e in spans).astype(object) if spans else None)
    L, W, w0, p0, n = p.length, p.w, p.bit(p.d0), p.bit(p.p0), len(roster)
    base, a = np.datetime64(p.base, "D"), np.datetime64(p.a, "D")

    data = np.zeros(L, bool)
    for s, e in spans:
        data[max(0, bit(s, base)):max(0, bit(e, base) + 1)] = True
    iso_weekday = ((base + np.arange(L)).astype(np.int64) + 3) % 7 + 1
    weekday_on = ~np.isin(iso_weekday, rc.off_weekdays(args.off_weekdays))
    keys = roster[["college", "branch", "class"]].drop_duplicates().reset_index(drop=True)
    key_of = pd.MultiIndex.from_frame(keys).get_indexer(pd.MultiIndex.from_frame(roster[["college", "branch", "class"]]))
    masks = key_masks(keys, calendar, L, base, data, weekday_on)

    # Expected (E), excused (X) and counted check-ins (C), member x day.
    ja = np.where(roster.joined.isna(), 0, (roster.joined.to_numpy(dtype="datetime64[D]") - base).astype(np.int64))
    jb = np.where(roster.left.isna(), L - 1, (roster.left.to_numpy(dtype="datetime64[D]") - base).astype(np.int64))
    counting = masks[key_of] & (np.arange(L) >= ja[:, None]) & (np.arange(L) <= jb[:, None])
    away = np.zeros((n, L), bool)
    on_leave_a = np.zeros(n, bool)
    for m, s, e in zip(members.get_indexer(leave.member_id), leave.start, leave.end):
        if m >= 0:
            away[m, max(0, bit(s, base)):max(0, bit(e, base) + 1)] = True
            on_leave_a[m] |= np.datetime64(s, "D") <= a <= np.datetime64(e, "D")
    E, X = counting & ~away, counting & away
    C = np.zeros((n, L), bool)
    j = (d_chk - base).astype(np.int64)
    inside = (j >= 0) & (j < L)
    C[m_chk[inside], j[inside]] = True
    C &= E

    # Member figures (SPEC 2.3): the last check-in and last miss, the runs they end,
    # and the longest streak in D, one pass per day of D over all members.
    lc, lm = last_true(C), last_true(E & ~C)
    current = np.where(lc > lm, count_after(E, lm), 0)
    missed = np.where(lm > lc, count_after(E, lc), 0)
    run, longest = np.zeros(n, np.int64), np.zeros(n, np.int64)
    for k in range(w0, L):
        run = np.where(C[:, k], run + 1, np.where(E[:, k], 0, run))
        np.maximum(longest, run, out=longest)

    # Shares and comments of expected member-days of D.
    S, M = np.zeros((n, W), np.int64), np.zeros((n, W), np.int64)
    for kind, m, d in load_engagement(files, members, p.d0, p.a):
        k = (d - base).astype(np.int64)
        keep = E[m, k]
        np.add.at(S if kind == "shares" else M, (m[keep], k[keep] - w0), 1)
    Ew, Cw, Xw = E[:, w0:], C[:, w0:], X[:, w0:]

    mstat = roster.assign(expected_days=Ew.sum(1), checkin_days=Cw.sum(1), excused_days=Xw.sum(1),
                          shares=S.sum(1), comments=M.sum(1), lc=lc, current_streak=current, longest_streak=longest,
                          missed_run=missed, prev_days=E[:, p0:w0].sum(1), prev_checks=C[:, p0:w0].sum(1))
    rn, rd = rc.min_rate(args.min_rate)
    never = lc < 0
    gap = ~never & (missed >= args.gap_days)
    low = mstat.checkin_days.to_numpy() * rd < rn * mstat.expected_days.to_numpy()
    listable = ((roster.joined.isna() | (roster.joined <= a)) & (roster.left.isna() | (roster.left >= a))).to_numpy()
    mstat["at_risk"] = listable & ~on_leave_a & (mstat.expected_days.to_numpy() > 0) & (never | gap | low)
    mstat["reasons"] = [";".join(r for r, f in zip(("never", "gap", "low_rate"), t) if f)
                        for t in zip(never, gap, low)]

    # Per class key and day of D (members sorted by key, summed in blocks) ...
    order = np.argsort(key_of, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(key_of[order]) != 0])
    per_key = pd.DataFrame({c: np.repeat(keys[c].to_numpy()[key_of[order][starts]], W)
                            for c in ("college", "branch", "class")})
    per_key["all"] = "all"
    per_key["day"] = np.tile(np.arange(w0, L), len(starts))
    reached = Ew & (Cw | (S > 0) | (M > 0))
    for name, v in (("expected", Ew), ("checked_in", Cw), ("excused", Xw), ("reached", reached),
                    ("sharers", S > 0), ("shares", S), ("commenters", M > 0), ("comments", M)):
        per_key[name] = np.add.reduceat(v[order].astype(np.int64), starts, axis=0).ravel()

    # ... then per scope: daily rows, and per group the members, gap list and previous window.
    mstat["all"] = "all"
    in_d = mstat[mstat.expected_days > 0]
    daily, extra = [], []
    for so, scope in enumerate(rc.SCOPES):
        keep = (lambda f: f[f.college != ""]) if scope == "college" else (lambda f: f)
        g = keep(per_key).groupby(["day", scope], sort=False).sum(numeric_only=True)
        daily.append(g.reset_index().rename(columns={scope: "grp"}).assign(so=so, scope=scope))
        extra.append(pd.concat([keep(in_d).groupby(scope).size().rename("members"),
                                keep(in_d).groupby(scope).at_risk.sum(),
                                keep(mstat).groupby(scope)[["prev_days", "prev_checks"]].sum()], axis=1)
                     .reset_index(names="grp").assign(so=so))
    daily = pd.concat(daily, ignore_index=True)
    groups = group_rows(daily, pd.concat(extra, ignore_index=True))
    daily = daily[daily.expected > 0].sort_values(["day", "so", "grp"], ignore_index=True)
    members_out = mstat[(mstat.expected_days > 0) | (mstat.excused_days > 0)].sort_values(
        ["college", "branch", "class", "member_id"])
    gaps = mstat[mstat.at_risk].assign(known=lambda f: f.lc >= 0).sort_values(
        ["class", "known", "missed_run", "member_id"], ascending=[True, True, False, True])
    return p, daily, groups, members_out, gaps


def group_rows(daily, extra):
    """groups.csv rows: window totals per group, worst day, previous window, rank."""
    d = daily[daily.expected > 0].copy()
    d["cov"] = d.checked_in / d.expected
    d["full"] = (d.checked_in == d.expected).astype(np.int64)
    worst = d.sort_values(["so", "grp", "cov", "day"]).drop_duplicates(["so", "grp"])[
        ["so", "grp", "day", "checked_in", "expected"]].rename(
        columns={"day": "worst_day", "checked_in": "worst_checked", "expected": "worst_expected"})
    sums = d.groupby(["so", "scope", "grp"], as_index=False).agg(
        member_days=("expected", "sum"), checkin_days=("checked_in", "sum"), reached_days=("reached", "sum"),
        full_days=("full", "sum"), shares=("shares", "sum"), comments=("comments", "sum"), days=("day", "size"))
    excused = daily.groupby(["so", "grp"], as_index=False).excused.sum().rename(columns={"excused": "excused_days"})
    g = sums.merge(worst, on=["so", "grp"]).merge(excused, on=["so", "grp"]).merge(extra, on=["so", "grp"], how="left")
    g["cov"] = g.checkin_days / g.member_days
    g["rank"] = g.groupby("so")["cov"].rank(method="min", ascending=False).astype(np.int64)
    return g.sort_values(["so", "rank", "grp"], ignore_index=True)


def write(out, bom, p, daily, groups, members, gaps):
    """The four CSVs, by reachcmp's Python formatting rules."""
    s, f4 = rc.safe, rc.fixed4
    base = np.datetime64(p.base, "D")
    iso = lambda i: str(base + int(i))
    last = lambda lc: "" if lc < 0 else iso(lc)
    since = lambda lc: "" if lc < 0 else p.length - 1 - lc
    rep = rc.Report(out, bom)
    rep.write("daily.csv", ([iso(r.day), r.scope, s(r.grp), r.expected, r.checked_in, f4(r.checked_in, r.expected),
                             r.reached, r.sharers, r.shares, r.commenters, r.comments, r.excused]
                            for r in daily.itertuples(index=False)))
    rep.write("groups.csv", ([r.scope, s(r.grp), int(r.members), r.member_days, r.checkin_days,
                              f4(r.checkin_days, r.member_days), r.reached_days, f4(r.reached_days, r.member_days),
                              r.full_days, iso(r.worst_day), f4(r.worst_checked, r.worst_expected), r.shares,
                              r.comments, int(r.at_risk), f4(int(r.prev_checks), int(r.prev_days)),
                              rc.delta4(r.checkin_days, r.member_days, int(r.prev_checks), int(r.prev_days)),
                              r.rank, r.days, r.excused_days]
                             for r in groups.itertuples(index=False)))
    columns = ["member_id", "name", "college", "branch", "class", "counsellor", "expected_days", "checkin_days",
               "shares", "comments", "lc", "current_streak", "longest_streak", "excused_days", "missed_run", "reasons"]
    rep.write("members.csv", ([s(i), s(nm), s(co), s(br), s(cl), s(cs), ed, cd, f4(cd, ed), sh, cm, last(lc), since(lc),
                               cur, lon, ex, mr]
                              for i, nm, co, br, cl, cs, ed, cd, sh, cm, lc, cur, lon, ex, mr, _ in
                              members[columns].itertuples(index=False)))
    rep.write("gaps.csv", ([s(co), s(br), s(cl), s(cs), s(i), s(nm), last(lc), since(lc), f4(cd, ed), s(rs), mr]
                           for i, nm, co, br, cl, cs, ed, cd, sh, cm, lc, cur, lon, ex, mr, rs in
                           gaps[columns].itertuples(index=False)))


def main():
    args = rc.options(__doc__.splitlines()[0]).parse_args()
    clock = rc.Clock(tool="pandas", mode="memory", window=args.window)
    files = rc.discover(args.inbox)
    roster, calendar, leave = load_small(files)
    checkins = load_checkins(files, pd.Index(roster.member_id))
    clock.lap("load")
    p, daily, groups, members, gaps = report(roster, calendar, leave, checkins, files, args)
    clock.lap("report")
    write(args.out, not args.no_bom, p, daily, groups, members, gaps)
    clock.lap("write")
    clock.done(as_of=p.a.isoformat(), days=p.w, events=len(checkins[0]), members=len(members), gaps=len(gaps))


if __name__ == "__main__":
    sys.exit(main())
