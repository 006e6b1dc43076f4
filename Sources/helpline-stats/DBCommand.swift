import ArgumentParser

/// Placeholder until the embedded PostgreSQL lands.
struct DBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "db", abstract: "Manage the embedded PostgreSQL cluster.")
}
