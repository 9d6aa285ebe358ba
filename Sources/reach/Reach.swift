import ArgumentParser

@main
struct Reach: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reach",
        abstract: "Coverage reports for campus check-ins, shares and comments.",
        subcommands: [Synth.self]
    )
}
