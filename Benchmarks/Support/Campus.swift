import ReachModel

/// The member ids of a generated campus: distinct ten-digit student
/// numbers, `YYYYCCNNNN` (entry year, college, sequence), as the exports
/// reach reads write them.
public enum Campus {
    /// Members of the campus the benchmarks read: the size of the `year`
    /// shape of `scripts/bench`.
    public static let members = 50_000

    /// The student number of member `index` (< 1,000,000): every index a
    /// different number.
    public static func studentNumber(_ index: Int) -> String {
        let year = 2022 + index % 5, college = 1 + index / 5 % 20, sequence = 1 + index / 100
        return "\(year)\(college < 10 ? "0" : "")\(college)\(String(repeating: "0", count: 4 - digits(sequence)))\(sequence)"
    }

    /// A name of two or three Chinese characters (six or nine UTF-8 bytes).
    public static func name(_ random: inout SplitMix) -> String {
        let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
        let given = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华")
        var name = String(surnames[random.next(surnames.count)])
        for _ in 0 ..< 1 + random.next(2) { name.append(given[random.next(given.count)]) }
        return name
    }

    private static func digits(_ n: Int) -> Int { n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : 4 }
}
