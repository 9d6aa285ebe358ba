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
    private let offWeekdays: Set<Int>

    init(rows: [CalendarEntry], offWeekdays: Set<Int>, base: Day, days: Int) {
        self.base = base
        self.days = days
        words = max(1, (days + 63) / 64)
        self.rows = rows
        self.offWeekdays = offWeekdays
        school = Self.mask(rows: rows, offWeekdays: offWeekdays, base: base, days: days, words: words,
                           college: nil, branch: nil, className: nil)
    }

    /// The check-in days of a member of this college, branch and class;
    /// `nil` values match only rows that leave the field empty (the school
    /// level of days.csv).
    func mask(college: String?, branch: String?, className: String?) -> [UInt64] {
        Self.mask(rows: rows, offWeekdays: offWeekdays, base: base, days: days, words: words,
                  college: college, branch: branch, className: className)
    }

    private static func mask(rows: [CalendarEntry], offWeekdays: Set<Int>, base: Day, days: Int, words: Int,
                             college: String?, branch: String?, className: String?) -> [UInt64] {
        // Level (0 all … 3 class) and `on` of the most specific rows so far, per day.
        var level = [Int8](repeating: -1, count: days)
        var on = [Bool](repeating: false, count: days)
        for row in rows {
            guard applies(row.college, college), applies(row.branch, branch),
                  applies(row.className, className) else { continue }
            let rowLevel: Int8 = !row.className.isEmpty ? 3 : !row.branch.isEmpty ? 2 : !row.college.isEmpty ? 1 : 0
            let lo = max(0, row.start - base), hi = min(days - 1, row.end - base)
            guard lo <= hi else { continue }
            for i in lo...hi {
                if rowLevel > level[i] {
                    level[i] = rowLevel
                    on[i] = row.type == .on
                } else if rowLevel == level[i] && row.type == .on {
                    on[i] = true
                }
            }
        }
        var mask = [UInt64](repeating: 0, count: words)
        for i in 0..<days {
            let isCheckinDay = level[i] >= 0 ? on[i] : !offWeekdays.contains(isoWeekday(base + i))
            if isCheckinDay { mask[i >> 6] |= UInt64(1) << UInt64(i & 63) }
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
        return notes.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.joined(separator: "; ")
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
