import ReachModel

/// Streams each day's events into the month files of a `FilePlan`, planting
/// the duplicates, bad rows and overlapping export the plan asks for, and
/// keeping the counts a correct ingest should report. A month whose
/// check-ins are an attendance workbook (`--xlsx`) keeps each member's first
/// check-in of a day, to the minute, in every file (the workbook holds no
/// more); its rows are written by `AttendanceWorkbook`.
struct DayStream {
    let config: SynthConfig
    let campus: Campus
    let plan: FilePlan
    let words: RowVocabulary

    /// A planted row: a copy of the `position`-th event of a day, or a broken row.
    private enum Plant { case duplicate(position: Double), bad(BadRow) }

    func run(model: ActivityModel, summary: inout SynthSummary) throws {
        var overlapRandom = Random(seed: config.seed, purpose: .fileStyle, index: 1_000_000)
        if let overlap = plan.overlap { overlap.file.begin() }
        for (mi, month) in plan.months.enumerated() {
            let files = plan.eventFiles[mi]
            var randoms = files.map { Random(seed: config.seed, purpose: .fileStyle, index: UInt64($0.rank)) }
            var plants = files.map { plantSchedule(for: $0, month: month) }
            let sheets = try files.map { file in
                file.style.encoding == .xlsx
                    ? try AttendanceWorkbook(file: file, month: month, config: config, campus: campus, habits: model.habits)
                    : nil
            }
            for file in files where file.style.encoding != .xlsx { file.begin() }
            for offset in month.offsets {
                let day = config.firstDay + offset
                let clock = TimestampWriter(day: day)
                var events = model.events(at: offset)
                var later: [Int: Int] = [:]
                if sheets[Int(EventKind.checkin.rawValue)] != nil {
                    (events.checkins, later) = AttendanceWorkbook.firstPerDay(events.checkins)
                }
                let inOverlap = plan.overlap.map { $0.offsets.contains(offset) } ?? false
                for (k, kind) in EventKind.allCases.enumerated() {
                    let file = files[k]
                    let list = events[kind]
                    let todays = plants[k].removeValue(forKey: offset) ?? []
                    var copies: [Int: Int] = [:]
                    for case .duplicate(let position) in todays where !list.isEmpty {
                        copies[min(list.count - 1, Int(position * Double(list.count))), default: 0] += 1
                    }
                    let overlapHere = inOverlap && kind == .checkin ? plan.overlap?.file : nil
                    // Whichever of the two is ingested first (file-name order) holds the original row.
                    let role: ExportFile.Role = overlapHere.map {
                        file.name.precedesByCodePoint($0.name) ? .accepted : .duplicate
                    } ?? .accepted
                    let sheet = sheets[k]
                    for (j, event) in list.enumerated() {
                        if sheet == nil {
                            file.writeEvent(event, clock: clock, words: words, rng: &randoms[k], role: role)
                        }
                        if let other = overlapHere {
                            other.writeEvent(event, clock: clock, words: words, rng: &overlapRandom,
                                             role: role == .accepted ? .duplicate : .accepted)
                        }
                        if let n = copies[j], sheet == nil {
                            for _ in 0..<n {
                                let notation = file.style.timestamps.count > 1 ? randoms[k].pick(file.style.timestamps) : nil
                                file.writeEvent(event, clock: clock, words: words, rng: &randoms[k], role: .duplicate,
                                                notation: notation)
                            }
                        }
                        if file.style.blankLines && randoms[k].chance(0.0005) { file.blankLine() }
                        if campus.unknownIDs.contains(event.member) {
                            summary.unknownMemberEvents[kind, default: 0] += 1
                        } else {
                            summary.events[kind, default: 0] += 1
                        }
                    }
                    if let sheet {
                        var byMember: [Int: Int] = [:]
                        for (j, n) in copies { byMember[list[j].member, default: 0] += n }
                        let broken = todays.compactMap { plant -> BadRow? in
                            if case .bad(let how) = plant { return how }
                            return nil
                        }
                        try sheet.writeDay(day, offset: offset, checkins: list, later: later, role: role, copies: byMember,
                                           broken: broken, template: list.first?.member ?? 0, rng: &randoms[k])
                        continue
                    }
                    for case .bad(let how) in todays {
                        let template = list.first ?? Happening(second: 8 * 3_600, member: 0, article: nil)
                        file.writeEvent(template, clock: clock, words: words, rng: &randoms[k], role: .rejected, bad: how)
                    }
                }
            }
            for (file, sheet) in zip(files, sheets) {
                if let sheet { try sheet.finish() } else { try file.finish() }
            }
        }
        if let overlap = plan.overlap { try overlap.file.finish() }
    }

    /// Spreads a file's planted duplicates and bad rows over its days (never on
    /// days of the overlapping export, so every event has one original row).
    private func plantSchedule(for file: ExportFile, month: FilePlan.Month) -> [Int: [Plant]] {
        var rng = Random(seed: config.seed, purpose: .quirks, index: UInt64(file.rank))
        var schedule: [Int: [Plant]] = [:]
        let days = Array(month.offsets)
        let quiet = days.filter { offset in !(plan.overlap?.offsets.contains(offset) ?? false) }
        if !quiet.isEmpty {
            for _ in 0..<file.style.duplicates { schedule[rng.pick(quiet), default: []].append(.duplicate(position: rng.unit())) }
        }
        for i in 0..<file.style.badRows {
            schedule[rng.pick(days), default: []].append(.bad(BadRow.allCases[(i + file.rank) % BadRow.allCases.count]))
        }
        return schedule
    }
}
