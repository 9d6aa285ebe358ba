import ReachModel

/// The synthetic university: colleges → party branches → classes → members.
///
/// Sizes follow the member count (about 30 members a class, 125 a branch and
/// 2,500 a college, at least 3 colleges and at most ``maxColleges``), so 300
/// members give the sample's 3 colleges, 6 branches and 10 classes and
/// 50,000 give 20, 400 and 1,600. Past the 24 college names of one
/// university the shape is a province's (共青团省委): colleges belong to
/// several universities and carry their names (`江城大学计算机科学与技术学院`,
/// classes `江大计科2501班`), so 1,000,000 members give 100 colleges, 8,000
/// branches and 32,000 classes.
struct Campus {
    struct College { var name: String; var major: String }
    struct Branch { var name: String; var college: Int }
    struct SchoolClass { var name: String; var branch: Int; var college: Int; var grade: Int; var counsellor: String }
    struct Person {
        var id: String
        var name: String
        var classIndex: Int
        var status: String
        var joined: Day?
        var left: Day?
        /// On the roster from members.csv (false for the late joiner of a messy roster update
        /// and for the unknown ids whose events arrive without a roster row).
        var onRoster: Bool
    }

    var colleges: [College] = []
    var branches: [Branch] = []
    var classes: [SchoolClass] = []
    /// Roster members first (indices 0..<rosterCount), then the extra ids of a messy inbox.
    var people: [Person] = []
    var rosterCount = 0

    init(config: SynthConfig) {
        var rng = Random(seed: config.seed, purpose: .campus)
        var names = Random(seed: config.seed, purpose: .names)
        let m = config.members
        let classCount = max(1, Int((Double(m) / 31.25).rounded()))
        let collegeCount = min(m <= 7_500 ? 3 : min(Campus.maxColleges, m / 2_500), classCount)
        let branchCount = min(classCount, max(2 * collegeCount, Int((Double(m) / 125).rounded())))

        colleges = (0..<collegeCount).map { Campus.college($0, of: collegeCount) }
        // Branches and classes are dealt to colleges in contiguous, near-equal chunks.
        for c in 0..<collegeCount {
            let branchRange = Campus.chunk(c, of: collegeCount, total: branchCount)
            let collegeShort = colleges[c].name.replacingOccurrences(of: "学院", with: "")
            for (k, _) in branchRange.enumerated() {
                branches.append(Branch(name: "\(collegeShort)学生第\(Vocabulary.numeral(k + 1))党支部", college: c))
            }
        }
        let firstCivil = config.firstDay.civil
        let newestGrade = firstCivil.month >= 9 ? firstCivil.year : firstCivil.year - 1
        var classesInGroup: [Int: Int] = [:]  // (college, grade) → classes so far
        var counsellors: [Int: String] = [:]
        for c in 0..<collegeCount {
            let classRange = Campus.chunk(c, of: collegeCount, total: classCount)
            let branchRange = Campus.chunk(c, of: collegeCount, total: branchCount)
            for (k, _) in classRange.enumerated() {
                let grade = newestGrade - k % 4
                let group = c * 10_000 + grade
                let serial = classesInGroup[group, default: 0] + 1
                classesInGroup[group] = serial
                let counsellor = counsellors[group] ?? Campus.personName(&names)
                counsellors[group] = counsellor
                let branch = branchRange.lowerBound + k * branchRange.count / classRange.count
                let name = colleges[c].major + Campus.pad(grade % 100, 2) + Campus.pad(serial, 2) + "班"
                classes.append(SchoolClass(name: name, branch: branch, college: c, grade: grade, counsellor: counsellor))
            }
        }

        // Class sizes vary ±20% around the mean and add up to exactly m.
        let weights = (0..<classCount).map { _ in 0.8 + 0.4 * rng.unit() }
        let sizes = Campus.apportion(m, weights: weights)
        var serials: [Int: Int] = [:]
        var staffSerial = 1_000
        let span = config.days
        for (ci, size) in sizes.enumerated() {
            let cls = classes[ci]
            for _ in 0..<size {
                let id: String
                if rng.chance(0.015) {
                    staffSerial += 1
                    id = "0" + Campus.pad(staffSerial, 4)
                } else {
                    let group = cls.college * 10_000 + cls.grade
                    let serial = serials[group, default: 0] + 1
                    serials[group] = serial
                    id = String(cls.grade) + Campus.pad(cls.college + 1, 2) + Campus.pad(serial, 4)
                }
                var person = Person(id: id, name: Campus.personName(&names), classIndex: ci,
                                    status: Campus.status(&rng), joined: nil, left: nil, onRoster: true)
                let turnover = rng.unit()
                if span > 2 && turnover < 0.02 {
                    person.joined = config.firstDay + rng.within(1...(span - 1))
                } else if span > 2 && turnover < 0.035 {
                    person.left = config.firstDay + rng.within(0...(span - 2))
                }
                people.append(person)
            }
        }
        rosterCount = people.count

        if config.mess == .full {
            // One member whose roster row only arrives with the roster update, joining mid-way…
            let cls = classes[0]
            let group = cls.college * 10_000 + cls.grade
            let serial = serials[group, default: 0] + 1
            serials[group] = serial
            people.append(Person(id: String(cls.grade) + Campus.pad(cls.college + 1, 2) + Campus.pad(serial, 4),
                                 name: Campus.personName(&names), classIndex: 0, status: "共青团员",
                                 joined: config.firstDay + span / 2, left: nil, onRoster: false))
            // …and ids that never appear on any roster (transfer students, typos in the export).
            for k in 1...3 {
                people.append(Person(id: "\(newestGrade - 1)99" + Campus.pad(k, 4), name: "", classIndex: 0,
                                     status: "", joined: nil, left: nil, onRoster: false))
            }
        }
    }

    /// The index of the late joiner added by the roster update (messy only).
    var lateJoiner: Int? { people.count > rosterCount ? rosterCount : nil }
    /// Indices of ids that are on no roster (messy only).
    var unknownIDs: Range<Int> { (lateJoiner.map { $0 + 1 } ?? people.count)..<people.count }

    /// Most colleges a shape has: a province's hundred.
    static let maxColleges = 100

    /// College `c` of `count`: one university's college names while they
    /// suffice, else colleges of several universities, named with them.
    static func college(_ c: Int, of count: Int) -> College {
        let names = Vocabulary.colleges
        guard count > names.count else { return College(name: names[c].name, major: names[c].major) }
        let university = Vocabulary.universities[(c / names.count) % Vocabulary.universities.count]
        let own = names[c % names.count]
        return College(name: university.name + own.name, major: university.short + own.major)
    }

    /// The `part`-th of `parts` contiguous chunks of 0..<total.
    static func chunk(_ part: Int, of parts: Int, total: Int) -> Range<Int> {
        (part * total / parts)..<((part + 1) * total / parts)
    }

    /// Splits `total` in proportion to `weights` (largest remainder, ties by index).
    static func apportion(_ total: Int, weights: [Double]) -> [Int] {
        let sum = weights.reduce(0, +)
        let exact = weights.map { Double(total) * $0 / sum }
        var sizes = exact.map { Int($0) }
        let order = exact.indices.sorted {
            let a = exact[$0] - Double(sizes[$0]), b = exact[$1] - Double(sizes[$1])
            return a != b ? a > b : $0 < $1
        }
        for i in order.prefix(total - sizes.reduce(0, +)) { sizes[i] += 1 }
        return sizes
    }

    static func personName(_ rng: inout Random) -> String {
        let u = rng.unit()
        let surname = Vocabulary.surnames[Int(Double(Vocabulary.surnames.count) * u * u)]
        let given = Vocabulary.givenCharacters
        return rng.chance(0.25) ? surname + rng.pick(given) : surname + rng.pick(given) + rng.pick(given)
    }

    static func status(_ rng: inout Random) -> String {
        var u = rng.unit()
        for (value, weight) in Vocabulary.statuses {
            if u < weight { return value }
            u -= weight
        }
        return Vocabulary.statuses[0].value
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
