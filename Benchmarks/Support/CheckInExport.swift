import ReachModel

/// The text of a check-in export (`学号,姓名,打卡时间,打卡方式`): a header
/// and one row a check-in, members drawn from ``Campus``, times in order
/// over November 2026.
public enum CheckInExport {
    /// Fields of every record, header included.
    public static let fieldCount = 4

    /// `rows` check-ins as UTF-8 CSV with LF line ends. `quoted`: the name,
    /// time and channel fields quoted, the channel holding a comma and an
    /// escaped quote (`"钉钉, ""手机"""`), which sends every record down
    /// the scanner's general path; otherwise no field is quoted (its fast path).
    public static func csv(rows: Int, quoted: Bool, seed: UInt64) -> [UInt8] {
        var random = SplitMix(seed: seed)
        var names = SplitMix(seed: seed ^ 0x6E61_6D65)
        let memberNames = (0 ..< Campus.members).map { _ in Campus.name(&names) }
        let channels = quoted ? ["\"钉钉, \"\"手机\"\"\"", "\"企业微信, \"\"电脑\"\"\""] : ["钉钉", "企业微信", "手机"]
        var text = Array("学号,姓名,打卡时间,打卡方式\n".utf8)
        text.reserveCapacity(rows * (quoted ? 64 : 48))
        for instant in ExportInstants.november(count: rows, seed: seed) {
            let member = random.next(Campus.members)
            let time = TimestampForm.spaced.text(instant, milliseconds: 0)
            let name = memberNames[member]
            let row = quoted ? "\(Campus.studentNumber(member)),\"\(name)\",\"\(time)\",\(channels[random.next(channels.count)])\n"
                : "\(Campus.studentNumber(member)),\(name),\(time),\(channels[random.next(channels.count)])\n"
            text.append(contentsOf: row.utf8)
        }
        return text
    }
}
