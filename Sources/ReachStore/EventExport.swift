import ReachModel

extension Store {
    /// Calls `body` with every stored event of days `from...to` (local days in
    /// `zone`; `nil` = unbounded) and of `kind` (`nil` = all kinds), in
    /// (day, kind, member_id, instant, content_id) order; kinds in
    /// ``EventKind`` order (checkin, share, comment), ids by code point.
    ///
    /// Events of members not on the roster are included: this is the raw
    /// store content behind `reach export events`.
    public func exportEvents(from: Day?, to: Day?, kind: EventKind?, zone: ReportingZone,
                             _ body: (ExportedEvent) throws -> Void) throws {
        // One read transaction: the dictionaries read first must hold every
        // key of the rows read after them, even while an ingest commits.
        try guarded { try snapshot { try export(from: from, to: to, kind: kind, zone: zone, body) } }
    }

    private func export(from: Day?, to: Day?, kind: EventKind?, zone: ReportingZone,
                        _ body: (ExportedEvent) throws -> Void) throws {
        let kinds = kind.map { [$0] } ?? EventKind.allCases
        let direct = zone == self.zone
        let margin = direct ? 0 : 2
        // Stored (packing-zone) days that may hold events of the requested
        // days, from the row ids (which the rows' day columns must match).
        let row = try db.cached("SELECT min(id), max(id) FROM day_events WHERE count > 0")
        defer { row.reset() }
        guard try row.step(), !row.isNull(0) else { return }
        let (lo, _) = try DayRowHeader.identity(ofID: row.int64(0), path: path)
        let (hi, _) = try DayRowHeader.identity(ofID: row.int64(1), path: path)
        row.reset()
        let low = max(lo, (from ?? lo - margin) - margin), high = min(hi, (to ?? hi + margin) + margin)
        guard low <= high else { return }
        var limits: KeyLimits? = try KeyLimits.read(db)
        let (memberIDs, contentIDs, attributes) =
            (try DictionaryTables.memberIDs(db), try DictionaryTables.contentIDs(db), try DictionaryTables.attributes(db))
        let memberRank = DictionaryTables.codePointRanks(memberIDs)
        let contentRank = DictionaryTables.codePointRanks(contentIDs)

        // Walk the stored days in order, re-bucketing into requested days; a
        // requested day d is complete once stored day d + margin has been read.
        var pending: [Day: [EventKind: [PackedEvent]]] = [:]
        var finder = DayFinder(zone: zone)
        func emit(through last: Day) throws {
            for day in pending.keys.filter({ $0 <= last }).sorted() {
                let byKind = pending.removeValue(forKey: day)!
                for kind in kinds {
                    guard var events = byKind[kind] else { continue }
                    events.sort { a, b in
                        let (ma, mb) = (memberRank[Int(a.member)], memberRank[Int(b.member)])
                        if ma != mb { return ma < mb }
                        if a.order >> 32 != b.order >> 32 { return a.order >> 32 < b.order >> 32 }
                        return contentRank[Int(a.content)] < contentRank[Int(b.content)]
                    }
                    for event in events {
                        let attribute = attributes[Int(event.attribute & ~Dictionaries.featuredBit)]
                        try body(ExportedEvent(
                            day: day, kind: kind, memberID: memberIDs[Int(event.member)],
                            instant: Int64(day.index) * 86_400 + Int64(event.offset), contentID: contentIDs[Int(event.content)],
                            channel: attribute.channel, target: attribute.target,
                            featured: event.attribute & Dictionaries.featuredBit != 0))
                    }
                }
            }
        }
        var storedDay = low
        while storedDay <= high {
            for kind in kinds {
                let events = try DayRows.read(id: DayRows.id(kind: kind, day: storedDay), db, limits: &limits)
                for event in events {
                    var day = storedDay
                    var event = event
                    if !direct {
                        let instant = Int64(storedDay.index) * 86_400 + Int64(event.offset)
                        day = finder.day(of: instant)
                        event = PackedEvent(day: day.index, instant: instant, member: event.member,
                                            content: event.content, attribute: event.attribute)
                    }
                    if let from, day < from { continue }
                    if let to, day > to { continue }
                    pending[day, default: [:]][kind, default: []].append(event)
                }
            }
            try emit(through: storedDay - margin)
            storedDay = storedDay + 1
        }
        try emit(through: high + margin)
    }

    /// Members with stored events who are not on the current roster (SPEC
    /// 1.6), sorted by member_id; days are local days of the packing zone.
    public func unknownMembers() throws -> [UnknownMember] {
        try guarded { try snapshot {
            let limits = try KeyLimits.read(db)
            let roster = try rosterRows()
            let memberIDs = try DictionaryTables.memberIDs(db)
            var onRoster = [Bool](repeating: false, count: memberIDs.count)
            for entry in roster { onRoster[Int(entry.key)] = true }
            var events = [Int](repeating: 0, count: memberIDs.count)
            var first = [Int32](repeating: .max, count: memberIDs.count)
            var last = [Int32](repeating: .min, count: memberIDs.count)
            let rows = try db.cached("SELECT \(DayRowHeader.columns), members FROM day_events")
            defer { rows.reset() }
            while try rows.step() {
                let row = try DayRowHeader(rows, path: path)
                let day = row.day.index
                try row.checking { () throws(ColumnDamage) in
                    try StoredColumn(.members, rows.blob(4), count: row.count).forEach(within: limits.members) { member in
                        let key = Int(member)
                        guard key < onRoster.count, !onRoster[key] else { return }
                        events[key] += 1
                        first[key] = min(first[key], day)
                        last[key] = max(last[key], day)
                    }
                }
            }
            return events.indices
                .filter { events[$0] > 0 }
                .map { UnknownMember(memberID: memberIDs[$0], events: events[$0], firstDay: Day(index: first[$0]),
                                     lastDay: Day(index: last[$0])) }
                .sorted { $0.memberID.precedesByCodePoint($1.memberID) }
        } }
    }
}
