import ArgumentParser

/// Placeholder until the demo lands.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Load a sample data set and show what HelplineStats does (not built yet).")
}
