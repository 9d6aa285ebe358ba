import ReachModel

/// `zone.day(of:)` with a one-day memo: consecutive instants of the same
/// local day (the common case in time-ordered exports) cost two compares.
struct DayFinder {
    let zone: ReportingZone
    private var low: Int64 = 1
    private var high: Int64 = 0
    private var day = Day(index: 0)

    init(zone: ReportingZone) { self.zone = zone }

    @inline(__always) mutating func day(of instant: Int64) -> Day {
        if instant >= low && instant < high { return day }
        return miss(instant)
    }

    private mutating func miss(_ instant: Int64) -> Day {
        let found = zone.day(of: instant)
        let offset = Int64(zone.offset(at: instant))
        let start = Int64(found.index) * 86_400 - offset
        let end = start + 86_400
        // Memoize the day only when one offset holds all day long: then every
        // instant in [start, end) falls on `found`.
        if zone.offset(at: start) == Int(offset) && zone.offset(at: end - 1) == Int(offset) {
            low = start
            high = end
            day = found
        } else {
            low = 1
            high = 0
        }
        return found
    }
}
