import ReachMetrics
import ReachModel

/// The title line and columns of a sheet of a split workbook (`--split`,
/// contract v4), which is for one group and its counsellor.
///
/// A column naming the group — 学院, 支部, 班级, 辅导员 — whose value is the
/// same on every row of the sheet is left out of the table and said once,
/// in the title line above it (`缺卡名单　学院：计算机学院　班级：计科1班`);
/// one whose values differ (the classes of a college's workbook) stays a
/// column. The columns named in `lead` come first, so that a printed gap
/// list starts with who and why. The main workbook's sheets keep every
/// column (``MainWorkbook``).
struct SplitSheet<Row> {
    /// The sheet's name.
    let name: String
    /// The sheet's name followed by the values every row shares.
    let title: String
    /// The table's columns.
    let columns: [Column<Row>]

    /// The group columns: key, headers (as in ``Columns/members``) and the member's value.
    static var groupColumns: [(key: String, zh: String, en: String, value: (Member) -> String)] {
        [("college", "学院", "College", \.college), ("branch", "支部", "Branch", \.branch),
         ("class", "班级", "Class", \.className), ("counsellor", "辅导员", "Counsellor", \.counsellor)]
    }

    /// The group columns whose value is the same for every one of
    /// `members`, with that value; every group column when there are none.
    static func shared(_ members: some Sequence<Member>) -> [String: String] {
        let columns = groupColumns
        return shared(members, keys: columns.map(\.key)) { member, k in columns[k].value(member) }
    }

    /// The columns keyed `keys` whose value (`value(row, index of the key)`)
    /// is the same on every one of `rows`, with that value; every key when
    /// there are no rows.
    static func shared<Element>(_ rows: some Sequence<Element>, keys: [String],
                                value: (Element, Int) -> String) -> [String: String] {
        var shared: [String: String] = [:], differ: Set<String> = []
        var first = true
        for row in rows {
            for (k, key) in keys.enumerated() where !differ.contains(key) {
                let v = value(row, k)
                if first { shared[key] = v } else if shared[key] != v { differ.insert(key); shared[key] = nil }
            }
            first = false
        }
        if first { for key in keys { shared[key] = "" } }
        return shared
    }

    /// The sheet `name` showing `columns` less the group columns in
    /// `shared` (``shared(_:)``), whose non-empty values go into the title;
    /// the columns keyed in `lead` first, in that order, then the others in
    /// theirs.
    init(name: String, columns: [Column<Row>], shared: [String: String], lead: [String] = [], language: ReportLanguage) {
        self.name = name
        let kept = columns.filter { shared[$0.key] == nil }
        let first = lead.compactMap { key in kept.first { $0.key == key } }
        self.columns = first + kept.filter { !lead.contains($0.key) }
        let values = Self.groupColumns.compactMap { column -> String? in
            guard let value = shared[column.key], !value.isEmpty else { return nil }
            return language == .zh ? "\(column.zh)：\(value)" : "\(column.en): \(value)"
        }
        title = values.isEmpty ? name : name + (language == .zh ? "　" + values.joined(separator: "　")
                                                                : " — " + values.joined(separator: "; "))
    }
}
