import Foundation
import ReachModel

/// The school calendar export (`校历-2026秋.csv`, SPEC 1.3 calendar): the
/// header 开始日期, 结束日期, 类型, 学院, 支部, 班级, 说明 and one row per range,
/// by first day. A single day leaves 结束日期 empty (it defaults to the
/// start); a class row names its college too, a branch row its college and
/// branch.
///
/// A messy inbox writes it as Excel on Chinese Windows would (GB18030, CRLF,
/// a title line), with slashed dates in every other row, a holiday listed
/// twice under another word and note (a duplicate: same days, type and
/// scope), and two rows a reader must reject: `调休` as a type (neither off
/// nor on) and an internship whose end was typed before its start.
enum CalendarFile {
    static func make(config: SynthConfig, in dir: URL) -> ExportFile {
        var style = FileStyle(columns: FileStyle.eventColumns(.calendar))
        style.chinese = true
        let (firstTag, _) = term(config.firstDay)
        let (lastTag, lastTitle) = term(config.end)
        if config.mess == .full {
            style.encoding = .gb18030
            style.crlf = true
            style.titleLines = ["\(lastTitle)校历"]
            style.duplicates = 1
            style.badRows = 2
        }
        let name = firstTag == lastTag ? "校历-\(lastTag).csv" : "校历-\(firstTag)至\(lastTag).csv"
        return ExportFile(name: name, kind: .calendar, style: style, in: dir)
    }

    /// The term of `day`: autumn from August to January (`2026秋`,
    /// 2026—2027学年第一学期), spring from February to July (`2027春`).
    static func term(_ day: Day) -> (tag: String, title: String) {
        let (y, m, _) = day.civil
        if m >= 8 { return ("\(y)秋", "\(y)—\(y + 1)学年第一学期") }
        if m == 1 { return ("\(y - 1)秋", "\(y - 1)—\(y)学年第一学期") }
        return ("\(y)春", "\(y - 1)—\(y)学年第二学期")
    }

    static func write(_ file: ExportFile, calendar: TermCalendar, campus: Campus) throws {
        let style = file.style
        let rows = calendar.rows
        // The rows the messy plants copy: the first all-level range off, make-up day and class range.
        let holiday = rows.firstIndex { $0.scope == .all && $0.off }
        let makeUp = rows.firstIndex { $0.scope == .all && !$0.off }
        let internship = rows.firstIndex { $0.scope.level == 3 && $0.off } ?? rows.indices.last
        file.begin()
        for (i, row) in rows.enumerated() {
            let slashed = style.badRows > 0 && i % 2 == 1
            write(row, to: file, campus: campus, slashed: slashed, role: .accepted)
            if style.duplicates > 0 && i == holiday {
                var again = row
                (again.word, again.note) = ("假期", row.note + "假期")
                write(again, to: file, campus: campus, slashed: !slashed, role: .duplicate)
            }
            if style.badRows > 0 && i == makeUp {
                var wrong = row
                wrong.word = "调休"
                write(wrong, to: file, campus: campus, slashed: slashed, role: .rejected)
            }
            if style.badRows > 1 && i == internship {
                var wrong = row
                wrong.last = row.first - 7
                write(wrong, to: file, campus: campus, slashed: slashed, role: .rejected)
            }
        }
        try file.finish()
    }

    private static func write(_ row: CalendarRow, to file: ExportFile, campus: Campus, slashed: Bool,
                              role: ExportFile.Role) {
        let d = file.style.delimiter
        var college: Int?, branch: Int?, schoolClass: Int?
        switch row.scope {
        case .all: break
        case .college(let k): college = k
        case .branch(let b): (college, branch) = (campus.branches[b].college, b)
        case .schoolClass(let c): (college, schoolClass) = (campus.classes[c].college, c)
        }
        for (i, column) in file.style.columns.enumerated() {
            if i > 0 { file.separator() }
            switch column {
            case .start: file.out.appendDate(row.first, slashed: slashed)
            case .end: if row.last != row.first { file.out.appendDate(row.last, slashed: slashed) }
            case .category: file.out.appendField(row.word, delimiter: d)
            case .college: if let college { file.out.appendField(campus.colleges[college].name, delimiter: d) }
            case .branch: if let branch { file.out.appendField(campus.branches[branch].name, delimiter: d) }
            case .className: if let schoolClass { file.out.appendField(campus.classes[schoolClass].name, delimiter: d) }
            case .note: file.out.appendField(row.note, delimiter: d)
            default: break
            }
        }
        file.endLine(role)
    }
}
