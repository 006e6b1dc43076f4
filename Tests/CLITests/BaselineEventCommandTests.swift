import Foundation
import Postgres
import PostgresTestSupport
import Testing

@Suite("baseline-event commands and the campaign file's baselineEvents")
struct BaselineEventCommandTests {
    @Test("record, repeat, list, withdraw; a label with a phone number is refused and nothing is stored; the file path is the same event")
    func lifecycle() async throws {
        try await withCLIDatabase { cli, pool in
            let record = [
                "baseline-event", "record", "covid-19", "--kind", "level_shift", "--start", "2020-03-16", "--end", "2021-06-30", "--helpline",
                "1712", "--label", "COVID-19 measures",
            ]
            let first = try await cli.run(record)
            #expect(first.status == 0 && first.stdout.contains("recorded baseline event covid-19"), "\(first.stderr)")
            let again = try await cli.run(record)
            #expect(again.status == 0 && again.stdout.contains("already recorded"))

            let phone = try await cli.run([
                "baseline-event", "record", "x", "--kind", "pulse", "--start", "2024-01-02", "--helpline", "1712", "--label", "call 0470 12 34 56",
            ])
            #expect(phone.status != 0 && phone.stderr.contains("data.label") && phone.stderr.contains("phone number"), "\(phone.stderr)")
            let kind = try await cli.run([
                "baseline-event", "record", "x", "--kind", "strike", "--start", "2024-01-02", "--helpline", "1712", "--label", "x",
            ])
            #expect(kind.status != 0 && kind.stderr.contains("level_shift, pulse, closure"), "\(kind.stderr)")

            // The campaign file's entry with the same content is the same event: nothing is added.
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("baseline-\(UUID().uuidString).json")
            try Data(
                #"{"baselineEvents":[{"id":"covid-19","kind":"level_shift","start":"2020-03-16","end":"2021-06-30","helplines":["1712"],"label":"COVID-19 measures"}]}"#
                    .utf8
            ).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let imported = try await cli.run(["import", "campaigns", file.path])
            #expect(imported.status == 0, "\(imported.stderr)")
            let stored = try await pool.query("SELECT count(*) FROM es.events WHERE event_type LIKE 'BaselineEvent%'")[0].decode(Int.self, at: 0)
            #expect(stored == 1, "the CLI, the file and the refused commands together stored one event")

            #expect(try await cli.run(["project", "run", "--until-caught-up"]).status == 0)
            let listed = try await cli.run(["baseline-event", "list"])
            #expect(listed.stdout.contains("covid-19\tlevel_shift\t2020-03-16…2021-06-30\t1712\tall channels\tCOVID-19 measures"), "\(listed.stdout)")
            let withdrawn = try await cli.run(["baseline-event", "withdraw", "covid-19"])
            #expect(withdrawn.status == 0 && withdrawn.stdout.contains("withdrew"))
            let unknown = try await cli.run(["baseline-event", "withdraw", "never"])
            #expect(unknown.status != 0 && unknown.stderr.contains("not recorded"))
            #expect(try await cli.run(["project", "run", "--until-caught-up"]).status == 0)
            #expect(try await cli.run(["baseline-event", "list"]).stdout.contains("withdrawn"))
        }
    }
}
