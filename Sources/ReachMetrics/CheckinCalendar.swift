import ReachModel

/// Which days are check-in days, for everyone and for each class (SPEC 2,
/// contract v2): the calendar rows that cover a day and apply to a member,
/// the most specific level present (class, else branch, else college, else
/// all), `on` winning over `off` within it; with no such row, every day but
/// the off weekdays.
///
/// Members of one (college, branch, class) share their check-in days, so
/// the days are worked out once per such "class key", as bit masks over
/// the days `base…base+days-1` (bit i = day base+i).
struct CheckinCalendar {
    let base: Day
    let days: Int
    let words: Int
    /// The check-in days by the weekday rule and the level-all rows (days.csv).
    let school: [UInt64]

    private let rows: [CalendarEntry]
    /// The check-in days by the weekday rule alone, where no row speaks.
    private let weekdays: [UInt64]

    init(rows: [CalendarEntry], offWeekdays: Set<Int>, base: Day, days: Int) {
        self.base = base
        self.days = days
        let words = max(1, (days + 63) / 64)
        self.words = words
        self.rows = rows
        var weekdays = [UInt64](repeating: 0, count: words)
        for i in 0..<days where !offWeekdays.contains(Self.isoWeekday(base + i)) {
            weekdays[i >> 6] |= UInt64(1) << UInt64(i & 63)
        }
        self.weekdays = weekdays
        school = Self.mask(rows: rows, weekdays: weekdays, base: base, days: days, college: nil, branch: nil, className: nil)
    }

    /// The check-in days of a member of this college, branch and class;
    /// `nil` values match only rows that leave the field empty (the school
    /// level of days.csv).
    func mask(college: String?, branch: String?, className: String?) -> [UInt64] {
        Self.mask(rows: rows, weekdays: weekdays, base: base, days: days, college: college, branch: branch,
                  className: className)
    }

    /// The weekday rule, overridden on the days that applicable rows cover.
    private static func mask(rows: [CalendarEntry], weekdays: [UInt64], base: Day, days: Int,
                             college: String?, branch: String?, className: String?) -> [UInt64] {
        // Level (0 all … 3 class) and `on` of the most specific rows so far, per covered day.
        var level: [Int8] = [], on: [Bool] = []
        var first = days, last = -1
        for row in rows {
            guard applies(row.college, college), applies(row.branch, branch),
                  applies(row.className, className) else { continue }
            let rowLevel: Int8 = !row.className.isEmpty ? 3 : !row.branch.isEmpty ? 2 : !row.college.isEmpty ? 1 : 0
            let lo = max(0, row.start - base), hi = min(days - 1, row.end - base)
            guard lo <= hi else { continue }
            if level.isEmpty {
                level = [Int8](repeating: -1, count: days)
                on = [Bool](repeating: false, count: days)
            }
            first = min(first, lo)
            last = max(last, hi)
            for i in lo...hi {
                if rowLevel > level[i] {
                    level[i] = rowLevel
                    on[i] = row.type == .on
                } else if rowLevel == level[i] && row.type == .on {
                    on[i] = true
                }
            }
        }
        var mask = weekdays
        guard first <= last else { return mask }
        for i in first...last where level[i] >= 0 {
            let bit = UInt64(1) << UInt64(i & 63)
            if on[i] { mask[i >> 6] |= bit } else { mask[i >> 6] &= ~bit }
        }
        return mask
    }

    /// The notes of the level-all rows covering `day`: distinct, by code
    /// point, joined with `; ` (days.csv).
    func schoolNote(_ day: Day) -> String {
        var notes: [String] = []
        for row in rows where row.college.isEmpty && row.branch.isEmpty && row.className.isEmpty
            && row.start <= day && day <= row.end && !row.note.isEmpty && !notes.contains(row.note) {
            notes.append(row.note)
        }
        return notes.sorted { $0.precedesByCodePoint($1) }.joined(separator: "; ")
    }

    /// A row's field applies when it is empty or equals the member's value.
    @inline(__always) private static func applies(_ field: String, _ value: String?) -> Bool {
        field.isEmpty || field == value
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
    static func isoWeekday(_ day: Day) -> Int {
        ((Int(day.index) % 7 + 7) % 7 + 3) % 7 + 1
    }
}
