import ReachModel

/// The share targets (转发至) and comment texts (评论内容) of `--groups`.
///
/// Each is a function of the event and the seed, not a draw from a file's
/// stream, so a duplicated row repeats its original's target and text and
/// adding these columns changes nothing else in a file.
struct EventTexts {
    private let seed: UInt64
    /// Each member's class.
    private let classOf: [Int32]
    /// Per class, the targets its members share to (GroupRegistry.classTargets), as bytes.
    private let targets: [[[UInt8]]]

    init(campus: Campus, registry: GroupRegistry, seed: UInt64) {
        self.seed = seed
        classOf = campus.people.map { Int32($0.classIndex) }
        targets = registry.classTargets.map { $0.map { Array($0.utf8) } }
    }

    /// Writes where `event` was shared to: the member's class group (its
    /// own, unregistered one in a class without a registered group) about
    /// 80% of the time, the branch group 15% (where the branch has one), the
    /// school organisation's group 2%, and in the class with a closed group
    /// its old name 3%; one target in 89 with a space either side (a reader
    /// trims it).
    func writeTarget(of event: Happening, into out: inout ByteBuffer) {
        let h = hash(event)
        let choices = targets[Int(classOf[event.member])]
        let u = h % 1_000
        let target = u < 30 ? choices[choices.count > 3 ? 3 : 0] : u < 50 ? choices[2] : u < 200 ? choices[1] : choices[0]
        let padded = (h >> 20) % 89 == 0
        if padded { out.append(0x20) }
        out.append(target)
        if padded { out.append(0x20) }
    }

    /// What the member wrote: a thoughtful comment when it is featured, else a short one.
    func comment(_ event: Happening) -> String {
        let h = Int(truncatingIfNeeded: hash(event) >> 1)
        guard event.featured else { return Vocabulary.commentTexts[h % Vocabulary.commentTexts.count] }
        let openings = Vocabulary.featuredOpenings, thoughts = Vocabulary.featuredThoughts
        return openings[h % openings.count] + thoughts[h / openings.count % thoughts.count]
    }

    private func hash(_ event: Happening) -> UInt64 {
        var state = seed ^ event.bits
        return Random.splitMix(&state)
    }
}
