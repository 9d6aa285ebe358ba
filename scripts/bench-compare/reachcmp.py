"""Shared parts of the benchmark comparators: finding and mapping input files,
command-line options, exact ratio formatting and CSV output.

The comparators recompute reach's window report (SPEC section 2) from the
CSV files of a clean `reach synth` inbox (UTF-8, comma-separated, header on
the first line, `YYYY-MM-DD HH:MM:SS` local times), so that reach's timings
can be compared with DuckDB's and pandas'. They do not handle the messy
inputs reach accepts (other encodings, title lines, mixed time formats).
"""
import argparse
import csv
import datetime as dt
import json
import os
import time
from fractions import Fraction

KIND_PREFIXES = {
    "members": ("members", "roster", "名单", "成员"),
    "checkins": ("checkins", "checkin", "打卡"),
    "shares": ("shares", "share", "转发"),
    "comments": ("comments", "comment", "评论"),
    "posts": ("posts", "推文", "文章"),
}
KIND_ORDER = ["members", "checkins", "shares", "comments", "posts"]

ALIASES = {
    "member_id": ["member_id", "学号", "工号", "账号", "用户id", "userid"],
    "name": ["name", "姓名"],
    "class": ["class", "班级"],
    "branch": ["branch", "支部", "党支部", "所在支部"],
    "college": ["college", "学院"],
    "counsellor": ["counsellor", "counselor", "辅导员"],
    "joined": ["joined", "active_from", "入学日期", "加入日期"],
    "left": ["left", "active_to", "离校日期", "退出日期"],
    "time": ["time", "timestamp", "时间", "打卡时间", "转发时间", "评论时间"],
    "content_id": ["content_id", "推文id", "文章id", "内容id"],
}
ROSTER_COLUMNS = ["member_id", "name", "college", "branch", "class", "counsellor", "joined", "left"]
EVENT_COLUMNS = ["member_id", "time", "content_id"]
SCOPES = ["all", "college", "branch", "class"]


def kind_of(name):
    lower = name.lower()
    for kind in KIND_ORDER:
        if lower.startswith(KIND_PREFIXES[kind]):
            return kind
    return None


def header_map(path, wanted):
    """Maps canonical column names to the file's own header names (None when absent)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f))
    trimmed = {h.strip(" \u3000").lower(): h for h in header}
    found = {}
    for column in wanted:
        found[column] = next((trimmed[a] for a in ALIASES[column] if a in trimmed), None)
    return found


def discover(inbox):
    """Input files by kind, in file-name (code point) order, with their column maps."""
    files = {k: [] for k in KIND_ORDER}
    for name in sorted(os.listdir(inbox)):
        kind = kind_of(name)
        path = os.path.join(inbox, name)
        if kind is None or not os.path.isfile(path):
            continue
        wanted = ROSTER_COLUMNS if kind == "members" else EVENT_COLUMNS if kind != "posts" else []
        files[kind].append((path, header_map(path, wanted) if wanted else {}))
    return files


def options(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--in", dest="inbox", required=True, help="folder of a clean `reach synth` inbox")
    p.add_argument("--out", required=True, help="folder for daily.csv, groups.csv, members.csv, gaps.csv")
    p.add_argument("--as-of", help="as-of day A (default: the last day with an event)")
    p.add_argument("--window", default="30", help="window length W in days, or N for all days up to A")
    p.add_argument("--gap-days", type=int, default=3)
    p.add_argument("--min-rate", default="0.6")
    p.add_argument("--no-bom", action="store_true", help="write the CSVs without a UTF-8 BOM")
    return p


def window_days(arg, first_day, as_of):
    """W: a number, or N for every day from the first event day to A."""
    if arg.upper() == "N":
        return (as_of - first_day).days + 1
    return int(arg)


def fixed4(n, d):
    """n/d rounded half up (towards +infinity) to 4 decimals; '' when d is 0."""
    if d == 0 or d is None or n is None:
        return ""
    q = (2 * n * 10000 + d) // (2 * d)
    sign = "-" if q < 0 else ""
    q = abs(q)
    return f"{sign}{q // 10000}.{q % 10000:04d}"


def delta4(a, b, c, d):
    """a/b - c/d, rounded once; '' when either denominator is 0."""
    if not b or not d:
        return ""
    return fixed4(a * d - c * b, b * d)


def min_rate(text):
    f = Fraction(text)
    return f.numerator, f.denominator


def iso(day):
    return "" if day is None else day.isoformat()


TEXT_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe(text):
    """CSV-injection guard for text columns (SPEC 3)."""
    text = "" if text is None else str(text)
    return "'" + text if text.startswith(TEXT_PREFIXES) else text


class Report:
    """Writes the four report CSVs the way reach does (BOM, LF, minimal quoting)."""

    COLUMNS = {
        "daily.csv": ["date", "scope", "group", "expected", "checked_in", "coverage", "reached", "sharers",
                      "shares", "commenters", "comments"],
        "groups.csv": ["scope", "group", "members", "member_days", "checkin_days", "coverage", "reached_days",
                       "reach_rate", "full_days", "worst_day", "worst_coverage", "shares", "comments", "at_risk",
                       "prev_coverage", "delta", "rank"],
        "members.csv": ["member_id", "name", "college", "branch", "class", "counsellor", "expected_days",
                        "checkin_days", "checkin_rate", "shares", "comments", "last_checkin", "days_since",
                        "current_streak", "longest_streak"],
        "gaps.csv": ["college", "branch", "class", "counsellor", "member_id", "name", "last_checkin", "days_since",
                     "checkin_rate", "reasons"],
    }

    def __init__(self, out, bom=True):
        os.makedirs(out, exist_ok=True)
        self.out = out
        self.bom = bom

    def write(self, name, rows):
        with open(os.path.join(self.out, name), "w", encoding="utf-8-sig" if self.bom else "utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(self.COLUMNS[name])
            w.writerows(rows)


class Clock:
    """Phase timings, printed as one JSON line at the end."""

    def __init__(self, **fields):
        self.fields = dict(fields)
        self.start = self.mark = time.perf_counter()

    def lap(self, phase):
        now = time.perf_counter()
        self.fields[phase + "_s"] = round(now - self.mark, 3)
        self.mark = now

    def done(self, **extra):
        self.fields.update(extra)
        self.fields["total_s"] = round(time.perf_counter() - self.start, 3)
        print(json.dumps(self.fields, ensure_ascii=False))


def parse_day(text):
    return dt.date.fromisoformat(text)
