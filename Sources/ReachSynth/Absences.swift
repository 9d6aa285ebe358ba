import Foundation
import ReachModel

/// The school calendar and the leave exports of `--calendar-leave`
/// (contract v2): what they hold, their files, and who they keep away.
struct AbsenceExports {
    let calendar: TermCalendar
    let leave: LeaveBook
    let calendarFile: ExportFile
    let leaveFiles: LeaveFiles

    init(config: SynthConfig, campus: Campus, in dir: URL) {
        calendar = TermCalendar(config: config, campus: campus)
        leave = LeaveBook(config: config, campus: campus, calendar: calendar)
        calendarFile = CalendarFile.make(config: config, in: dir)
        leaveFiles = LeaveFiles(config: config, book: leave, in: dir)
    }

    var files: [ExportFile] { [calendarFile] + leaveFiles.files }

    func write(campus: Campus) throws {
        try CalendarFile.write(calendarFile, calendar: calendar, campus: campus)
        try leaveFiles.write()
    }

    func absences(campus: Campus, firstDay: Day) -> Absences {
        Absences(calendar: calendar, leave: leave, campus: campus, firstDay: firstDay)
    }
}

/// Who is away on a day — classes with a day off in the school calendar,
/// members on leave — and how much that lowers their chance to check in.
struct Absences {
    let calendar: TermCalendar
    let leave: LeaveBook
    let campus: Campus
    let firstDay: Day

    /// On a day off some still check in, out of habit (those check-ins count nowhere).
    static let offDayCheckin = 0.4

    func day(_ offset: Int) -> DayAbsences {
        DayAbsences(calendar.offClasses(on: firstDay + offset, in: campus), leave.away(at: offset))
    }
}

/// The absences of one day.
struct DayAbsences {
    /// Per class, whether the day is off; nil when no calendar row covers it.
    let offClasses: [Bool]?
    /// Members on leave (approved or pending) and the factor on their chance.
    let onLeave: [Int: Double]

    init(_ offClasses: [Bool]?, _ onLeave: [Int: Double]) {
        self.offClasses = offClasses
        self.onLeave = onLeave
    }

    /// The factor on the check-in chance of `member` of class `classIndex`.
    @inline(__always) func checkinFactor(member: Int, classIndex: Int) -> Double {
        var factor = onLeave.isEmpty ? 1 : onLeave[member] ?? 1
        if let off = offClasses, off[classIndex] { factor *= Absences.offDayCheckin }
        return factor
    }
}
