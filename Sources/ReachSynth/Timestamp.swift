import ReachModel

/// The timestamp notations exporters use (SPEC 1.4); a messy inbox mixes them.
///
/// Every style names the same instant to the second, so the same event
/// written in two styles is one event. Styles without seconds are used only
/// for events at second 0.
enum TimestampStyle: CaseIterable {
    /// `2026-11-03 07:05:09`
    case standard
    /// `2026/11/3 7:05:09`, or `2026/11/3 7:05` at second 0
    case slash
    /// `2026-11-02T23:05:09Z`, sometimes with milliseconds
    case isoUTC
    /// `2026-11-03T07:05:09+08:00`
    case isoOffset
    /// `1793661909`
    case epochSeconds
    /// `1793661909417` (the milliseconds are noise; reach truncates them)
    case epochMillis

    /// Offset of the zone the generator writes local times in (Asia/Shanghai, no DST since 1991).
    static let zoneOffset = 8 * 3_600
}

/// Writes timestamps of one day quickly: the date part is prepared once.
struct TimestampWriter {
    let day: Day
    private let datePrefix: [UInt8]

    init(day: Day) {
        self.day = day
        var b = ByteBuffer()
        b.append(day.description)
        b.append(0x20)
        datePrefix = b.bytes
    }

    /// The local timestamp `second` seconds after local midnight of `day`, in `style`.
    /// `noise` (any value) chooses milliseconds where the style has them.
    func write(second: Int, style: TimestampStyle, noise: UInt64, into out: inout ByteBuffer) {
        switch style {
        case .standard:
            out.append(datePrefix)
            TimestampWriter.clock(second, padded: true, seconds: true, into: &out)
        case .slash:
            let (y, m, d) = day.civil
            out.appendDecimal(y)
            out.append(0x2F)
            out.appendDecimal(m)
            out.append(0x2F)
            out.appendDecimal(d)
            out.append(0x20)
            TimestampWriter.clock(second, padded: false, seconds: second % 60 != 0, into: &out)
        case .isoUTC:
            let instant = instant(second)
            let utcDay = Day(index: Int32(instant >= 0 ? instant / 86_400 : (instant - 86_399) / 86_400))
            out.append(utcDay.description)
            out.append(0x54)
            TimestampWriter.clock(Int(instant - Int64(utcDay.index) * 86_400), padded: true, seconds: true, into: &out)
            if noise % 3 == 0 {
                out.append(0x2E)
                out.appendDecimal(Int(noise >> 8 % 1000), width: 3)
            }
            out.append(0x5A)
        case .isoOffset:
            out.append(Array(datePrefix.dropLast()))
            out.append(0x54)
            TimestampWriter.clock(second, padded: true, seconds: true, into: &out)
            out.append("+08:00")
        case .epochSeconds:
            out.appendDecimal(Int(instant(second)))
        case .epochMillis:
            out.appendDecimal(Int(instant(second)) * 1_000 + Int(noise >> 8 % 1_000))
        }
    }

    /// `2026-11-03 08:00`: a local time to the minute, as approval exports write it.
    static func minutes(_ day: Day, second: Int, into out: inout ByteBuffer) {
        out.append(day.description)
        out.append(0x20)
        clock(second, padded: true, seconds: false, into: &out)
    }

    /// Epoch seconds of a local second of `day`.
    func instant(_ second: Int) -> Int64 {
        Int64(day.index) * 86_400 + Int64(second - TimestampStyle.zoneOffset)
    }

    private static func clock(_ second: Int, padded: Bool, seconds: Bool, into out: inout ByteBuffer) {
        let h = second / 3_600
        if padded { out.append2(h) } else { out.appendDecimal(h) }
        out.append(0x3A)
        out.append2(second / 60 % 60)
        if seconds {
            out.append(0x3A)
            out.append2(second % 60)
        }
    }
}

extension ByteBuffer {
    /// A date as `2026-11-03`, or as `2026/11/3` when `slashed` (SPEC 1.4 accepts both).
    mutating func appendDate(_ day: Day, slashed: Bool = false) {
        guard slashed else { return append(day.description) }
        let (y, m, d) = day.civil
        appendDecimal(y)
        append(0x2F)
        appendDecimal(m)
        append(0x2F)
        appendDecimal(d)
    }
}
