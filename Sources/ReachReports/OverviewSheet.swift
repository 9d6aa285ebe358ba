import ReachMetrics
import ReachModel

/// The first sheet: the headline figures, the trend chart, the classes that
/// need attention and the data-quality counts, on one screen.
struct OverviewSheet {
    let input: ReportInput
    /// Where the member sheets are and which splits were left out, said
    /// under the member counts.
    let plan: ReportPlan
    let labels: Labels
    let words: Vocabulary

    /// How many of the lowest-coverage classes the overview lists.
    static let worstCount = 10

    private var tables: MetricTables { input.tables }
    private var minRate: Double { tables.options.minRate.doubleValue }

    func write(on sheet: Sheet, book: Workbook) throws {
        let options = tables.options
        let school = tables.groups.first { $0.scope == .all }
        try sheet.text(0, 0, labels.reportTitle + " · " + options.asOf.description, sheet.styles.title, fits: false)
        if tables.asOfIsDataDay == false {
            try sheet.text(1, 0, labels.asOfWithoutData(options.asOf, lastDataDay: tables.lastDataDayBeforeAsOf,
                                                        spannedDays: tables.spannedDays),
                           sheet.styles.warning, fits: false)
        }

        var row = 2
        func line(_ label: String, _ value: Cell, _ style: ColumnStyle) throws {
            try sheet.text(row, 0, label, sheet.styles.label)
            try sheet.cell(row, 1, value, style)
            row += 1
        }
        try line(labels.asOf, .day(options.asOf), .date)
        try line(labels.window, .text(labels.windowText(from: options.windowStart.description, to: options.asOf.description,
                                                          days: options.window)), .text)
        try line(labels.gapDays, .count(options.gapDays), .count)
        try line(labels.minRate, .ratio(options.minRate), .percent(coloured: false))
        try line(labels.generatedAt, .text(input.generatedAt), .text)
        row += 1
        let coverageRow = row
        try line(labels.schoolCoverage, .ratio(school?.coverage), .percent(coloured: true))
        try sheet.thresholdColours(firstRow: coverageRow, lastRow: coverageRow, col: 1, minRate: minRate)
        try line(labels.daysCounted, .text(labels.daysCountedText(school?.days ?? 0, of: options.window)), .text)
        // Without a previous coverage, why: no data then, or nobody expected.
        let previous: Cell = school.map { school in
            school.previousCoverage.map(Cell.ratio) ?? .text(labels.noPrevious(hasData: tables.previousWindowHasData ?? false))
        } ?? .empty
        try line(labels.previousCoverage, previous, .percent(coloured: false))
        try line(labels.change, .ratio(school?.delta), .change)
        try line(labels.memberCount, .count(school?.members ?? tables.members.count), .count)
        try line(labels.atRiskCount, .count(tables.gaps.count), .count)
        if let registry = tables.registry {
            try line(labels.groups, .text(labels.groupsText(registry)), .text)
        }
        // Where the member sheets are and which split was left out: long
        // lines, wrapped in the value column.
        func note(_ label: String, _ text: String) throws {
            try sheet.text(row, 0, label, book.wrappedLabel)
            try sheet.wrappedText(row, 1, text, book.wrapped)
            row += 1
        }
        if let whereMemberSheets = labels.memberSheets(plan) {
            try note(labels.memberLists, whereMemberSheets)
        }
        for split in plan.leftOut where split.largeRoster == nil {
            try note(labels.groupFiles, labels.splitLeftOut(split))
        }
        row += 1

        try sheet.text(row, 0, labels.dataQuality, sheet.styles.title, fits: false)
        row += 1
        let quality = input.quality
        func files(_ status: FileOutcome.Status) -> Int { quality.count { $0.status == status } }
        try line(labels.files, .count(quality.count), .count)
        try line(labels.filesIngested, .count(files(.ingested)), .count)
        try line(labels.filesRejected, .count(files(.rejected)), .count)
        try line(labels.filesSkipped, .count(files(.skipped)), .count)
        try line(labels.rowsAccepted, .count(quality.reduce(0) { $0 + $1.accepted }), .count)
        try line(labels.rowsDuplicate, .count(quality.reduce(0) { $0 + $1.duplicates }), .count)
        try line(labels.rowsRejected, .count(quality.reduce(0) { $0 + $1.rejected }), .count)
        try line(labels.rowsAbsent, .count(quality.reduce(0) { $0 + $1.absent }), .count)
        try line(labels.unknownMembers, .count(input.unknownMembers.count), .count)
        row += 1

        let worst = worstClasses()
        try sheet.text(row, 0, labels.worstClasses(OverviewSheet.worstCount), sheet.styles.title, fits: false)
        let header = Labels.groupHeader(.class)
        let worstColumns = Columns.groups(words).picking(["rank", "group", "coverage", "delta", "at_risk", "members"])
            .map { $0.key == "group" ? $0.titled(header.zh, header.en) : $0 }
        row = try sheet.table(worst, columns: worstColumns, language: labels.language, minRate: minRate,
                              layout: TableLayout(top: row + 1, freeze: false, filter: false)) + 1

        // On paper the overview is one page: everything above, the chart
        // included; the chart's data table below is for the screen.
        sheet.printOnOnePage()
        try sheet.text(row, 0, labels.trend, sheet.styles.title, fits: false)
        try writeTrend(on: sheet, book: book, top: row + 1)
    }

    /// Class groups by coverage ascending, then name: the bottom of the ranking.
    func worstClasses() -> [GroupRow] {
        let classes = tables.groups.filter { $0.scope == .class }
        let sorted = classes.sorted { a, b in
            a.coverage != b.coverage ? a.coverage < b.coverage : a.group.precedesByCodePoint(b.group)
        }
        return Array(sorted.prefix(OverviewSheet.worstCount))
    }

    /// A day × (school, colleges…) table of daily coverage, and the line chart
    /// drawn from it. The chart's data lives on this normal-mode sheet, so the
    /// file carries the chart's data cache and renders without recalculation.
    ///
    /// Every day of D has its row, and daily rows exist only for days with
    /// members expected: a day without data or without check-in keeps empty
    /// cells, which the chart shows as a gap, never as 0 %. The last column
    /// says why a day is empty (无数据, 休息日 …).
    private func writeTrend(on sheet: Sheet, book: Workbook, top: Int) throws {
        let options = tables.options
        let days = (0..<options.window).map { options.windowStart + $0 }
        var series: [(name: String, values: [Day: Ratio])] = [(labels.school, [:])]
        var index: [String: Int] = [:]
        for row in tables.daily {
            switch row.scope {
            case .all:
                series[0].values[row.day] = row.coverage
            case .college:
                if index[row.group] == nil {
                    index[row.group] = series.count
                    series.append((row.group, [:]))
                }
                series[index[row.group]!].values[row.day] = row.coverage
            default:
                continue
            }
        }
        let colleges = series.dropFirst().sorted { $0.name.precedesByCodePoint($1.name) }
        series = [series[0]] + colleges

        try sheet.header(top, [labels.date] + series.map(\.name) + [labels.note])
        for (i, day) in days.enumerated() {
            let r = top + 1 + i
            try sheet.cell(r, 0, .day(day), .date)
            for (j, s) in series.enumerated() {
                try sheet.cell(r, j + 1, .ratio(s.values[day]), .percent(coloured: true))
            }
            try sheet.text(r, series.count + 1, labels.dayNote(tables.dayRow(day), hasFigure: series[0].values[day] != nil))
        }
        let first = top + 1, last = top + days.count
        for j in series.indices {
            try sheet.thresholdColours(firstRow: first, lastRow: last, col: j + 1, minRate: minRate)
        }
        guard !days.isEmpty, series.contains(where: { !$0.values.isEmpty }) else { return }

        let chart = try CoverageChart(in: book, title: labels.trend, legend: true)
        for j in series.indices {
            try chart.addSeries(from: sheet, rows: first...last, dayCol: 0, col: j + 1, name: .cell(row: top, col: j + 1))
        }
        try chart.place(on: sheet, row: 2, col: 3, xScale: 1.6, yScale: 1.4)
    }
}
