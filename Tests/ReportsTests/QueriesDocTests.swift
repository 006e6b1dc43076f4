import EventStore
import Foundation
import Postgres
import PostgresTestSupport
import Testing

/// Keeps docs/QUERIES.md true: every ```sql block in it runs, as `helpline_analyst`, against a database with
/// imported contacts and campaigns and caught-up projections, and returns rows.
@Suite("docs/QUERIES.md")
struct QueriesDocTests {
    static let expectedQueries = 3

    /// The body of every fenced block tagged `sql`, in order.
    static func sqlBlocks(in markdown: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if current == nil {
                if trimmed == "```sql" { current = [] }
            } else if trimmed.hasPrefix("```") {
                blocks.append(current!.joined(separator: "\n"))
                current = nil
            } else {
                current!.append(line)
            }
        }
        return blocks
    }

    static func queriesDocument() throws -> String {
        try String(contentsOf: repositoryRoot().appendingPathComponent("docs/QUERIES.md"), encoding: .utf8)
    }

    @Test("holds exactly three SQL queries")
    func threeQueries() throws {
        let blocks = Self.sqlBlocks(in: try Self.queriesDocument())
        #expect(blocks.count == Self.expectedQueries, "docs/QUERIES.md has \(blocks.count) ```sql blocks, expected \(Self.expectedQueries)")
        #expect(blocks.allSatisfy { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty })
    }

    @Test("every query runs as helpline_analyst and returns rows")
    func queriesRunAsAnalyst() async throws {
        let blocks = Self.sqlBlocks(in: try Self.queriesDocument())
        try #require(blocks.count == Self.expectedQueries, "docs/QUERIES.md must hold exactly \(Self.expectedQueries) ```sql blocks")
        try await withReportDatabase { store, configuration in
            try await importExamples(store: store)
            try await importCSV(
                calls(628, in: "2022-07") + calls(710, in: "2023-07", abandonEvery: 9) + calls(30, in: "2022-03")
                    + calls(12, in: "2023-07", channel: "chat", abandonEvery: 4),
                pool: store.pool)
            try await catchUp(configuration)

            let analyst = try await PostgresConnection.connect(configuration: configuration, logger: TestDatabase.logger)
            do {
                try await analyst.execute("SET ROLE helpline_analyst")
                for (index, sql) in blocks.enumerated() {
                    let label = "query \(index + 1): \(sql.split(separator: "\n").first ?? "")"
                    do {
                        let rows = try await analyst.query(PostgresQuery(unsafeSQL: sql))
                        #expect(!rows.isEmpty, "\(label) returned no rows")
                    } catch {
                        Issue.record("\(label) failed: \(error)")
                    }
                }
                await analyst.close()
            } catch {
                await analyst.close()
                throw error
            }
        }
    }
}
