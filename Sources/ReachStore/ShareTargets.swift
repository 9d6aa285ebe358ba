import ReachModel

/// The share targets (转发至) of a report's window (contract v4): the
/// distinct non-empty targets of its loaded shares, by code point, with
/// each share's ``ReachModel/DayEvents/targets`` turned from the stored
/// attribute key into an index of them (-1 for an empty target).
struct ShareTargets {
    /// ``ReachModel/Activity/targets``.
    let names: [String]

    /// Remaps the targets of `days` in place; `attributes` is the stored
    /// attributes table by key.
    init(_ days: inout [DayEvents], attributes: [EventAttributes]) {
        var used = [Bool](repeating: false, count: attributes.count)
        for day in days {
            for key in day.targets where Int(key) < used.count { used[Int(key)] = true }
        }
        var names = used.indices.filter { used[$0] && !attributes[$0].target.isEmpty }.map { attributes[$0].target }
        names = Array(Set(names)).sorted { $0.precedesByCodePoint($1) }
        var position: [String: Int32] = [:]
        for (index, name) in names.enumerated() { position[name] = Int32(index) }
        let index = attributes.map { position[$0.target] ?? -1 }
        for d in days.indices {
            for k in days[d].targets.indices {
                let key = Int(days[d].targets[k])
                days[d].targets[k] = key >= 0 && key < index.count ? index[key] : -1
            }
        }
        self.names = names
    }
}
