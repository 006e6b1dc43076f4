import Foundation
import Postgres
import PostgresTestSupport
import Testing

@Suite("docs/API.md")
struct APIGuideTests {
    /// The guide's shell examples, in order (blocks that run helpline-stats itself are the setup, done here).
    static func examples() throws -> [String] {
        let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/API.md"), encoding: .utf8)
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line.hasPrefix("```sh") {
                current = []
            } else if current != nil, line.hasPrefix("```") {
                blocks.append(current!.joined(separator: "\n"))
                current = nil
            } else if current != nil {
                current!.append(line)
            }
        }
        return blocks.filter { !$0.contains("helpline-stats ") }
    }

    @Test("every curl example in the API guide runs successfully against a live server")
    func examplesRun() async throws {
        let examples = try Self.examples()
        #expect(examples.count >= 10)
        try await HorizonLock.run {
            try await withCLIDatabase { cli, _ in
                let ingest = try await cli.run(["token", "create", "--name", "ingest", "--scope", "ingest"]).stdout
                let read = try await cli.run(["token", "create", "--name", "read", "--scope", "read"]).stdout
                let server = cli.start(["serve", "--port", "0"])
                var port: Int?
                let deadline = ContinuousClock.now + .seconds(30)
                while port == nil && ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                    if let line = server.stdout().split(separator: "\n").first(where: { $0.contains("listening on http://") }) {
                        port = Int((line.split(separator: ":").last ?? "").prefix(while: \.isNumber))
                    }
                }
                let serverPort = try #require(port, "serve did not start: \(server.stderr())")
                // The examples may write files (as a reader would): in a folder of their own.
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("api-guide-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: folder) }
                for (index, example) in examples.enumerated() {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: "/bin/bash")
                    process.arguments = ["-c", "set -euo pipefail\n" + example]
                    process.currentDirectoryURL = folder
                    var environment = ProcessInfo.processInfo.environment
                    environment["API"] = "http://127.0.0.1:\(serverPort)"
                    environment["INGEST"] = ingest.trimmingCharacters(in: .whitespacesAndNewlines)
                    environment["READ"] = read.trimmingCharacters(in: .whitespacesAndNewlines)
                    process.environment = environment
                    let output = Pipe()
                    process.standardOutput = output
                    process.standardError = output
                    try process.run()
                    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    process.waitUntilExit()
                    #expect(process.terminationStatus == 0, "example \(index + 1) failed:\n\(example)\n---\n\(text)")
                }
                server.kill(SIGTERM)
                #expect(await server.waitForExit() == 0)
            }
        }
    }
}
