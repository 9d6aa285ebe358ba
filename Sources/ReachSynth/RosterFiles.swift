import Foundation
import ReachModel

/// The roster export (members.csv, Chinese headers) and, in a messy inbox,
/// a later roster update that moves a few members to another class and adds
/// a member whose events arrived before their roster row.
struct RosterFiles {
    let config: SynthConfig
    let campus: Campus
    let members: ExportFile
    let update: ExportFile?
    /// Class moves made by the update: (member index, new class index).
    private let moves: [(member: Int, toClass: Int)]

    init(config: SynthConfig, campus: Campus, in dir: URL) {
        self.config = config
        self.campus = campus
        var style = FileStyle(columns: FileStyle.eventColumns(.members))
        style.chinese = true
        if config.mess == .full {
            style.crlf = true
            style.padded = true
            style.badRows = 2
        }
        members = ExportFile(name: "members.csv", kind: .members, style: style, in: dir)
        guard config.mess == .full else {
            update = nil
            moves = []
            return
        }
        var updateStyle = FileStyle(columns: FileStyle.eventColumns(.members))
        updateStyle.crlf = true
        update = ExportFile(name: "roster-update-\(config.end).csv", kind: .members, style: updateStyle, in: dir)
        var rng = Random(seed: config.seed, purpose: .quirks, index: 999_999)
        var moves: [(Int, Int)] = []
        let steady = (0..<campus.rosterCount).filter { campus.people[$0].joined == nil && campus.people[$0].left == nil }
        for member in rng.distinct(3, of: steady.count).map({ steady[$0] }) {
            let from = campus.people[member].classIndex
            let college = campus.classes[from].college
            let others = campus.classes.indices.filter { $0 != from && campus.classes[$0].college == college }
            let fallback = campus.classes.indices.filter { $0 != from }
            if let to = others.isEmpty ? fallback.first : rng.pick(others) { moves.append((member, to)) }
        }
        self.moves = moves
    }

    var files: [ExportFile] { [members] + (update.map { [$0] } ?? []) }

    var changes: [SynthSummary.RosterChange] {
        moves.map { SynthSummary.RosterChange(memberID: campus.people[$0.member].id,
                                              fromClass: campus.classes[campus.people[$0.member].classIndex].name,
                                              toClass: campus.classes[$0.toClass].name) }
    }

    func write(words: RowVocabulary) throws {
        var rng = Random(seed: config.seed, purpose: .fileStyle, index: UInt64(members.rank))
        members.begin()
        let messy = config.mess == .full
        for i in 0..<campus.rosterCount {
            writeRow(campus.people[i], classIndex: campus.people[i].classIndex, to: members, rng: &rng, slashDates: messy && i % 3 == 0)
            if messy && i == campus.rosterCount / 2 {
                // The same member exported twice: a replacement, accepted again.
                writeRow(campus.people[i], classIndex: campus.people[i].classIndex, to: members, rng: &rng, slashDates: false)
            }
        }
        if messy {
            // Rows a reader must reject: an empty class, and an impossible joined date.
            let ids = Array(campus.unknownIDs)
            var empty = campus.people[ids[0]]
            empty.name = "张三"
            writeRow(empty, classIndex: nil, to: members, rng: &rng, role: .rejected)
            var badDate = campus.people[ids[1]]
            badDate.name = "李四"
            writeRow(badDate, classIndex: 0, to: members, rng: &rng, role: .rejected, rawJoined: "\(config.end.civil.year)-02-30")
        }
        try members.finish()

        guard let update else { return }
        update.begin()
        for move in moves {
            writeRow(campus.people[move.member], classIndex: move.toClass, to: update, rng: &rng)
        }
        if let late = campus.lateJoiner { writeRow(campus.people[late], classIndex: campus.people[late].classIndex, to: update, rng: &rng) }
        try update.finish()
    }

    private func writeRow(_ person: Campus.Person, classIndex: Int?, to file: ExportFile, rng: inout Random,
                          role: ExportFile.Role = .accepted, slashDates: Bool = false, rawJoined: String? = nil) {
        let d = file.style.delimiter
        let cls = campus.classes[classIndex ?? person.classIndex]
        for (i, column) in file.style.columns.enumerated() {
            if i > 0 { file.separator() }
            switch column {
            case .memberID: file.out.append(person.id)
            case .name:
                let padded = file.style.padded && rng.chance(0.1)
                file.out.appendField(padded ? "\u{3000}" + person.name + "\u{3000}" : person.name, delimiter: d)
            case .college: file.out.appendField(campus.colleges[cls.college].name, delimiter: d)
            case .branch: file.out.appendField(campus.branches[cls.branch].name, delimiter: d)
            case .className: if classIndex != nil { file.out.appendField(cls.name, delimiter: d) }
            case .status: file.out.appendField(person.status, delimiter: d)
            case .counsellor:
                // A messy roster names two counsellors for the first class: a quoted field with a comma.
                let two = file.style.padded && (classIndex ?? person.classIndex) == 0
                file.out.appendField(two ? cls.counsellor + ", " + campus.classes[min(1, campus.classes.count - 1)].counsellor
                                         : cls.counsellor, delimiter: d)
            case .joined:
                if let raw = rawJoined { file.out.append(raw) } else if let day = person.joined { file.out.appendDate(day, slashed: slashDates) }
            case .left:
                if let day = person.left { file.out.appendDate(day, slashed: slashDates) }
            default: break
            }
        }
        file.endLine(role)
    }
}

/// posts.csv (English headers): every article with title, publishing time and branch.
enum PostsFile {
    static func make(config: SynthConfig, posts: PostSchedule, campus: Campus, in dir: URL) -> ExportFile {
        var style = FileStyle(columns: FileStyle.eventColumns(.posts))
        if config.mess == .full { style.badRows = 1 }
        return ExportFile(name: "posts.csv", kind: .posts, style: style, in: dir)
    }

    static func write(_ file: ExportFile, config: SynthConfig, posts: PostSchedule, campus: Campus) throws {
        let d = file.style.delimiter
        file.begin()
        for (i, article) in posts.articles.enumerated() {
            file.out.append(article.id)
            file.separator()
            file.out.appendField(article.title, delimiter: d)
            file.separator()
            let style: TimestampStyle = config.mess == .full && i % 4 == 1 ? .slash : .standard
            TimestampWriter(day: config.firstDay + article.offset).write(second: article.secondOfDay, style: style,
                                                                       noise: 0, into: &file.out)
            file.separator()
            if let b = article.branch { file.out.appendField(campus.branches[b].name, delimiter: d) }
            file.endLine(.accepted)
            if file.style.badRows > 0 && i == 0 {
                // A row without a title must be rejected; the earlier row of this post stays.
                file.out.append(article.id + ",,,")
                file.endLine(.rejected)
            }
        }
        try file.finish()
    }
}
