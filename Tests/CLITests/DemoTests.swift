import Foundation
import PostgresTestSupport
import Testing

@Suite("helpline-stats demo, as a newcomer runs it")
struct DemoTests {
    /// The CLI without DATABASE_URL, so that it uses the embedded PostgreSQL.
    static func embeddedCLI() -> CLI {
        var cli = CLI(databaseURL: "")
        cli.environment.removeValue(forKey: "DATABASE_URL")
        return cli
    }

    /// The line of the monthly table for `month` and `channel` of helpline 1712.
    static func monthlyRow(_ output: String, month: String, channel: String) -> [Substring]? {
        output.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
            .first { $0.count > 3 && $0[0] == month && $0[1] == "1712" && $0[2] == channel }
    }

    /// N in the line `event store: N events`.
    static func eventCount(_ output: String) -> Int? {
        output.split(separator: "\n").first { $0.hasPrefix("event store: ") }.flatMap { Int($0.split(separator: " ")[2]) }
    }

    @Test(
        "demo --no-serve on a fresh data folder prints July 2023 (710, +13.1%), March 2023 (903, +31.1%) and a campaign table; a second run adds no events",
        .timeLimit(.minutes(10)))
    func demoTwice() async throws {
        try await HorizonLock.run {
            let folder = URL(fileURLWithPath: "/tmp/helpline-demo-test-\(UUID().uuidString.prefix(8).lowercased())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
            let dataDirectory = folder.appendingPathComponent("pg").path
            let cli = Self.embeddedCLI()
            do {
                let first = try await cli.run(["demo", "--no-serve", "--data-dir", dataDirectory], timeout: .seconds(400))
                #expect(first.status == 0, "\(first.stderr)")
                let july = try #require(Self.monthlyRow(first.stdout, month: "2023-07", channel: "phone"), "\(first.stdout)")
                #expect(july[3] == "710")
                #expect(july.contains("628") && july.contains("+13.1%"), "\(july)")
                let march = try #require(Self.monthlyRow(first.stdout, month: "2023-03", channel: "phone"))
                #expect(march[3] == "903")
                #expect(march.contains("689") && march.contains("+31.1%") && march.contains("+18.4%"), "\(march)")
                #expect(first.stdout.contains("July 2023: 710 calls, +13.1% on July 2022 (628)"))
                #expect(first.stdout.contains("March 2023: 903 calls, +31.1% on February (689)"))
                // The campaign table: a header and a row per evaluated campaign, with the documents' costs.
                #expect(first.stdout.contains("extra (95% CI)"), "\(first.stdout)")
                let campaignRows = first.stdout.split(separator: "\n").filter {
                    $0.hasPrefix("lijn-1712-veilige-thuis ") || $0.hasPrefix("nupraatikerover-wat-draag-jij-mee ")
                }
                #expect(campaignRows.count == 2, "\(first.stdout)")
                #expect(campaignRows.contains { $0.contains("9982.00") })
                #expect(first.stdout.contains("contacts: imported "))
                let events = try #require(Self.eventCount(first.stdout))
                #expect(events > 300_000)

                let second = try await cli.run(["demo", "--no-serve", "--data-dir", dataDirectory], timeout: .seconds(400))
                #expect(second.status == 0, "\(second.stderr)")
                #expect(second.stdout.contains("sample data already loaded"), "\(second.stdout)")
                #expect(second.stdout.contains("imported 0 campaign event(s)"))
                #expect(Self.eventCount(second.stdout) == events)
                #expect(Self.monthlyRow(second.stdout, month: "2023-07", channel: "phone")?[3] == "710")

                // The public figures (docs/DISCLOSURE.md): the seeds' months are far above the threshold and shown.
                let publicJSON = try await cli.run(
                    ["report", "monthly", "--public", "--helpline", "1712", "--from", "2023-03", "--to", "2023-07", "--format", "json", "--data-dir", dataDirectory])
                #expect(publicJSON.status == 0, "\(publicJSON.stderr)")
                #expect(publicJSON.stdout.contains("\"shownAs\" : \"710\"") && publicJSON.stdout.contains("\"shownAs\" : \"903\""), "\(publicJSON.stdout)")
                let publicHTML = try await cli.run(
                    ["report", "monthly", "--public", "--helpline", "1712", "--format", "html", "--data-dir", dataDirectory])
                #expect(publicHTML.stdout.contains("<td class=\"num\">710</td>") && publicHTML.stdout.contains("To protect callers"))
                let publicCampaigns = try await cli.run(["report", "campaigns", "--public", "--format", "markdown", "--data-dir", dataDirectory])
                #expect(publicCampaigns.status == 0 && publicCampaigns.stdout.contains("# Campaigns (public)"), "\(publicCampaigns.stderr)")
                let settings = try await cli.run(["disclosure", "show", "--data-dir", dataDirectory])
                #expect(settings.stdout.contains("embargo: 7 days") && settings.stdout.contains("threshold: 10 (default)"), "\(settings.stdout)")
            } catch {
                _ = try? await cli.run(["db", "stop", "--data-dir", dataDirectory])
                try? FileManager.default.removeItem(at: folder)
                throw error
            }
            _ = try await cli.run(["db", "stop", "--data-dir", dataDirectory])
            try? FileManager.default.removeItem(at: folder)
        }
    }
}
