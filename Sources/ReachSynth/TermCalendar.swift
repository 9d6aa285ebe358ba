import ReachModel

/// One row of the school calendar (校历, SPEC 1.3 calendar): a range of days
/// off or of check-in days, for everyone or for one college, branch or class.
struct CalendarRow {
    /// Whom a row applies to, from least to most specific.
    enum Scope: Hashable {
        case all, college(Int), branch(Int), schoolClass(Int)

        /// SPEC 2: of the rows covering a day, those of the highest level count.
        var level: Int {
            switch self {
            case .all: return 0
            case .college: return 1
            case .branch: return 2
            case .schoolClass: return 3
            }
        }
    }

    var first: Day
    var last: Day
    var off: Bool
    /// What the 类型 column says: 放假, 停课, 休息 (off) or 补班, 上课 (on).
    var word: String
    var scope: Scope
    /// What the days are (说明): 国庆节, 专业实习…
    var note: String

    func covers(_ day: Day) -> Bool { first <= day && day <= last }

    func overlaps(_ range: ClosedRange<Day>) -> Bool { first <= range.upperBound && range.lowerBound <= last }

    func applies(toClass c: Int, in campus: Campus) -> Bool {
        switch scope {
        case .all: return true
        case .college(let k): return campus.classes[c].college == k
        case .branch(let b): return campus.classes[c].branch == b
        case .schoolClass(let k): return k == c
        }
    }

    /// What a reader identifies the row by (SPEC 1.5; the scope stands for
    /// the college, branch and class texts): a repeat is a duplicate.
    struct Identity: Hashable { var first, last: Day; var off: Bool; var scope: Scope }
    var identity: Identity { Identity(first: first, last: last, off: off, scope: scope) }
}

/// The school calendar of a generated inbox: the rows of its 校历 export, and
/// which classes have a day off on a given day (so fewer of them check in).
///
/// Rows lie in or near the generated days (two weeks either side): the
/// vacations, the public holidays with their make-up days, a holiday-like
/// range of the school's own when the days hold no all-level day off or no
/// all-level make-up day (so every inbox exercises both rules), and rows of
/// single colleges, branches and classes — internship weeks, sports days, a
/// branch's day of social practice, weekend lessons — whose number grows
/// with the campus (3 for the sample's 300 members, 15 for 50,000).
struct TermCalendar {
    /// Valid rows, in the order the export lists them (by first day).
    let rows: [CalendarRow]

    /// How far outside the generated days a row may lie.
    static let margin = 14

    init(config: SynthConfig, campus: Campus) {
        var rng = Random(seed: config.seed, purpose: .calendar)
        let window = config.firstDay...config.end
        let near = (config.firstDay - TermCalendar.margin)...(config.end + TermCalendar.margin)
        var rows = TermCalendar.vacations(near: near) + TermCalendar.publicHolidays(near: near)
        let hasOff = rows.contains { $0.scope == .all && $0.off && $0.overlaps(window) }
        let hasMakeUp = rows.contains { $0.scope == .all && !$0.off && $0.overlaps(window) }
        if !hasOff || !hasMakeUp { rows += TermCalendar.schoolHoliday(&rng, window: window, taken: rows) }
        rows += TermCalendar.localRows(&rng, campus: campus, window: window, taken: rows)
        self.rows = rows.enumerated().sorted { a, b in
            (a.element.first, a.element.scope.level, a.element.last, a.offset)
                < (b.element.first, b.element.scope.level, b.element.last, b.offset)
        }.map(\.element)
    }

    /// Per class, whether `day` is off for its members; nil when no row covers the day.
    func offClasses(on day: Day, in campus: Campus) -> [Bool]? {
        let covering = rows.filter { $0.covers(day) }
        if covering.isEmpty { return nil }
        return campus.classes.indices.map { TermCalendar.isOff(covering, classIndex: $0, in: campus) }
    }

    func isOff(_ day: Day, classIndex: Int, in campus: Campus) -> Bool {
        TermCalendar.isOff(rows.filter { $0.covers(day) }, classIndex: classIndex, in: campus)
    }

    /// SPEC 2 "check-in day": of the covering rows that apply to the class,
    /// those of the most specific level count, and `on` wins among them.
    private static func isOff(_ covering: [CalendarRow], classIndex c: Int, in campus: Campus) -> Bool {
        var level = -1, off = false
        for row in covering where row.applies(toClass: c, in: campus) {
            if row.scope.level > level {
                (level, off) = (row.scope.level, row.off)
            } else if row.scope.level == level && !row.off {
                off = false
            }
        }
        return off
    }

    /// Winter and summer vacations (寒假, 暑假) near the window.
    private static func vacations(near: ClosedRange<Day>) -> [CalendarRow] {
        var rows: [CalendarRow] = []
        for year in near.lowerBound.civil.year...near.upperBound.civil.year {
            for v in SchoolCalendar.vacations {
                let row = CalendarRow(first: Day(year: year, month: v.first.month, day: v.first.day)!,
                                      last: Day(year: year, month: v.last.month, day: v.last.day)!,
                                      off: true, word: "放假", scope: .all, note: v.name)
                if row.overlaps(near) { rows.append(row) }
            }
        }
        return rows
    }

    /// Public holidays near the window, with their make-up days; a holiday
    /// that falls inside a vacation (the Spring Festival) leaves no trace.
    private static func publicHolidays(near: ClosedRange<Day>) -> [CalendarRow] {
        var rows: [CalendarRow] = []
        for h in PublicHolidays.all where h.span.first <= near.upperBound && near.lowerBound <= h.span.last {
            if SchoolCalendar.isVacation(h.first) && SchoolCalendar.isVacation(h.last) { continue }
            rows.append(CalendarRow(first: h.first, last: h.last, off: true, word: "放假", scope: .all, note: h.name))
            for day in h.makeUpDays where !SchoolCalendar.isVacation(day) {
                rows.append(CalendarRow(first: day, last: day, off: false, word: "补班", scope: .all,
                                        note: h.name + "调休补班"))
            }
        }
        return rows
    }

    /// The school's own holiday (校庆日, Monday to Wednesday) and its make-up
    /// day (the Sunday before), inside the window and clear of the other
    /// rows; a window too short for that gets what fits.
    private static func schoolHoliday(_ rng: inout Random, window: ClosedRange<Day>, taken: [CalendarRow]) -> [CalendarRow] {
        let free = { (day: Day) in !taken.contains { $0.scope == .all && $0.covers(day) } }
        let mondays = days(window).filter { d in
            SchoolCalendar.weekday(d) == 0 && window.contains(d - 1) && window.contains(d + 2)
                && (-1...2).allSatisfy { free(d + $0) }
        }
        var makeUp: Day?, off: (first: Day, last: Day)?
        if !mondays.isEmpty {
            let monday = rng.pick(mondays)
            (makeUp, off) = (monday - 1, (monday, monday + 2))
        } else {
            let open = days(window).filter(free)
            makeUp = open.first { SchoolCalendar.weekday($0) >= 5 }
            if let start = open.first(where: { $0 != makeUp }) {
                var end = start
                while end - start < 2 && open.contains(end + 1) && end + 1 != makeUp { end = end + 1 }
                off = (start, end)
            }
        }
        var rows: [CalendarRow] = []
        if let day = makeUp {
            rows.append(CalendarRow(first: day, last: day, off: false, word: "补班", scope: .all, note: "校庆调休补班"))
        }
        if let off {
            rows.append(CalendarRow(first: off.first, last: off.last, off: true, word: "放假", scope: .all, note: "校庆日放假"))
        }
        return rows
    }

    /// Rows of single classes, colleges and branches, spread over the window
    /// on days no all-level row covers.
    private static func localRows(_ rng: inout Random, campus: Campus, window: ClosedRange<Day>,
                                  taken: [CalendarRow]) -> [CalendarRow] {
        let free = { (day: Day) in !taken.contains { $0.scope == .all && $0.covers(day) } }
        let weekday = { (day: Day) in SchoolCalendar.weekday(day) < 5 && free(day) }
        let classes = campus.classes.count, colleges = campus.colleges.count, branches = campus.branches.count
        var rows: [CalendarRow] = []

        // Third- and fourth-year classes away on internship for a week, Monday to Sunday.
        let newest = campus.classes.map(\.grade).max() ?? 0
        let seniors = campus.classes.indices.filter { campus.classes[$0].grade <= newest - 2 }
        let pool = seniors.isEmpty ? Array(campus.classes.indices) : seniors
        let wholeWeeks = (window.lowerBound)...max(window.lowerBound, window.upperBound - 6)
        for k in rng.distinct(max(1, classes / 320), of: pool.count) {
            let monday = pick(&rng, in: wholeWeeks) { SchoolCalendar.weekday($0) == 0 && free($0) }
            rows.append(CalendarRow(first: monday, last: monday + 6, off: true, word: "停课", scope: .schoolClass(pool[k]),
                                    note: rng.pick(["专业实习", "认识实习", "生产实习", "教学实习"])))
        }
        // A college's sports day, a weekday off.
        for k in rng.distinct(max(1, colleges / 5), of: colleges) {
            let day = pick(&rng, in: window, weekday)
            rows.append(CalendarRow(first: day, last: day, off: true, word: "休息", scope: .college(k), note: "学院运动会"))
        }
        // A branch away on a day of social practice (large campuses only).
        for k in rng.distinct(branches / 200, of: branches) {
            let day = pick(&rng, in: window, weekday)
            rows.append(CalendarRow(first: day, last: day, off: true, word: "休息", scope: .branch(k), note: "支部社会实践"))
        }
        // A class with lessons on a Saturday or Sunday: a check-in day for it alone.
        for k in rng.distinct(max(1, classes / 400), of: classes) {
            let day = pick(&rng, in: window) { SchoolCalendar.weekday($0) >= 5 && free($0) }
            rows.append(CalendarRow(first: day, last: day, off: false, word: "上课", scope: .schoolClass(k), note: "周末补课"))
        }
        return rows
    }

    /// A day of `window` that `fits`; else one of the week either side that
    /// does; else any day of the window.
    private static func pick(_ rng: inout Random, in window: ClosedRange<Day>, _ fits: (Day) -> Bool) -> Day {
        let inside = days(window).filter(fits)
        if !inside.isEmpty { return rng.pick(inside) }
        let around = days((window.lowerBound - 7)...(window.upperBound + 7)).filter(fits)
        return rng.pick(around.isEmpty ? days(window) : around)
    }

    static func days(_ range: ClosedRange<Day>) -> [Day] {
        (0...(range.upperBound - range.lowerBound)).map { range.lowerBound + $0 }
    }
}
