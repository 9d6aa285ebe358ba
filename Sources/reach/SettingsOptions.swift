import ArgumentParser
import ReachJob

/// An option group whose options set settings (`--store`, `--window` …).
protocol SettingsOptions: ParsableArguments {
    /// Copies the options given into `overrides`, leaving the others alone.
    func give(_ overrides: inout Settings.Overrides)
}

extension StoreOptions {
    /// The settings of this invocation: built-in defaults, then `reach.toml`
    /// (`--config`, or beside the store), then these options and `more`'s.
    /// Every command resolves its settings here.
    func settings(with more: any SettingsOptions...) throws -> Settings {
        var overrides = Settings.Overrides()
        give(&overrides)
        for group in more { group.give(&overrides) }
        return try Settings.resolve(commandLine: overrides, configPath: config)
    }
}
