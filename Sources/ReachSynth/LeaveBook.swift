import ReachModel

/// One request of a leave approval export (请假审批), as DingTalk or WeCom
/// list them: who, which kind of leave, from when to when, and where the
/// approval stands.
struct LeaveRequest {
    enum Status: CaseIterable {
        case approved, withdrawn, pending, refused
    }

    /// The roster member asking; nil for an id on no roster.
    var member: Int?
    var memberID: String
    var name: String
    /// The class (部门 in the export); empty for an id on no roster.
    var department: String
    /// 事假, 病假, 公假 or 丧假.
    var type: String
    var reason: String
    /// Local start and end: day and second of the day.
    var first: Day, firstSecond: Int
    var last: Day, lastSecond: Int
    var submitted: Day, submittedSecond: Int
    var status: Status
    /// Position in submission order; part of the approval number.
    var serial = 0

    /// Half a day off (08:00–12:00 or 14:00–18:00): it still excuses the day (SPEC 1.4).
    var isHalfDay: Bool { first == last && lastSecond - firstSecond <= 4 * 3_600 }

    /// A reader's identity of the row (SPEC 1.5): a repeat is a duplicate.
    struct Identity: Hashable { var memberID: String; var first, last: Day; var type: String }
    var identity: Identity { Identity(memberID: memberID, first: first, last: last, type: type) }
}

/// The leave requests of a generated inbox, and who is away on which day.
///
/// About four requests per 100 members up to 300 (a dozen for the sample),
/// then one per 10 more (about 5,000 for 50,000), and never fewer than the
/// six planted ones, the cases a reader must get right: an approved leave that
/// starts before the first generated day, a half day, a withdrawn, a pending
/// and a refused request, and an id on no roster.
///
/// Members on approved leave mostly do not check in on its days (on half a
/// day off, half of them still do), and neither do most of those whose
/// request is still pending — a pending leave shows as missed check-ins.
/// Withdrawn and refused requests change nothing.
struct LeaveBook {
    /// Requests in submission order.
    let requests: [LeaveRequest]
    /// Day offset → member → the factor on that member's check-in chance.
    private let away: [Int: [Int: Double]]
    /// Ids of requests by no roster member.
    var unknownMemberIDs: [String] { requests.filter { $0.member == nil }.map(\.memberID) }

    static let onLeaveCheckin = 0.08
    static let halfDayCheckin = 0.5

    static func requestCount(members: Int) -> Int {
        members <= 300 ? max(6, (members * 12 + 150) / 300) : 12 + (members - 300) / 10
    }

    init(config: SynthConfig, campus: Campus, calendar: TermCalendar) {
        var draw = RequestDraw(config: config, campus: campus, calendar: calendar)
        var requests = draw.planted()
        while requests.count < LeaveBook.requestCount(members: config.members) { requests.append(draw.random()) }
        requests = requests.enumerated().sorted { a, b in
            (a.element.submitted, a.element.submittedSecond, a.offset) < (b.element.submitted, b.element.submittedSecond, b.offset)
        }.map(\.element)
        for i in requests.indices { requests[i].serial = i + 1 }
        self.requests = requests

        var away: [Int: [Int: Double]] = [:]
        for r in requests where r.status == .approved || r.status == .pending {
            guard let member = r.member else { continue }
            let factor = r.isHalfDay ? LeaveBook.halfDayCheckin : LeaveBook.onLeaveCheckin
            let (from, to) = (max(r.first, config.firstDay) - config.firstDay, min(r.last, config.end) - config.firstDay)
            for offset in stride(from: from, through: to, by: 1) {
                away[offset, default: [:]][member] = min(factor, away[offset]?[member] ?? 1)
            }
        }
        self.away = away
    }

    /// Members away on day `offset` and the factor on their check-in chance.
    func away(at offset: Int) -> [Int: Double] { away[offset] ?? [:] }
}

/// Draws leave requests from the leave stream: members active and expected
/// on the day, types with their reasons, lengths and approval statuses.
private struct RequestDraw {
    let config: SynthConfig
    let campus: Campus
    let calendar: TermCalendar
    var rng: Random

    init(config: SynthConfig, campus: Campus, calendar: TermCalendar) {
        self.config = config
        self.campus = campus
        self.calendar = calendar
        rng = Random(seed: config.seed, purpose: .leave)
    }

    static let reasons: [(type: String, weight: Double, reasons: [String])] = [
        ("事假", 0.50, ["家中有事需回家处理", "参加亲属婚礼", "回户籍地办理证件", "参加实习单位面试", "陪同家人就医"]),
        ("病假", 0.35, ["感冒发烧，需就医", "急性肠胃炎就诊", "牙科复诊", "扭伤脚踝, 校医院建议休息"]),
        ("公假", 0.12, ["代表学院参加学科竞赛", "参加校运动队集训", "参加志愿服务活动"]),
        ("丧假", 0.03, ["直系亲属丧事"]),
    ]

    /// The cases every leave export holds, whatever its size.
    mutating func planted() -> [LeaveRequest] {
        let first = config.firstDay, last = config.end, middle = config.firstDay + config.days / 2
        var crossing = request(type: "病假", reason: "住院治疗，出院后补办请假", first: first - 2, last: first + 2)
        crossing.submitted = first  // filed afterwards, on the first day
        crossing.submittedSecond = 9 * 3_600 + rng.below(3_600)
        var halfDay = request(type: "事假", reason: "回户籍地办理证件", first: middle, last: middle)
        halfDay.lastSecond = 12 * 3_600
        let withdrawn = request(type: "事假", reason: "参加亲属婚礼", first: middle + 3, last: middle + 3, status: .withdrawn)
        let pending = request(type: "事假", reason: "家中有事需回家处理", first: last, last: last + 1, status: .pending)
        let refused = request(type: "事假", reason: "外出旅游", first: first + config.days / 3, last: first + config.days / 3,
                              status: .refused)
        var stranger = request(type: "公假", reason: "代表学院参加学科竞赛", first: middle - 2, last: middle - 1)
        let grade = campus.classes.map(\.grade).max() ?? first.civil.year
        stranger.member = nil
        stranger.memberID = "\(grade)98" + Campus.pad(1, 4)  // no college has number 98: on no roster
        stranger.name = Campus.personName(&rng)
        stranger.department = ""
        return [crossing, halfDay, withdrawn, pending, refused, stranger]
    }

    /// A request of a member expected on its first day, mostly approved.
    mutating func random() -> LeaveRequest {
        var u = rng.unit()
        var kind = RequestDraw.reasons[0]
        for k in RequestDraw.reasons {
            if u < k.weight { kind = k; break }
            u -= k.weight
        }
        let first = config.firstDay + rng.below(config.days)
        let length = rng.unit()
        let days = length < 0.65 ? 1 : (length < 0.9 ? rng.within(2...3) : rng.within(4...7))
        var r = request(type: kind.type, reason: rng.pick(kind.reasons), first: first, last: first + days - 1,
                        status: RequestDraw.status(&rng, recent: config.end - first < 3))
        if days == 1 && rng.chance(0.35) {
            if rng.chance(0.5) { r.lastSecond = 12 * 3_600 } else { r.firstSecond = 14 * 3_600 }
        }
        return r
    }

    private static func status(_ rng: inout Random, recent: Bool) -> LeaveRequest.Status {
        let u = rng.unit()
        if recent && u < 0.3 { return .pending }
        return u < 0.86 ? .approved : (u < 0.94 ? .withdrawn : .refused)
    }

    /// A full-day request (08:00 on the first day to 18:00 on the last) by a
    /// roster member active and expected on `first`, submitted a day or two
    /// before, within the generated days.
    private mutating func request(type: String, reason: String, first: Day, last: Day,
                                  status: LeaveRequest.Status = .approved) -> LeaveRequest {
        let member = pickMember(on: first)
        let person = campus.people[member]
        let lead = type == "病假" ? rng.below(2) : rng.within(1...2)
        let submitted = min(config.end, max(config.firstDay, first - lead))
        return LeaveRequest(member: member, memberID: person.id, name: person.name,
                            department: campus.classes[person.classIndex].name, type: type, reason: reason,
                            first: first, firstSecond: 8 * 3_600, last: last, lastSecond: 18 * 3_600,
                            submitted: submitted,
                            submittedSecond: submitted < first ? rng.within(8 * 3_600...(22 * 3_600)) : 7 * 3_600 + rng.below(3_600),
                            status: status)
    }

    /// A roster member on the roster on `day` whose class has no day off then (a few tries).
    private mutating func pickMember(on day: Day) -> Int {
        var member = rng.below(campus.rosterCount)
        for _ in 0..<8 {
            let p = campus.people[member]
            let active = (p.joined.map { $0 <= day } ?? true) && (p.left.map { day <= $0 } ?? true)
            if active && !calendar.isOff(day, classIndex: p.classIndex, in: campus) { break }
            member = rng.below(campus.rosterCount)
        }
        return member
    }
}
