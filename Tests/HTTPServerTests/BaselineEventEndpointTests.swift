import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Logging
import Postgres
import Testing

@Suite("Baseline event endpoints")
struct BaselineEventEndpointTests {
    static let lockdown = #"{"kind":"level_shift","start":"2020-03-16","end":"2021-06-30","helplines":["1712"],"label":"COVID-19 measures"}"#

    @Test("record, retry, correct, list, withdraw; bad bodies are 400 naming the field and store nothing")
    func lifecycle() async throws {
        try await withAPI { client, tokens, pool, configuration in
            let first = try await client.execute(
                uri: "/v1/baseline-events/covid-19", method: .put, headers: jsonHeaders(tokens.ingest), body: json(Self.lockdown))
            #expect(first.status == .created, "\(String(buffer: first.body))")
            let retry = try await client.execute(
                uri: "/v1/baseline-events/covid-19", method: .put, headers: jsonHeaders(tokens.ingest), body: json(Self.lockdown))
            let retried = try object(retry)["written"] as? Int
            #expect(retry.status == .ok && retried == 0, "a retry stores nothing")

            for (body, field) in [
                (#"{"kind":"pulse","start":"2020-03-16","helplines":["1712"],"label":"call 0470 12 34 56"}"#, "label"),
                (#"{"kind":"pulse","start":"2020-03-16","helplines":["1712"],"label":"x","who":"Jan"}"#, "who"),
                (#"{"kind":"strike","start":"2020-03-16","helplines":["1712"],"label":"x"}"#, "kind"),
            ] {
                let refused = try await client.execute(
                    uri: "/v1/baseline-events/bad", method: .put, headers: jsonHeaders(tokens.ingest), body: json(body))
                #expect(refused.status == .badRequest)
                let errors = (try object(refused)["errors"] as? [[String: Any]]) ?? []
                #expect(errors.contains { $0["field"] as? String == field }, "\(String(buffer: refused.body))")
            }
            let forbidden = try await client.execute(
                uri: "/v1/baseline-events/covid-19", method: .put, headers: jsonHeaders(tokens.read), body: json(Self.lockdown))
            #expect(forbidden.status == .forbidden)
            let unknown = try await client.execute(uri: "/v1/baseline-events/never-recorded/withdraw", method: .post, headers: bearer(tokens.ingest))
            #expect(unknown.status == .notFound)

            // A correction: the same id with another end; the latest recording counts.
            let corrected = try await client.execute(
                uri: "/v1/baseline-events/covid-19", method: .put, headers: jsonHeaders(tokens.ingest),
                body: json(Self.lockdown.replacingOccurrences(of: "2021-06-30", with: "2021-07-31")))
            #expect(corrected.status == .created)
            try await catchUpProjections(configuration)
            let listed = try object(try await client.execute(uri: "/v1/baseline-events", method: .get, headers: bearer(tokens.read)))
            let events = try #require(listed["baselineEvents"] as? [[String: Any]])
            #expect(events.count == 1, "the refused bodies stored nothing")
            #expect(events.first?["end"] as? String == "2021-07-31" && events.first?["withdrawn"] as? Bool == false)
            let stored = try await pool.query("SELECT count(*) FROM es.events WHERE stream_id = 'baseline-covid-19'")[0].decode(Int.self, at: 0)
            #expect(stored == 2)

            let withdrawn = try await client.execute(uri: "/v1/baseline-events/covid-19/withdraw", method: .post, headers: bearer(tokens.ingest))
            #expect(withdrawn.status == .created)
            let again = try await client.execute(uri: "/v1/baseline-events/covid-19/withdraw", method: .post, headers: bearer(tokens.ingest))
            #expect(again.status == .ok)
            try await catchUpProjections(configuration)
            let after = try object(try await client.execute(uri: "/v1/baseline-events", method: .get, headers: bearer(tokens.read)))
            #expect(((after["baselineEvents"] as? [[String: Any]])?.first?["withdrawn"] as? Bool) == true)
        }
    }

    @Test("POST /v1/events takes a BaselineEventRecorded like any catalogue event")
    func throughEvents() async throws {
        try await withAPI { client, tokens, pool, configuration in
            let event = """
                {"eventId":"6f1d2c1e-2b7a-4c55-9a0e-7d1f3b9c8a11","type":"BaselineEventRecorded","schemaVersion":1,
                 "occurredAt":"2024-02-06T09:00:00Z","source":"telephony","baselineEventId":"outage-2024-02",
                 "data":{"kind":"closure","start":"2024-02-06","helplines":["1712"],"channels":["phone"],"label":"Telephony outage"}}
                """
            let posted = try await client.execute(uri: "/v1/events", method: .post, headers: jsonHeaders(tokens.ingest), body: json(event))
            #expect(posted.status == .created, "\(String(buffer: posted.body))")
            try await catchUpProjections(configuration)
            let rows = try await pool.query("SELECT kind, channels FROM rm.baseline_events WHERE baseline_event_id = 'outage-2024-02'")
            #expect(try rows.first?.decode(String.self, at: 0) == "closure")
            #expect(try rows.first?.decode([String].self, at: 1) == ["phone"])
        }
    }
}
