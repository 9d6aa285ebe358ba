import ReachModel

extension Store {
    /// The metrics input for as-of day `asOf` and window length `window`,
    /// with days in `zone` (SPEC 2).
    ///
    /// - Roster sorted by member_id (code points); only its members' events
    ///   appear, mapped to roster indexes (unknown members are left out).
    /// - Day arrays run from min(A − 2W + 1, earliest check-in day) through A;
    ///   events after A are left out.
    /// - Check-ins for every day (members only); shares and comments, with
    ///   content indexes and (comments) featured flags, for the window
    ///   [A − W + 1, A] only.
    ///
    /// When `zone` is the packing zone, day rows map directly; otherwise every
    /// event is re-bucketed by `zone.day(of:)`, reading neighbouring rows.
    public func loadActivity(asOf: Day, window: Int, zone: ReportingZone) throws -> Activity {
        precondition(window >= 1, "window must be at least one day")
        return try guarded {
            let roster = try rosterRows()
            var rosterIndex: [Int32] = []
            for (index, entry) in roster.enumerated() {
                let key = Int(entry.key)
                if key >= rosterIndex.count {
                    rosterIndex += Array(repeating: -1, count: key - rosterIndex.count + 1)
                }
                rosterIndex[key] = Int32(index)
            }
            let windowStart = asOf - (window - 1)
            var firstDay = asOf - (2 * window - 1)
            if let earliest = try earliestDay(of: .checkin, in: zone), earliest < firstDay { firstDay = earliest }

            var loader = DayLoader(db: db, packing: self.zone, zone: zone, rosterIndex: rosterIndex)
            let checkins = try loader.load(.checkin, from: firstDay, through: asOf, withContents: false)
            let shares = try loader.load(.share, from: windowStart, through: asOf, withContents: true)
            let comments = try loader.load(.comment, from: windowStart, through: asOf, withContents: true)

            // Content keys → indexes into contentIDs, sorted by content_id.
            let contentStrings = try DictionaryTables.contentIDs(db)
            var used = [Bool](repeating: false, count: contentStrings.count)
            for day in shares + comments { for key in day.contents where key > 0 { used[Int(key)] = true } }
            let usedKeys = used.indices.filter { used[$0] }
                .sorted { contentStrings[$0].precedesByCodePoint(contentStrings[$1]) }
            var contentIndex = [Int32](repeating: -1, count: contentStrings.count)
            for (index, key) in usedKeys.enumerated() { contentIndex[key] = Int32(index) }
            func remap(_ days: [DayEvents]) -> [DayEvents] {
                days.map { day in
                    var day = day
                    for k in day.contents.indices { day.contents[k] = contentIndex[Int(day.contents[k])] }
                    return day
                }
            }

            let padding = windowStart - firstDay
            let empty = [DayEvents](repeating: DayEvents(), count: padding)
            return Activity(roster: roster.map(\.member), firstDay: firstDay, asOf: asOf, checkins: checkins,
                            shares: empty + remap(shares), comments: empty + remap(comments),
                            contentIDs: usedKeys.map { contentStrings[$0] })
        }
    }

    /// The local day in `zone` of the earliest stored event of `kind`.
    func earliestDay(of kind: EventKind, in zone: ReportingZone) throws -> Day? {
        let row = try db.cached("SELECT day, instants FROM day_events WHERE kind = ? AND count > 0 ORDER BY day LIMIT 1")
        defer { row.reset() }
        try row.bind([Int64(kind.rawValue)])
        guard try row.step() else { return nil }
        let day = Day(index: Int32(row.int64(0)))
        if zone == self.zone { return day }
        // Rows are sorted by instant, so the first is the earliest.
        let offset = row.withBlob(1) { Int32(bitPattern: ColumnCodec.uint32($0, 0)) }
        return zone.day(of: Int64(day.index) * 86_400 + Int64(offset))
    }
}

/// Decodes packed day rows into ``DayEvents`` of roster members.
struct DayLoader {
    let db: Database
    let packing: ReportingZone
    let zone: ReportingZone
    /// Roster index of each member key (−1: not on the roster).
    let rosterIndex: [Int32]

    /// `DayEvents` for every day of `first...last` (in `zone`). With
    /// `withContents`, contents hold raw content keys (remapped by the caller)
    /// and comments carry featured flags.
    mutating func load(_ kind: EventKind, from first: Day, through last: Day, withContents: Bool) throws -> [DayEvents] {
        let count = last - first + 1
        guard count > 0 else { return [] }
        var days = [DayEvents](repeating: DayEvents(), count: count)
        let featured = withContents && kind == .comment
        let direct = zone == packing
        // Another zone's day d can hold events of packing days d − 2 … d + 2.
        let margin = direct ? 0 : 2
        let columns = direct ? (withContents ? "members, contents, attributes" : "members")
                             : "members, contents, attributes, instants"
        let rows = try db.prepare("""
            SELECT day, \(columns) FROM day_events
            WHERE id BETWEEN ? AND ? AND kind = ? ORDER BY id
            """)
        try rows.bind([DayRows.id(kind: kind, day: first - margin), DayRows.id(kind: kind, day: last + margin),
                       Int64(kind.rawValue)])
        var finder = DayFinder(zone: zone)
        while try rows.step() {
            let storedDay = Day(index: Int32(rows.int64(0)))
            let members = rows.withBlob(1) { $0 }  // pointers stay valid until the next step
            let n = members.count / 4
            if direct {
                let slot = storedDay - first
                if withContents {
                    let contents = rows.withBlob(2) { $0 }
                    let attributes = rows.withBlob(3) { $0 }
                    decode(n, members, contents, featured ? attributes : nil, into: &days[slot])
                } else {
                    decodeMembers(n, members, into: &days[slot])
                }
            } else {
                let contents = rows.withBlob(2) { $0 }
                let attributes = rows.withBlob(3) { $0 }
                let offsets = rows.withBlob(4) { $0 }
                let base = Int64(storedDay.index) * 86_400
                for k in 0..<n {
                    let instant = base + Int64(Int32(bitPattern: ColumnCodec.uint32(offsets, k)))
                    let day = finder.day(of: instant)
                    guard day >= first && day <= last else { continue }
                    let member = rosterIndex.at(ColumnCodec.uint32(members, k))
                    guard member >= 0 else { continue }
                    days[day - first].members.append(member)
                    if withContents {
                        days[day - first].contents.append(Int32(ColumnCodec.uint32(contents, k)))
                        if featured {
                            days[day - first].featured.append(ColumnCodec.uint32(attributes, k) & Dictionaries.featuredBit != 0)
                        }
                    }
                }
            }
        }
        return days
    }

    private func decodeMembers(_ n: Int, _ members: UnsafeRawBufferPointer, into day: inout DayEvents) {
        day.members.reserveCapacity(n)
        rosterIndex.withUnsafeBufferPointer { index in
            for k in 0..<n {
                let key = Int(ColumnCodec.uint32(members, k))
                let member = key < index.count ? index[key] : -1
                if member >= 0 { day.members.append(member) }
            }
        }
    }

    private func decode(_ n: Int, _ members: UnsafeRawBufferPointer, _ contents: UnsafeRawBufferPointer,
                        _ attributes: UnsafeRawBufferPointer?, into day: inout DayEvents) {
        day.members.reserveCapacity(n)
        day.contents.reserveCapacity(n)
        if attributes != nil { day.featured.reserveCapacity(n) }
        for k in 0..<n {
            let member = rosterIndex.at(ColumnCodec.uint32(members, k))
            guard member >= 0 else { continue }
            day.members.append(member)
            day.contents.append(Int32(ColumnCodec.uint32(contents, k)))
            if let attributes { day.featured.append(ColumnCodec.uint32(attributes, k) & Dictionaries.featuredBit != 0) }
        }
    }
}

extension [Int32] {
    /// The element at `key`, −1 past the end.
    @inline(__always) func at(_ key: UInt32) -> Int32 {
        Int(key) < count ? self[Int(key)] : -1
    }
}
