import ReachModel

/// A public holiday as the State Council arranges it each year: a range of
/// days off and the weekend days worked to make up for it (调休补班).
struct PublicHoliday {
    var name: String
    var first: Day
    var last: Day
    /// Weekend days that are working days because of this holiday.
    var makeUpDays: [Day]

    /// Every day the arrangement names, off or worked.
    var span: (first: Day, last: Day) { ((makeUpDays + [first]).min()!, (makeUpDays + [last]).max()!) }
}

/// The official holiday arrangements the school calendar follows.
///
/// Only 2026 is listed (the State Council notice of November 2025): it is
/// the year of the sample and the benchmarks. A window without a listed
/// holiday gets a holiday-like range of the school's own (`TermCalendar`),
/// so every generated calendar has days off and a make-up day.
enum PublicHolidays {
    static let all: [PublicHoliday] = [
        holiday("元旦", 2026, (1, 1), (1, 3), makeUp: [(1, 4)]),
        holiday("春节", 2026, (2, 15), (2, 23), makeUp: [(2, 14), (2, 28)]),
        holiday("清明节", 2026, (4, 4), (4, 6)),
        holiday("劳动节", 2026, (5, 1), (5, 5), makeUp: [(5, 9)]),
        holiday("端午节", 2026, (6, 19), (6, 21)),
        holiday("中秋节", 2026, (9, 25), (9, 27)),
        holiday("国庆节", 2026, (10, 1), (10, 7), makeUp: [(9, 20), (10, 10)]),
    ]

    private static func holiday(_ name: String, _ year: Int, _ first: (Int, Int), _ last: (Int, Int),
                                makeUp: [(Int, Int)] = []) -> PublicHoliday {
        func day(_ md: (Int, Int)) -> Day { Day(year: year, month: md.0, day: md.1)! }
        return PublicHoliday(name: name, first: day(first), last: day(last), makeUpDays: makeUp.map(day))
    }
}
