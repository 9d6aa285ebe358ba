/// The `off_weekdays` setting (`--off-weekdays`): weekdays without check-in,
/// written in English, Chinese or as ISO numbers.
public enum OffWeekdays {
    /// What the setting accepts, for error messages.
    public static let accepted = "weekdays separated by commas, e.g. \"sat,sun\": mon … sun, monday … sunday, "
        + "周一 … 周日, 星期一 … 星期日 or 1 … 7 (1 = Monday); \"\" or \"none\" for none"

    /// Short English names, Monday first: the form `reach config` shows.
    static let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    static let fullNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    static let chinese = ["一", "二", "三", "四", "五", "六", "日"]

    /// ISO weekday numbers of `text`, case-insensitive, separated by commas
    /// (also `，`, `、` or spaces); `nil` when a word is not a weekday.
    public static func parse(_ text: String) -> Set<Int>? {
        let words = text.lowercased()
            .split { $0 == "," || $0 == "，" || $0 == "、" || $0.isWhitespace }
            .map(String.init)
        if words == ["none"] { return [] }
        var days: Set<Int> = []
        for word in words {
            guard let day = weekday(word) else { return nil }
            days.insert(day)
        }
        return days
    }

    /// `sat,sun` for {6, 7}; empty for none.
    public static func text(_ days: Set<Int>) -> String {
        days.sorted().map { names[$0 - 1] }.joined(separator: ",")
    }

    private static func weekday(_ word: String) -> Int? {
        if let n = Int(word) { return (1...7).contains(n) ? n : nil }
        if let i = names.firstIndex(of: word) ?? fullNames.firstIndex(of: word) { return i + 1 }
        for prefix in ["星期", "周"] where word.hasPrefix(prefix) {
            var rest = String(word.dropFirst(prefix.count))
            if rest == "天" { rest = "日" }
            if let i = chinese.firstIndex(of: rest) { return i + 1 }
        }
        return nil
    }
}
