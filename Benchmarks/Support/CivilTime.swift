import ReachModel

/// The wall-clock fields of an instant, to write it in each timestamp form.
public struct CivilTime: Equatable {
    public var year, month, day, hour, minute, second: Int

    /// The fields of `instant` (epoch seconds) on the wall clock of a zone
    /// `offset` seconds east of UTC.
    public init(_ instant: Int64, offset: Int = 0) {
        let (days, second) = (instant + Int64(offset)).quotientAndRemainder(dividingBy: 86_400)
        let (day, secondOfDay) = second < 0 ? (days - 1, Int(second) + 86_400) : (days, Int(second))
        (year, month, self.day) = Day(index: Int32(day)).civil
        (hour, minute, self.second) = (secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60)
    }
}
