import ReachMetrics
import ReachModel

/// The ready-to-paste reminder for a class group chat: the group's gap-list
/// students in gaps.csv order, each with the reason in plain Chinese.
enum Reminder {
    static func text(group: String, gaps: some Collection<GapRow>, options: MetricsOptions) -> String {
        let (_, month, day) = options.asOf.civil
        let date = "\(month)月\(day)日"
        var lines = ["【打卡提醒】\(group)"]
        guard !gaps.isEmpty else {
            lines.append("截至\(date)，大家都在按时打卡，谢谢大家，请继续保持！")
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append("截至\(date)，以下\(gaps.count)位同学需要留意打卡：")
        for (i, gap) in gaps.enumerated() {
            lines.append("\(i + 1). \(gap.member.name)（\(gap.member.memberID)）：\(reasonWords(gap, window: options.window))")
        }
        lines.append("请以上同学今天记得打卡，有困难请联系辅导员。谢谢！")
        return lines.joined(separator: "\n") + "\n"
    }

    /// never → 至今未打卡; gap → 已连续N个打卡日未打卡 (N = missed_run: missed
    /// check-in days, so a holiday or a leave in between is not counted);
    /// low_rate → 近W天打卡率X%. Beside `never` the low rate (always 0 %)
    /// adds nothing and is left out.
    static func reasonWords(_ gap: GapRow, window: Int) -> String {
        var words: [String] = []
        for reason in gap.reasons {
            switch reason {
            case .never:
                words.append("至今未打卡")
            case .gap:
                words.append("已连续\(gap.missedRun)个打卡日未打卡")
            case .lowRate where !gap.reasons.contains(.never):
                words.append("近\(window)天打卡率\(percentText(gap.checkinRate))")
            case .lowRate:
                continue
            }
        }
        return words.joined(separator: "，")
    }

    /// A percent with one decimal, rounded half up from the exact fraction
    /// (`45.5%`, `0%`, `100%`).
    static func percentText(_ ratio: Ratio) -> String {
        // tenths of a percent = round(n * 1000 / d)
        let n = ratio.numerator, d = ratio.denominator
        let tenths = (2 * n * 1000 + d) / (2 * d)
        let whole = tenths / 10, fraction = tenths % 10
        return fraction == 0 ? "\(whole)%" : "\(whole).\(fraction)%"
    }
}
