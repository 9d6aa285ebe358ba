import ReachModel

/// The bytes every event row needs, prepared once: member ids, names and post
/// ids, and with `--groups` the share targets and comment texts.
struct RowVocabulary {
    let memberIDs: [[UInt8]]
    let names: [String]
    let articleIDs: [[UInt8]]
    let texts: EventTexts?

    init(campus: Campus, posts: PostSchedule, texts: EventTexts? = nil) {
        memberIDs = campus.people.map { Array($0.id.utf8) }
        names = campus.people.map(\.name)
        articleIDs = posts.articles.map { Array($0.id.utf8) }
        self.texts = texts
    }
}

/// Ways a planted bad row is broken (SPEC 1.6), used in turn.
enum BadRow: CaseIterable {
    case extraField, missingFields, emptyMemberID, impossibleDate, unreadableTime
}

extension ExportFile {
    /// Writes one event row in this file's dialect.
    ///
    /// `rng` draws the per-row choices of a messy file (notation, padding,
    /// channel…); `notation` forces one, `bad` breaks the row on purpose.
    func writeEvent(_ event: Happening, clock: TimestampWriter, words: RowVocabulary, rng: inout Random,
                    role: Role, notation: TimestampStyle? = nil, bad: BadRow? = nil) {
        let d = style.delimiter
        var columns = style.columns[...]
        if bad == .missingFields { columns = columns.prefix(1) }
        for (i, column) in columns.enumerated() {
            if i > 0 { out.append(d) }
            switch column {
            case .memberID:
                if bad == .emptyMemberID { break }
                pad(&rng, leading: true)
                out.append(words.memberIDs[event.member])
                pad(&rng, leading: false)
            case .time:
                pad(&rng, leading: true)
                switch bad {
                case .impossibleDate:
                    out.appendDecimal(clock.day.civil.year)
                    out.append("-02-30 ")
                    out.append2(event.second / 3_600)
                    out.append(":15:00")
                case .unreadableTime:
                    out.append("昨天 ")
                    out.append2(event.second / 3_600)
                    out.append(":00")
                default:
                    let chosen = notation ?? (style.timestamps.count == 1 ? style.timestamps[0] : rng.pick(style.timestamps))
                    clock.write(second: event.second, style: chosen, noise: style.timestamps.count == 1 ? 0 : rng.next(),
                                into: &out)
                }
                pad(&rng, leading: false)
            case .contentID:
                if let a = event.article { out.append(words.articleIDs[a]) }
            case .featured:
                out.append(style.chinese ? (event.featured ? "是" : "否") : (event.featured ? "1" : "0"))
            case .name:
                out.appendField(words.names[event.member], delimiter: d)
            case .channel:
                out.append(rng.pick(["小程序", "公众号", "企业微信"]))
            case .target:
                if let texts = words.texts {
                    texts.writeTarget(of: event, into: &out)
                } else {
                    out.append(rng.pick(["朋友圈", "微信群", "好友"]))
                }
            case .text:
                out.appendField(words.texts?.comment(event) ?? rng.pick(Vocabulary.comments), delimiter: d)
            default:
                break
            }
        }
        if bad == .extraField {
            out.append(d)
            out.append("备注")
        }
        endLine(role)
    }

    /// Full-width or ASCII space padding around a field of a padded file.
    @inline(__always) private func pad(_ rng: inout Random, leading: Bool) {
        guard style.padded else { return }
        switch rng.below(4) {
        case 0: out.append("\u{3000}")
        case 1: out.append(leading ? " " : "\u{3000}\u{3000}")
        default: break
        }
    }
}
