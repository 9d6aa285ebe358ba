"""Shared parts of the benchmark comparators: finding and mapping input files,
command-line options, the report period, the output rules and writing.

The comparators (duckdb_report.py, chdb_report.py, pandas_report.py)
recompute reach's window report (SPEC section 2, contract v2: school
calendar, leave and data days) and write daily.csv, groups.csv, members.csv
and gaps.csv byte for byte as reach does (SPEC section 3), from the CSV files
of a clean `reach synth` inbox, so that reach's timings can be compared with
theirs. Clean means: UTF-8, comma-separated, fields not padded with spaces,
event times written `YYYY-MM-DD HH:MM:SS` (local time), dates `YYYY-MM-DD`
(leave start and end may carry a time after the date). The header may sit
below title lines (leave exports have one): it is found as reach finds it
(the first of the first 10 non-blank lines holding every required column),
and each engine's own CSV reader starts there. The comparators do not handle
the messy inputs reach accepts (other encodings, mixed time formats, bad
rows other than unapproved leave and unknown calendar types).

What every comparator computes, in SPEC 2's words, with the days as bits:
a member m is *expected* on day d when active (joined <= d <= left), d is
a data day (inside the first..last day of some checkins file), d is a
check-in day for m's class (calendar rows covering d that apply to m, the
most specific level present, `on` winning within it; no row: every day, or
all but --off-weekdays) and m is not on approved leave on d; *excused* is
the same but on leave. Only check-ins, shares and comments of expected
members on that day count.
"""
import argparse
import csv
import datetime as dt
import json
import os
import time
from dataclasses import dataclass, field
from fractions import Fraction

# ---------------------------------------------------------------------------
# Input files (SPEC 1.1, 1.2, 1.3)

KIND_PREFIXES = {
    "members": ("members", "roster", "名单", "成员"),
    "checkins": ("checkins", "checkin", "打卡"),
    "shares": ("shares", "share", "转发"),
    "comments": ("comments", "comment", "评论"),
    "posts": ("posts", "推文", "文章"),
    "calendar": ("calendar", "校历", "日历"),
    "leave": ("leave", "请假", "假条"),
    "groups": ("groups", "registry", "备案", "群备案", "群组"),
}
KIND_ORDER = list(KIND_PREFIXES)
EVENT_KINDS = ("checkins", "shares", "comments")

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
# Calendar and leave name some columns like others but with other aliases.
KIND_ALIASES = {
    "calendar": {
        "start": ["start", "date", "from", "日期", "开始日期"],
        "end": ["end", "to", "结束日期"],
        "type": ["type", "类型"],
        "college": ["college", "学院"],
        "branch": ["branch", "支部", "党支部"],
        "class": ["class", "班级"],
    },
    "leave": {
        "member_id": ALIASES["member_id"],
        "start": ["start", "from", "开始日期", "开始时间", "日期"],
        "end": ["end", "to", "结束日期", "结束时间"],
        "status": ["status", "状态", "审批状态", "审批结果"],
    },
}
REQUIRED = {
    "members": ["member_id", "name", "class", "branch"],
    "checkins": ["member_id", "time"],
    "shares": ["member_id", "time"],
    "comments": ["member_id", "time"],
    "calendar": ["start", "type"],
    "leave": ["member_id", "start"],
}
OPTIONAL = {
    "members": ["college", "counsellor", "joined", "left"],
    "checkins": ["content_id"],
    "shares": ["content_id"],
    "comments": ["content_id"],
    "calendar": ["end", "college", "branch", "class"],
    "leave": ["end", "status"],
}

# Calendar types (case-insensitive) and the leave statuses that count (SPEC 1.3, 1.6).
CALENDAR_ON = ("on", "上课", "补班", "workday")
CALENDAR_OFF = ("off", "休息", "放假", "假期", "停课", "holiday")
LEAVE_APPROVED = ("approved", "通过", "已通过", "同意", "已同意")

TRIMMED = " \u3000"  # SPEC 1.2: values and header names are trimmed of these


def kind_of(name):
    lower = name.lower()
    for kind in KIND_ORDER:
        if lower.startswith(KIND_PREFIXES[kind]):
            return kind
    return None


@dataclass
class InputFile:
    """One input file: where its header is and which column holds what.

    `skip` is the number of physical lines above the header line (title
    lines, blank lines); `header` the header's fields as written; `columns`
    maps canonical column names to 0-based field positions.
    """
    path: str
    kind: str
    skip: int
    header: list
    columns: dict = field(default_factory=dict)

    @property
    def width(self):
        return len(self.header)

    def name(self, column):
        """The file's own header name of a canonical column."""
        return self.header[self.columns[column]]

    def has(self, column):
        return column in self.columns

    def at(self, column):
        return self.columns[column]


def aliases(kind):
    return KIND_ALIASES.get(kind, ALIASES)


def find_header(path, kind):
    """The file's header as reach finds it (SPEC 1.2): the first of the first
    10 non-blank lines that names every required column of its kind.
    Returns an InputFile, or None when there is no such line."""
    wanted = REQUIRED[kind] + OPTIONAL[kind]
    names = aliases(kind)
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    text = head.decode("utf-8-sig", errors="replace")
    non_blank = 0
    for number, line in enumerate(text.split("\n")):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        non_blank += 1
        if non_blank > 10:
            break
        header = next(csv.reader([line]))
        fields = [h.strip(TRIMMED).lower() for h in header]
        found = {}
        for column in wanted:
            at = next((fields.index(a) for a in names[column] if a in fields), None)
            if at is not None:
                found[column] = at
        if all(c in found for c in REQUIRED[kind]):
            return InputFile(path, kind, number, header, found)
    return None


def discover(inbox):
    """Input files by kind, in file-name (code point) order, with their headers.
    Kinds the report does not read (posts, groups) are left out."""
    files = {k: [] for k in REQUIRED}
    for name in sorted(os.listdir(inbox)):
        kind = kind_of(name)
        path = os.path.join(inbox, name)
        if kind not in REQUIRED or not os.path.isfile(path):
            continue
        found = find_header(path, kind)
        if found is not None:
            files[kind].append(found)
    return files


def layouts(files):
    """Files grouped by identical layout (header width, lines above the header,
    column positions), in file order: each group can be one multi-file read."""
    groups = {}
    for f in files:
        groups.setdefault((f.width, f.skip, tuple(sorted(f.columns.items()))), []).append(f)
    return list(groups.values())


def first_row_day(f):
    """The day of the first data row of an event file (its first 10
    characters of time), or None: a cheap guess of where the file's days
    begin, which the engines check against the real minimum."""
    with open(f.path, encoding="utf-8-sig", errors="replace") as handle:
        for number, line in enumerate(handle):
            if number <= f.skip or not line.strip():
                continue
            fields = next(csv.reader([line]))
            try:
                return dt.date.fromisoformat(fields[f.at("time")][:10])
            except (IndexError, ValueError):
                return None
    return None


# ---------------------------------------------------------------------------
# Options and the report period (SPEC 2)

WEEKDAYS = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}


def options(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--in", dest="inbox", required=True, help="folder of a clean `reach synth` inbox")
    p.add_argument("--out", required=True, help="folder for daily.csv, groups.csv, members.csv, gaps.csv")
    p.add_argument("--as-of", help="as-of day A (default: the last day of any checkins file)")
    p.add_argument("--window", default="30", help="window length W in days, or N for all days up to A")
    p.add_argument("--gap-days", type=int, default=3)
    p.add_argument("--min-rate", default="0.6")
    p.add_argument("--off-weekdays", default="", help="weekdays without check-in, e.g. sat,sun (default: none)")
    p.add_argument("--no-bom", action="store_true", help="write the CSVs without a UTF-8 BOM")
    return p


def off_weekdays(text):
    """ISO weekday numbers (1 = Monday) of --off-weekdays."""
    days = set()
    for word in filter(None, (w.strip().lower() for w in text.split(","))):
        days.add(int(word) if word.isdigit() else WEEKDAYS[word[:3]])
    return sorted(days)


@dataclass
class Period:
    """As-of day A, window W and the days of SPEC 2: D = [d0, a], the
    previous window [p0, p1]; `base` is the first day the day bits cover,
    min(first data day, p0), so that streaks and runs of misses can look
    at all history."""
    a: dt.date
    w: int
    base: dt.date

    @property
    def d0(self):
        return self.a - dt.timedelta(days=self.w - 1)

    @property
    def p0(self):
        return self.a - dt.timedelta(days=2 * self.w - 1)

    @property
    def p1(self):
        return self.a - dt.timedelta(days=self.w)

    @property
    def length(self):
        """Days (bits) from base to A."""
        return (self.a - self.base).days + 1

    def bit(self, day):
        """0-based bit of a day."""
        return (day - self.base).days


def period(args, first_data_day, last_data_day):
    """The Period of the options; first/last data day from the checkins files."""
    a = dt.date.fromisoformat(args.as_of) if args.as_of else last_data_day
    if args.window.upper() == "N":
        w = (a - first_data_day).days + 1 if first_data_day else 1
    else:
        w = int(args.window)
    p0 = a - dt.timedelta(days=2 * w - 1)
    base = min(first_data_day, p0) if first_data_day else p0
    return Period(a, w, base)


def min_rate(text):
    """R as an exact fraction (numerator, denominator): low_rate compares
    checkin_days * den < num * expected_days (SPEC 6.9)."""
    f = Fraction(text)
    return f.numerator, f.denominator


# ---------------------------------------------------------------------------
# Output (SPEC 3)
#
# The engines format each CSV line themselves (SQL), by these rules; the
# Python functions below are the reference and what pandas uses:
# - ratios n/d with exactly 4 decimals, rounded half up from the exact
#   fraction, '' when d = 0; delta = a/b - c/d rounded once; zero is 0.0000;
# - dates YYYY-MM-DD, empty values empty;
# - text fields (ids, names, groups, scope, reasons) that start with one of
#   TEXT_PREFIXES get a leading "'" (CSV injection), then RFC 4180 quoting
#   when they hold one of QUOTED;
# - rows in SPEC 3's orders, strings by code point (byte order of UTF-8).

TEXT_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
QUOTED = (",", '"', "\r", "\n")
SCOPES = ["all", "college", "branch", "class"]


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


def iso(day):
    return "" if day is None else day.isoformat()


def safe(text):
    """CSV-injection guard for text columns (SPEC 3)."""
    text = "" if text is None else str(text)
    return "'" + text if text.startswith(TEXT_PREFIXES) else text


class Report:
    """Writes the four report CSVs the way reach does (BOM, LF, minimal quoting)."""

    COLUMNS = {
        "daily.csv": ["date", "scope", "group", "expected", "checked_in", "coverage", "reached", "sharers",
                      "shares", "commenters", "comments", "excused"],
        "groups.csv": ["scope", "group", "members", "member_days", "checkin_days", "coverage", "reached_days",
                       "reach_rate", "full_days", "worst_day", "worst_coverage", "shares", "comments", "at_risk",
                       "prev_coverage", "delta", "rank", "days", "excused_days"],
        "members.csv": ["member_id", "name", "college", "branch", "class", "counsellor", "expected_days",
                        "checkin_days", "checkin_rate", "shares", "comments", "last_checkin", "days_since",
                        "current_streak", "longest_streak", "excused_days", "missed_run"],
        "gaps.csv": ["college", "branch", "class", "counsellor", "member_id", "name", "last_checkin", "days_since",
                     "checkin_rate", "reasons", "missed_run"],
    }

    def __init__(self, out, bom=True):
        os.makedirs(out, exist_ok=True)
        self.out = out
        self.bom = bom

    def _open(self, name):
        return open(os.path.join(self.out, name), "w", encoding="utf-8-sig" if self.bom else "utf-8", newline="")

    def write(self, name, rows):
        """Rows of Python values, quoted by the csv module."""
        with self._open(name) as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(self.COLUMNS[name])
            w.writerows(rows)

    def write_text(self, name, body):
        """Lines already formatted by an engine, joined by LF (no final LF)."""
        with self._open(name) as f:
            f.write(",".join(self.COLUMNS[name]) + "\n")
            if body:
                f.write(body)
                f.write("\n")


def finish(args, clock, texts, period, events, members, gaps):
    """Writes an engine's formatted report texts, times the writing and
    prints the phase line: the common end of the SQL comparators."""
    out = Report(args.out, not args.no_bom)
    for name, text in texts.items():
        out.write_text(name, text)
    clock.lap("write")
    clock.done(as_of=period.a.isoformat(), days=period.w, events=events, members=members, gaps=gaps)


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


def sql_text(text, backslash=False):
    """A SQL string literal; `backslash`: the dialect reads backslash escapes (ClickHouse)."""
    if backslash:
        text = text.replace("\\", "\\\\")
    return "'" + text.replace("'", "''") + "'"


def sql_list(values, backslash=False):
    return "(" + ", ".join(sql_text(v, backslash) for v in values) + ")"


def sql_day(day):
    return f"DATE '{day.isoformat()}'"
