import ArgumentParser

struct ReliabilityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reliability", abstract: "Reliability scenarios (used by scripts/reliability).")
    func run() async throws {}
}
