import ArgumentParser
import ReachJob
import ReachModel
import ReachReports

// The enums options take, read by their raw values (as swift-argument-parser's
// `Examples/math` does): a value outside them is a usage error (exit status
// 64) that lists the accepted values. `reach.toml` reads the same enums.

extension ReportLanguage: ExpressibleByArgument {}

extension SplitSetting: ExpressibleByArgument {}

extension FileKind: ExpressibleByArgument {}
