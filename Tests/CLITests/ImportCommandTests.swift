import Foundation
import Postgres
import PostgresTestSupport
import Testing

@Suite("helpline-stats import, as a user runs it")
struct ImportCommandTests {
    @Test("importing a file twice adds nothing; a file with bad lines is refused with each line named and exit status 1")
    func importTwiceAndRefuse() async throws {
        try await withCLIDatabase { cli, pool in
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("contacts-\(UUID()).csv")
            defer { try? FileManager.default.removeItem(at: file) }
            try contactCSV(300).write(to: file)
            let first = try await cli.run(["import", "contacts", file.path])
            #expect(first.status == 0)
            #expect(first.stdout.contains("imported 300 rows"))
            let count = try await pool.query("SELECT count(*) FROM es.events")[0].decode(Int.self, at: 0)
            let second = try await cli.run(["import", "contacts", file.path])
            #expect(second.stdout.contains("imported 0 rows (0 events), 300 already present"))
            #expect(try await pool.query("SELECT count(*) FROM es.events")[0].decode(Int.self, at: 0) == count)

            var lines = String(decoding: contactCSV(5, prefix: "bad"), as: UTF8.self).split(separator: "\n").map(String.init)
            lines[2] = lines[2].replacingOccurrences(of: "phone", with: "pigeon").replacingOccurrences(of: "chat", with: "pigeon")
            let refused = try await cli.run(["import", "contacts", "-"], stdin: Data((lines.joined(separator: "\n") + "\n").utf8))
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("line 3"), "\(refused.stderr)")
            #expect(refused.stderr.contains("channel"))
            #expect(try await pool.query("SELECT count(*) FROM es.events")[0].decode(Int.self, at: 0) == count)
        }
    }

    @Test("importing the campaigns example twice adds nothing the second time")
    func campaignsTwice() async throws {
        try await withCLIDatabase { cli, pool in
            let example = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Examples/campaigns.json")
            let first = try await cli.run(["import", "campaigns", example.path])
            #expect(first.status == 0, "\(first.stderr)")
            let second = try await cli.run(["import", "campaigns", example.path])
            #expect(second.stdout.contains("imported 0 campaign event(s)"), "\(second.stdout)")
            let unknown = try await cli.run(["campaign", "stop", "never-planned", "--at", "2023-05-31T23:59:59+02:00"])
            #expect(unknown.status != 0)
            #expect(unknown.stderr.contains("not planned"))
        }
    }
}
