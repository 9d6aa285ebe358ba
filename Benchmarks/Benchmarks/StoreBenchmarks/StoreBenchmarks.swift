import Benchmark
import BenchmarkSupport
import ReachModel
@_spi(Benchmarks) import ReachStore

/// ReachStore's day codec (BENCHMARKS.md, "Micro-benchmarks"): a day of
/// check-ins of a 50,000-member campus (60,000 events, about a year-shape
/// day) merged into an empty day row, encoded to the row's four column
/// blobs, and decoded back with every value checked.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = Measuring.configuration
    let events = 60_000

    Benchmark("DayPack-merge-60k-check-ins") { benchmark, day in
        blackHole(benchmark.measuringThreadCPU { day.merged(into: PackedDay()) })
    } setup: {
        let day = CheckInDay.events(count: events, seed: 19)
        precondition(day.merged(into: PackedDay()).accepted == CheckInDay.distinct(count: events, seed: 19))
        return day
    }

    Benchmark("DayPack-encode-60k-check-ins") { benchmark, day in
        blackHole(benchmark.measuringThreadCPU { day.encoded() })
    } setup: {
        CheckInDay.events(count: events, seed: 19).merged(into: PackedDay()).day
    }

    Benchmark("DayPack-decode-60k-check-ins") { benchmark, columns in
        blackHole(try benchmark.measuringThreadCPU {
            try columns.decoded(memberIDs: Campus.members, contentIDs: 0, attributes: 0)
        })
    } setup: {
        let day = CheckInDay.events(count: events, seed: 19).merged(into: PackedDay()).day
        let columns = day.encoded()
        let decoded = try columns.decoded(memberIDs: Campus.members, contentIDs: 0, attributes: 0)
        precondition(decoded.count == day.count, "decoded \(decoded.count) events of \(day.count)")
        return columns
    }
}

/// The check-ins of local day 2026-11-03 (Asia/Shanghai) in time order, as
/// an export lists them: member keys 1 … 50,000 drawn at random, times
/// over the whole day, no content or attribute keys; about one in a
/// hundred repeats the one before (a row exported twice).
enum CheckInDay {
    static let day = Day(year: 2026, month: 11, day: 3)!.index

    static func events(count: Int, seed: UInt64) -> PackedDay {
        var random = SplitMix(seed: seed)
        let midnight = Int64(day) * 86_400 - 8 * 3600
        var members: [UInt32] = [], instants: [Int64] = []
        for k in 0 ..< count {
            if k > 0 && random.next(100) == 0 {
                members.append(members[k - 1])
                instants.append(instants[k - 1])
            } else {
                members.append(UInt32(1 + random.next(Campus.members)))
                instants.append(midnight + Int64(k) * 86_400 / Int64(count))
            }
        }
        return PackedDay(day: day, members: members, instants: instants,
                         contents: Array(repeating: 0, count: count), attributes: Array(repeating: 0, count: count))
    }

    /// How many of ``events(count:seed:)`` are distinct: the repeats drawn
    /// again from the same stream.
    static func distinct(count: Int, seed: UInt64) -> Int {
        var random = SplitMix(seed: seed), repeats = 0
        for k in 0 ..< count {
            if k > 0 && random.next(100) == 0 { repeats += 1 } else { _ = random.next(Campus.members) }
        }
        return count - repeats
    }
}
