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
    /// - Contract v4: shares carry their target as an index of
    ///   ``ReachModel/Activity/targets`` (``ShareTargets``); the window's
    ///   featured comments come with instant, content and text
    ///   (``featuredComments(_:contentIndex:)``); the registry is
    ///   ``registry()``.
    ///
    /// When `zone` is the packing zone, day rows map directly; otherwise every
    /// event is re-bucketed by `zone.day(of:)`, reading neighbouring rows.
    public func loadActivity(asOf: Day, window: Int, zone: ReportingZone) throws -> Activity {
        precondition(window >= 1, "window must be at least one day")
        return try guarded { try snapshot {
            // First, so that the roster's member keys are known to run 1, 2, 3, …
            let limits = try KeyLimits.read(db)
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

            let loader = DayLoader(db: db, packing: self.zone, zone: zone, rosterIndex: rosterIndex, limits: limits,
                                   threads: threads)
            let checkins = try loader.load(.checkin, from: firstDay, through: asOf, withContents: false)
            var stored: [StoredComment] = []
            var shares = try loader.load(.share, from: windowStart, through: asOf, withContents: true)
            let comments = try loader.load(.comment, from: windowStart, through: asOf, withContents: true,
                                           featuredComments: &stored)
            let targets = try ShareTargets(&shares, attributes: DictionaryTables.attributes(db))

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
            let members = roster.map(\.member)
            return Activity(roster: members, firstDay: firstDay, asOf: asOf, checkins: checkins,
                            shares: empty + remap(shares), comments: empty + remap(comments),
                            contentIDs: usedKeys.map { contentStrings[$0] },
                            denominators: try denominators(roster: members, zone: zone), targets: targets.names,
                            featuredComments: try featuredComments(stored, contentIndex: contentIndex),
                            registry: try registry())
        } }
    }

    /// Data days, calendar and leave for a report in `zone` (contract v2).
    ///
    /// Data days are the local days of each checkins file's span. For files
    /// stored before contract v2 (span unknown), the days with at least one
    /// stored check-in of anyone count as data days — in the packing zone's
    /// days, which are the report's unless the report is in another zone.
    func denominators(roster: [Member], zone: ReportingZone) throws -> Denominators {
        let spans = try dataSpans()
        var dataDays = spans.spans.map { zone.day(of: $0.lowerBound) ... zone.day(of: $0.upperBound) }
        if spans.filesWithoutSpan > 0 {
            try db.query("SELECT day FROM day_events WHERE kind = ? AND count > 0 ORDER BY day", [Int64(EventKind.checkin.rawValue)]) { rows in
                while try rows.step() {
                    guard let day = try rows.optionalDay(0) else { continue }
                    dataDays.append(day...day)
                }
            }
        }
        var index: [String: Int32] = [:]
        for (m, member) in roster.enumerated() { index[member.memberID] = Int32(m) }
        let leave = try self.leave().compactMap { entry -> Denominators.MemberLeave? in
            index[entry.memberID].map { Denominators.MemberLeave(member: $0, start: entry.start, end: entry.end) }
        }
        return Denominators(dataDays: dataDays, calendar: try calendar(), leave: leave)
    }

    /// The local day in `zone` of the earliest stored event of `kind`.
    func earliestDay(of kind: EventKind, in zone: ReportingZone) throws -> Day? {
        let row = try db.cached("""
            SELECT \(DayRowHeader.columns), instants FROM day_events WHERE kind = ? AND count > 0 ORDER BY kind, day LIMIT 1
            """)
        defer { row.reset() }
        try row.bind([Int64(kind.rawValue)])
        guard try row.step() else { return nil }
        let header = try DayRowHeader(row, path: path)
        if zone == self.zone { return header.day }
        // Rows are sorted by instant, so the first is the earliest.
        let offset = try header.checking { () throws(ColumnDamage) in
            try StoredColumn(.instants, row.blob(4), count: header.count).first(within: PackedEvent.storedOffsets)
        }
        guard let offset else { return nil }
        let first = PackedEvent(member: 0, biasedOffset: offset, content: 0, attribute: 0)
        return zone.day(of: Int64(header.day.index) * 86_400 + Int64(first.offset))
    }
}

/// Decodes packed day rows into ``DayEvents`` of roster members, checking
/// each row as it goes (see ``DayRowHeader``).
struct DayLoader {
    let db: Database
    let packing: ReportingZone
    let zone: ReportingZone
    /// Roster index of each member key (−1: not on the roster).
    let rosterIndex: [Int32]
    /// The keys a row may refer to.
    let limits: KeyLimits
    /// The most threads days are decoded on (``Store/threads``).
    let threads: Int

    /// `DayEvents` for every day of `first...last` (in `zone`). With
    /// `withContents`, contents hold raw content keys (remapped by the caller),
    /// comments carry featured flags and shares their raw attribute keys as
    /// targets (contract v4; remapped by the caller).
    func load(_ kind: EventKind, from first: Day, through last: Day, withContents: Bool) throws -> [DayEvents] {
        var none: [StoredComment] = []
        return try load(kind, from: first, through: last, withContents: withContents, featuredComments: &none)
    }

    /// ``load(_:from:through:withContents:)``, also appending the featured
    /// comments of roster members to `featuredComments` (comments with
    /// contents only). Instants are decoded only for the days that hold one.
    func load(_ kind: EventKind, from first: Day, through last: Day, withContents: Bool,
              featuredComments: inout [StoredComment]) throws -> [DayEvents] {
        let count = last - first + 1
        guard count > 0 else { return [] }
        var days = [DayEvents](repeating: DayEvents(), count: count)
        let featured = withContents && kind == .comment
        let targets = withContents && kind == .share
        let direct = zone == packing
        // Another zone's day d can hold events of packing days d − 2 … d + 2.
        let margin = direct ? 0 : 2
        // Read only the columns needed: members come first in the row, so
        // check-in history never touches the other blobs' pages. The kind
        // is taken from the id, so a row whose kind column was damaged is
        // still read, and reported.
        let columns = direct ? (withContents ? "members, contents, attributes" : "members")
                             : "members, contents, attributes, instants"
        let rows = try db.prepare("""
            SELECT \(DayRowHeader.columns), \(columns) FROM day_events
            WHERE id BETWEEN ? AND ? AND (id & 3) = ? ORDER BY id
            """)
        try rows.bind([DayRows.id(kind: kind, day: first - margin), DayRows.id(kind: kind, day: last + margin),
                       Int64(kind.rawValue)])
        var finder = DayFinder(zone: zone)
        var memberBlobs: [(slot: Int, row: DayRowHeader, blob: [UInt8])] = []
        while try rows.step() {
            let row = try DayRowHeader(rows, path: db.path)
            let n = row.count
            if direct && !withContents {
                // Check-in history: keep a copy of the (small) members blob
                // and decode all days in parallel below.
                let slot = row.day - first
                guard slot >= 0 && slot < count else { continue }
                memberBlobs.append((slot, row, [UInt8](rows.blob(4))))
                continue
            }
            func values(_ column: DayColumn, at index: Int32, within bounds: ValueBounds) throws(ColumnDamage) -> [UInt32] {
                try StoredColumn(column, rows.blob(index), count: n).decode(within: bounds)
            }
            let (members, contents, attributes, offsets) = try row.checking { () throws(ColumnDamage) in
                try (values(.members, at: 4, within: limits.members),
                     withContents || !direct ? values(.contents, at: 5, within: limits.contents) : [],
                     featured || targets || !direct ? values(.attributes, at: 6, within: limits.attributeColumn) : [],
                     direct ? [] : values(.instants, at: 7, within: PackedEvent.storedOffsets))
            }
            if direct {
                let slot = row.day - first
                guard slot >= 0 && slot < count else { continue }
                append(members, contents, attributes, withContents: withContents, featured: featured, targets: targets,
                       to: &days[slot])
                if featured && attributes.contains(where: { $0 & Dictionaries.featuredBit != 0 }) {
                    let offsets = try instants(of: row)
                    for k in 0..<n where attributes[k] & Dictionaries.featuredBit != 0 {
                        let member = rosterIndex.at(members[k])
                        guard member >= 0 else { continue }
                        featuredComments.append(StoredComment(
                            member: member, memberKey: members[k], day: row.day, contentKey: contents[k],
                            instant: Int64(row.day.index) * 86_400 - PackedEvent.bias + Int64(offsets[k])))
                    }
                }
            } else {
                let base = Int64(row.day.index) * 86_400 - PackedEvent.bias
                for k in 0..<n {
                    let local = finder.day(of: base + Int64(offsets[k]))
                    guard local >= first && local <= last else { continue }
                    let member = rosterIndex.at(members[k])
                    guard member >= 0 else { continue }
                    let slot = local - first
                    days[slot].members.append(member)
                    if withContents { days[slot].contents.append(Int32(bitPattern: contents[k])) }
                    if targets { days[slot].targets.append(Int32(bitPattern: attributes[k] & ~Dictionaries.featuredBit)) }
                    guard featured else { continue }
                    let isFeatured = attributes[k] & Dictionaries.featuredBit != 0
                    days[slot].featured.append(isFeatured)
                    if isFeatured {
                        featuredComments.append(StoredComment(member: member, memberKey: members[k], day: local,
                                                              contentKey: contents[k], instant: base + Int64(offsets[k])))
                    }
                }
            }
        }
        // The day arrays are allocated here, on the calling thread, and the
        // workers only fill them: an array allocated on a worker thread lives
        // in that thread's malloc arena, where glibc keeps its memory once it
        // is freed, so the check-ins of a long window, freed before the
        // tables are built, would stay resident and raise the report's peak.
        let members = SharedSlots<[Int32]>(repeating: [], count: memberBlobs.count)
        for k in memberBlobs.indices { members[k] = [Int32](repeating: 0, count: memberBlobs[k].row.count) }
        let blobs = memberBlobs.map(\.blob), rosterIndex = self.rosterIndex, bounds = limits.members
        let kept = parallelMap(blobs.count, threads: threads) { k in
            blobs[k].withUnsafeBytes { blob in
                members.withMutableElements { slots in
                    slots[k].withUnsafeMutableBufferPointer { Self.mapMembers(blob, into: $0, rosterIndex: rosterIndex, within: bounds) }
                }
            }
        }
        for (k, entry) in memberBlobs.enumerated() {
            let count = try entry.row.checking { () throws(ColumnDamage) in try kept[k].get() }
            var day = members[k]
            members[k] = []
            day.removeLast(day.count - count)
            days[entry.slot].members = day
        }
        return days
    }

    /// Writes the roster indexes of a members column to the front of `out`
    /// (one slot per stored value), leaving out unknown members; returns how
    /// many it wrote.
    private static func mapMembers(_ blob: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<Int32>,
                                   rosterIndex: [Int32], within bounds: ValueBounds) -> Result<Int, ColumnDamage> {
        Result { () throws(ColumnDamage) in
            let column = try StoredColumn(.members, blob, count: out.count)
            var m = 0
            try rosterIndex.withUnsafeBufferPointer { index throws(ColumnDamage) in
                try column.forEach(within: bounds) { key in
                    let member = Int(key) < index.count ? index[Int(key)] : -1
                    out[m] = member
                    m &+= member >= 0 ? 1 : 0
                }
            }
            return m
        }
    }

    /// The instants column of a day row (biased offsets), read on its own:
    /// only days holding a featured comment need it.
    private func instants(of row: DayRowHeader) throws -> [UInt32] {
        let statement = try db.cached("SELECT instants FROM day_events WHERE id = ?")
        defer { statement.reset() }
        try statement.bind([row.id])
        guard try statement.step() else { return [] }
        return try row.checking { () throws(ColumnDamage) in
            try StoredColumn(.instants, statement.blob(0), count: row.count).decode(within: PackedEvent.storedOffsets)
        }
    }

    /// Appends the events of a row whose member is on the roster.
    private func append(_ members: [UInt32], _ contents: [UInt32], _ attributes: [UInt32], withContents: Bool,
                        featured: Bool, targets: Bool, to day: inout DayEvents) {
        day.members.reserveCapacity(day.members.count + members.count)
        if withContents { day.contents.reserveCapacity(day.contents.count + members.count) }
        if featured { day.featured.reserveCapacity(day.featured.count + members.count) }
        if targets { day.targets.reserveCapacity(day.targets.count + members.count) }
        rosterIndex.withUnsafeBufferPointer { index in
            for k in members.indices {
                let key = Int(members[k])
                let member = key < index.count ? index[key] : -1
                guard member >= 0 else { continue }
                day.members.append(member)
                if withContents { day.contents.append(Int32(bitPattern: contents[k])) }
                if featured { day.featured.append(attributes[k] & Dictionaries.featuredBit != 0) }
                if targets { day.targets.append(Int32(bitPattern: attributes[k] & ~Dictionaries.featuredBit)) }
            }
        }
    }
}

extension [Int32] {
    /// The element at `key`, −1 past the end.
    @inline(__always) func at(_ key: UInt32) -> Int32 {
        Int(key) < count ? self[Int(key)] : -1
    }
}
