extension Settings {
    /// The width names are padded to in `reach config`; a longer name
    /// (`off_weekdays`) stands unpadded, so the other lines keep their look.
    static let nameColumn = 8

    /// `key = value   # source` lines, as `reach config` prints them.
    public func describe() -> String {
        var lines: [String] = []
        if let configPath { lines.append("# configuration file: \(configPath)") } else {
            lines.append("# no configuration file (reach.toml beside the store, or --config)")
        }
        for key in Key.allCases {
            let value = text(of: key)
            let shown = key.isQuoted ? "\"\(value)\"" : value
            let pad = String(repeating: " ", count: max(0, Settings.nameColumn - key.name.count))
            lines.append("\(key.name)\(pad) = \(shown)    # \(source(of: key))")
        }
        return lines.joined(separator: "\n")
    }

    /// The value of `key` as `reach.toml` would write it.
    func text(of key: Key) -> String {
        switch key {
        case .store: return storePath
        case .inbox: return inbox
        case .archive: return archive
        case .rejected: return rejectedFolder
        case .out: return out
        case .timezone: return zone.identifier
        case .window: return String(window)
        case .gapDays: return String(gapDays)
        case .minRate: return minRate.decimal ?? minRate.fixed4
        case .offWeekdays: return OffWeekdays.text(offWeekdays)
        case .language: return language.rawValue
        case .split: return splitSetting.rawValue
        case .splitLimit: return String(splitLimit ?? 0)
        case .bom: return bom ? "true" : "false"
        case .threads: return String(threads)
        }
    }
}
