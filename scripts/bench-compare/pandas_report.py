#!/usr/bin/env python3
"""reach's window report (daily, groups, members, gaps) computed with pandas.

Reads the CSVs of a clean inbox, deduplicates events by (kind, member,
second, content), and computes the tables with merges and group-bys.
Prints one JSON line of phase timings. See reachcmp.py for the input limits.
"""
import sys

import numpy as np
import pandas as pd

import reachcmp as rc

EPOCH = np.datetime64("1970-01-01", "D")


def day_number(day):
    return int((np.datetime64(day.isoformat(), "D") - EPOCH).astype(np.int64))


def from_number(n):
    return None if n is None or pd.isna(n) else (EPOCH + np.timedelta64(int(n), "D")).astype(object)


def load(inbox):
    files = rc.discover(inbox)
    rosters = []
    for path, cols in files["members"]:
        present = {v: k for k, v in cols.items() if v}
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, usecols=list(present), encoding="utf-8-sig")
        frame = frame.rename(columns=present)
        for c in rc.ROSTER_COLUMNS:
            if c not in frame:
                frame[c] = ""
        rosters.append(frame[rc.ROSTER_COLUMNS])
    roster = pd.concat(rosters, ignore_index=True).drop_duplicates("member_id", keep="last").reset_index(drop=True)
    for c in ("joined", "left"):
        parsed = pd.to_datetime(roster[c].where(roster[c] != ""), format="%Y-%m-%d")
        roster[c + "_n"] = (parsed.values.astype("datetime64[D]").astype(np.int64))
        roster.loc[parsed.isna(), c + "_n"] = np.iinfo(np.int64).min if c == "joined" else np.iinfo(np.int64).max
    parts = []
    for kind in ("checkins", "shares", "comments"):
        for path, cols in files[kind]:
            present = {v: k for k, v in cols.items() if v}
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, usecols=list(present), encoding="utf-8-sig")
            frame = frame.rename(columns=present)
            if "content_id" not in frame:
                frame["content_id"] = ""
            frame["kind"] = kind
            parts.append(frame[["kind", "member_id", "time", "content_id"]])
    events = pd.concat(parts, ignore_index=True)
    events["ts"] = pd.to_datetime(events["time"], format="%Y-%m-%d %H:%M:%S")
    events = events.drop(columns="time").drop_duplicates(["kind", "member_id", "ts", "content_id"], ignore_index=True)
    events["day"] = events["ts"].values.astype("datetime64[D]").astype(np.int64)
    return roster, events


def report(roster, events, args):
    first, last = int(events["day"].min()), int(events["day"].max())
    a_day = rc.parse_day(args.as_of) if args.as_of else from_number(last)
    A = day_number(a_day)
    W = rc.window_days(args.window, from_number(first), a_day)
    D0, P0, P1 = A - W + 1, A - 2 * W + 1, A - W
    rn, rd = rc.min_rate(args.min_rate)

    # Counted events: roster members, expected on the event's day, not after A.
    ev = events[["kind", "member_id", "day"]].merge(roster[["member_id", "joined_n", "left_n"]], on="member_id")
    ev = ev[(ev["day"] <= A) & (ev["joined_n"] <= ev["day"]) & (ev["day"] <= ev["left_n"])]
    win = ev[ev["day"] >= D0]
    act = pd.DataFrame({
        "member_id": win["member_id"], "day": win["day"],
        "checked": (win["kind"] == "checkins").astype(np.int64),
        "shares": (win["kind"] == "shares").astype(np.int64),
        "comments": (win["kind"] == "comments").astype(np.int64),
    }).groupby(["member_id", "day"], as_index=False).agg(checked=("checked", "max"), shares=("shares", "sum"),
                                                        comments=("comments", "sum"))
    act["reached"] = 1

    # Expected member-days of the window with their activity.
    days = pd.DataFrame({"day": np.arange(D0, A + 1, dtype=np.int64)})
    md = roster[["member_id", "college", "branch", "class", "joined_n", "left_n"]].merge(days, how="cross")
    md = md[(md["joined_n"] <= md["day"]) & (md["day"] <= md["left_n"])]
    md = md.merge(act, on=["member_id", "day"], how="left")
    for c in ("checked", "shares", "comments", "reached"):
        md[c] = md[c].fillna(0).astype(np.int64)
    md["sharer"] = (md["shares"] > 0).astype(np.int64)
    md["commenter"] = (md["comments"] > 0).astype(np.int64)
    md["all"] = "all"

    scopes = [(0, "all", "all"), (1, "college", "college"), (2, "branch", "branch"), (3, "class", "class")]
    daily_parts = []
    for so, scope, column in scopes:
        frame = md if column != "college" else md[md["college"] != ""]
        g = frame.groupby(["day", column], as_index=False).agg(
            expected=("member_id", "size"), checked_in=("checked", "sum"), reached=("reached", "sum"),
            sharers=("sharer", "sum"), shares=("shares", "sum"), commenters=("commenter", "sum"),
            comments=("comments", "sum")).rename(columns={column: "grp"})
        g["so"], g["scope"] = so, scope
        daily_parts.append(g)
    daily = pd.concat(daily_parts, ignore_index=True).sort_values(["day", "so", "grp"], ignore_index=True)

    # Members: window stats, last check-in and streaks over all history.
    mstat = md.groupby("member_id", as_index=False).agg(
        expected_days=("day", "size"), checkin_days=("checked", "sum"), shares=("shares", "sum"),
        comments=("comments", "sum"))
    cdays = ev.loc[ev["kind"] == "checkins", ["member_id", "day"]].drop_duplicates().sort_values(["member_id", "day"])
    last = cdays.groupby("member_id", as_index=False)["day"].max().rename(columns={"day": "last_checkin"})
    cdays["island"] = cdays["day"] - cdays.groupby("member_id").cumcount()
    runs = cdays.groupby(["member_id", "island"], as_index=False).agg(n=("day", "size"), end=("day", "max"))
    current = runs.loc[runs["end"] == A, ["member_id", "n"]].rename(columns={"n": "current_streak"})
    inwin = cdays[cdays["day"] >= D0].copy()
    inwin["island"] = inwin["day"] - inwin.groupby("member_id").cumcount()
    longest = (inwin.groupby(["member_id", "island"]).size().groupby("member_id").max()
               .rename("longest_streak").reset_index())
    mstat = mstat.merge(last, on="member_id", how="left").merge(current, on="member_id", how="left")
    mstat = mstat.merge(longest, on="member_id", how="left")
    mstat["days_since"] = A - mstat["last_checkin"]
    for c in ("current_streak", "longest_streak"):
        mstat[c] = mstat[c].fillna(0).astype(np.int64)
    mstat = mstat.merge(roster, on="member_id")

    # Gap list: expected on A and never / gap / low_rate.
    on_a = mstat[(mstat["joined_n"] <= A) & (A <= mstat["left_n"])].copy()
    never = on_a["last_checkin"].isna()
    gap = on_a["days_since"] >= args.gap_days
    low = on_a["checkin_days"] * rd < rn * on_a["expected_days"]
    on_a["reasons"] = (np.where(never, "never", "") + np.where(gap, ";gap", "") + np.where(low, ";low_rate", ""))
    on_a["reasons"] = on_a["reasons"].str.lstrip(";")
    gaps = on_a[never | gap | low].copy()
    gaps["known"] = gaps["last_checkin"].notna()
    gaps = gaps.sort_values(["class", "known", "days_since", "member_id"], ascending=[True, True, False, True],
                            na_position="first")

    # Groups over the window, the previous window and ranks.
    mstat["prev_days"] = (np.minimum(mstat["left_n"], P1) - np.maximum(mstat["joined_n"], P0) + 1).clip(lower=0)
    prev_checks = (cdays[(cdays["day"] >= P0) & (cdays["day"] <= P1)].groupby("member_id").size()
                   .rename("prev_checks").reset_index())
    roster_prev = roster.copy()
    roster_prev["prev_days"] = (np.minimum(roster_prev["left_n"], P1) - np.maximum(roster_prev["joined_n"], P0) + 1).clip(lower=0)
    roster_prev = roster_prev.merge(prev_checks, on="member_id", how="left")
    roster_prev["prev_checks"] = roster_prev["prev_checks"].fillna(0).astype(np.int64)
    roster_prev["all"] = "all"
    mstat["all"] = "all"
    gaps["all"] = "all"
    daily["cov"] = daily["checked_in"] / daily["expected"]
    daily["full"] = (daily["checked_in"] == daily["expected"]).astype(np.int64)
    worst = daily.sort_values(["so", "grp", "cov", "day"]).drop_duplicates(["so", "grp"])
    worst = worst[["so", "grp", "day", "checked_in", "expected"]].rename(
        columns={"day": "worst_day", "checked_in": "worst_checked", "expected": "worst_expected"})
    groups = daily.groupby(["so", "scope", "grp"], as_index=False).agg(
        member_days=("expected", "sum"), checkin_days=("checked_in", "sum"), reached_days=("reached", "sum"),
        full_days=("full", "sum"), shares=("shares", "sum"), comments=("comments", "sum"))
    extra = []
    for so, scope, column in scopes:
        keep = (lambda f: f[f["college"] != ""]) if column == "college" else (lambda f: f)
        members_n = keep(mstat).groupby(column).size().rename("members")
        risk = keep(gaps).groupby(column).size().rename("at_risk")
        prev = keep(roster_prev).groupby(column).agg(prev_days=("prev_days", "sum"), prev_checks=("prev_checks", "sum"))
        e = pd.concat([members_n, risk, prev], axis=1).reset_index(names="grp")
        e["so"] = so
        extra.append(e)
    groups = groups.merge(pd.concat(extra, ignore_index=True), on=["so", "grp"], how="left")
    groups = groups.merge(worst, on=["so", "grp"])
    groups["at_risk"] = groups["at_risk"].fillna(0).astype(np.int64)
    groups["cov"] = groups["checkin_days"] / groups["member_days"]
    groups["rank"] = groups.groupby("so")["cov"].rank(method="min", ascending=False).astype(np.int64)
    groups = groups.sort_values(["so", "rank", "grp"], ignore_index=True)
    members = mstat.sort_values(["college", "branch", "class", "member_id"], ignore_index=True)
    return a_day, W, daily, groups, members, gaps


def write(out, bom, daily, groups, members, gaps):
    s, f4 = rc.safe, rc.fixed4
    iso = lambda n: "" if pd.isna(n) else from_number(n).isoformat()
    num = lambda v: "" if pd.isna(v) else int(v)
    rep = rc.Report(out, bom)
    rep.write("daily.csv", ([iso(r.day), s(r.scope), s(r.grp), r.expected, r.checked_in, f4(r.checked_in, r.expected),
                             r.reached, r.sharers, r.shares, r.commenters, r.comments]
                            for r in daily.itertuples(index=False)))
    rep.write("groups.csv", ([s(r.scope), s(r.grp), int(r.members), r.member_days, r.checkin_days,
                              f4(r.checkin_days, r.member_days), r.reached_days, f4(r.reached_days, r.member_days),
                              r.full_days, iso(r.worst_day), f4(r.worst_checked, r.worst_expected), r.shares,
                              r.comments, r.at_risk,
                              f4(int(r.prev_checks), int(r.prev_days)) if r.prev_days else "",
                              rc.delta4(r.checkin_days, r.member_days, int(r.prev_checks), int(r.prev_days))
                              if r.prev_days else "", r.rank]
                             for r in groups.itertuples(index=False)))
    members = members.rename(columns={"class": "cls"})
    gaps = gaps.rename(columns={"class": "cls"})
    rep.write("members.csv", ([s(r.member_id), s(r.name), s(r.college), s(r.branch), s(r.cls),
                               s(r.counsellor), r.expected_days, r.checkin_days, f4(r.checkin_days, r.expected_days),
                               r.shares, r.comments, iso(r.last_checkin), num(r.days_since), r.current_streak,
                               r.longest_streak]
                              for r in members.itertuples(index=False)))
    rep.write("gaps.csv", ([s(r.college), s(r.branch), s(r.cls), s(r.counsellor), s(r.member_id),
                            s(r.name), iso(r.last_checkin), num(r.days_since), f4(r.checkin_days, r.expected_days),
                            s(r.reasons)]
                           for r in gaps.itertuples(index=False)))


def main():
    args = rc.options(__doc__.splitlines()[0]).parse_args()
    clock = rc.Clock(tool="pandas", mode="memory", window=args.window)
    roster, events = load(args.inbox)
    clock.lap("load")
    a, w, daily, groups, members, gaps = report(roster, events, args)
    clock.lap("report")
    write(args.out, not args.no_bom, daily, groups, members, gaps)
    clock.lap("write")
    clock.done(as_of=a.isoformat(), days=w, events=len(events), members=len(members), gaps=len(gaps))


if __name__ == "__main__":
    sys.exit(main())
