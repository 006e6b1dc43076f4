import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Logging
import Postgres
import Testing

@Suite("Campaign endpoints")
struct CampaignEndpointTests {
    static let campaign = """
        {"id":"lijn-1712","name":"Lijn 1712, bestemming Veilige thuis","owner":"1712","helplines":["1712"],
         "targetGroups":["general_public"],"channels":[{"channel":"bus_tram","region":"Vlaanderen"}],
         "plannedStart":"2023-03-01","plannedEnd":"2023-05-31"}
        """

    @Test("create, record each fact, read back; every write is idempotent")
    func lifecycle() async throws {
        try await withAPI { client, tokens, pool, configuration in
            let created = try await client.execute(
                uri: "/v1/campaigns", method: .post, headers: jsonHeaders(tokens.ingest), body: json(Self.campaign))
            #expect(created.status == .created)
            let again = try await client.execute(uri: "/v1/campaigns", method: .post, headers: jsonHeaders(tokens.ingest), body: json(Self.campaign))
            #expect(again.status == .ok)
            #expect(try object(again)["written"] as? Int == 0)
            let facts: [(String, String)] = [
                ("start", #"{"startedAt":"2023-03-01T00:00:00+01:00"}"#),
                ("stop", #"{"stoppedAt":"2023-05-31T23:59:59+02:00"}"#),
                ("costs", #"{"item":"media buying","amountCents":2500000,"currency":"EUR"}"#),
                ("reach", #"{"metric":"reach","value":58000,"source":"Instagram"}"#),
                ("notes", #"{"kind":"next_step","text":"Repeat in autumn"}"#),
                ("channels", #"{"channel":"radio"}"#),
                ("corrections", #"{"name":"Lijn 1712"}"#),
            ]
            for (path, body) in facts {
                let first = try await client.execute(
                    uri: "/v1/campaigns/lijn-1712/\(path)", method: .post, headers: jsonHeaders(tokens.ingest), body: json(body))
                #expect(first.status == .created, "\(path): \(String(buffer: first.body))")
                let retry = try await client.execute(
                    uri: "/v1/campaigns/lijn-1712/\(path)", method: .post, headers: jsonHeaders(tokens.ingest), body: json(body))
                #expect(retry.status == .ok, "\(path) retried")
            }
            let restart = try await client.execute(
                uri: "/v1/campaigns/lijn-1712/start", method: .post, headers: jsonHeaders(tokens.ingest),
                body: json(#"{"startedAt":"2023-03-02T00:00:00+01:00"}"#))
            #expect(restart.status == .conflict, "a second, different start is a conflict pointing to corrections")
            try await catchUpProjections(configuration)
            let one = try await client.execute(uri: "/v1/campaigns/lijn-1712", method: .get, headers: bearer(tokens.read))
            #expect(one.status == .ok)
            let body = try object(one)
            #expect(body["name"] as? String == "Lijn 1712")
            #expect(body["totalCostEur"] as? Double == 25000)
            #expect(body["windowStart"] as? String == "2023-03-01")
            #expect(body["windowEnd"] as? String == "2023-05-31")
            #expect((body["channels"] as? [String])?.sorted() == ["bus_tram (Vlaanderen)", "radio"])
            let list = try await client.execute(uri: "/v1/campaigns", method: .get, headers: bearer(tokens.read))
            #expect(((try object(list)["campaigns"]) as? [Any])?.count == 1)
        }
    }

    @Test("unknown campaign 404, unknown field 400 naming it, invalid value 400 naming the rule")
    func errors() async throws {
        try await withAPI { client, tokens, _, _ in
            let unknown = try await client.execute(
                uri: "/v1/campaigns/nope/start", method: .post, headers: jsonHeaders(tokens.ingest),
                body: json(#"{"startedAt":"2023-03-01T00:00:00+01:00"}"#))
            #expect(unknown.status == .notFound)
            _ = try await client.execute(uri: "/v1/campaigns", method: .post, headers: jsonHeaders(tokens.ingest), body: json(Self.campaign))
            let extra = try await client.execute(
                uri: "/v1/campaigns/lijn-1712/costs", method: .post, headers: jsonHeaders(tokens.ingest),
                body: json(#"{"item":"x","amountCents":5,"currency":"EUR","invoice":"INV-1"}"#))
            #expect(extra.status == .badRequest)
            #expect((try object(extra)["errors"] as? [[String: Any]])?.first?["field"] as? String == "invoice")
            let negative = try await client.execute(
                uri: "/v1/campaigns/lijn-1712/costs", method: .post, headers: jsonHeaders(tokens.ingest),
                body: json(#"{"item":"x","amountCents":-5,"currency":"EUR"}"#))
            #expect(negative.status == .badRequest)
            #expect((try object(negative)["errors"] as? [[String: Any]])?.first?["field"] as? String == "amountCents")
            let badCampaign = try await client.execute(
                uri: "/v1/campaigns", method: .post, headers: jsonHeaders(tokens.ingest), body: json(#"{"id":"x y","name":"n","helplines":["1712"]}"#)
            )
            #expect(badCampaign.status == .badRequest)
            #expect((try object(badCampaign)["errors"] as? [[String: Any]])?.first?["field"] as? String == "id")
            let missing = try await client.execute(uri: "/v1/campaigns/nope", method: .get, headers: bearer(tokens.read))
            #expect(missing.status == .notFound)
        }
    }
}

@Suite("Reports, metrics, OpenAPI and outages")
struct ReadEndpointTests {
    @Test("GET /v1/reports/monthly takes the CLI's parameters and refuses unknown ones")
    func monthly() async throws {
        try await withAPI { client, tokens, _, configuration in
            let events = "[" + (0..<12).map { receivedEvent(contact: "m\($0)") }.joined(separator: ",") + "]"
            _ = try await client.execute(uri: "/v1/events", method: .post, headers: jsonHeaders(tokens.ingest), body: json(events))
            try await catchUpProjections(configuration)
            let report = try await client.execute(
                uri: "/v1/reports/monthly?month=2023-03&helpline=1712&channel=all", method: .get, headers: bearer(tokens.read))
            #expect(report.status == .ok)
            let rows = try object(report)["rows"] as? [[String: Any]]
            #expect(rows?.count == 1)
            #expect(rows?.first?["contacts"] as? Int == 12)
            #expect(rows?.first?.keys.contains("previousMonthContacts") == true, "null fields are present, not omitted")
            let typo = try await client.execute(uri: "/v1/reports/monthly?monht=2023-03", method: .get, headers: bearer(tokens.read))
            #expect(typo.status == .badRequest)
            let badMonth = try await client.execute(uri: "/v1/reports/monthly?from=2023-13", method: .get, headers: bearer(tokens.read))
            #expect(badMonth.status == .badRequest)
        }
    }

    @Test("GET /metrics exposes request counts by route and status, events appended and projection lag")
    func metrics() async throws {
        try await withAPI { client, tokens, _, _ in
            _ = try await client.execute(
                uri: "/v1/events", method: .post, headers: jsonHeaders(tokens.ingest), body: json(receivedEvent(contact: "q")))
            let response = try await client.execute(uri: "/metrics", method: .get, headers: bearer(tokens.read))
            #expect(response.status == .ok)
            let text = String(buffer: response.body)
            #expect(text.contains("hb_requests"))
            #expect(text.contains("http_route=\"/v1/events\""))
            #expect(text.contains("helpline_events_appended_total"))
            #expect(text.contains("helpline_projection_events_behind{projection=\"contact_counts:v1\"}"))
        }
    }

    @Test("a database outage is 503 with Retry-After, on /health and on API routes")
    func outage() async throws {
        // A pool pointing at nothing: every database call fails to connect.
        let dead = PostgresPool(configuration: PostgresConfiguration(host: "127.0.0.1", port: 1, user: "x", database: "x"), pool: .init(size: 2))
        var server = ServerConfiguration()
        server.retryAfterSeconds = 7
        let app = Application(router: APIApplication.buildRouter(APIServices(pool: dead, configuration: server, logger: .init(label: "t"))))
        try await app.test(.router) { client in
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .serviceUnavailable)
            #expect(health.headers[.retryAfter] == "7")
            let api = try await client.execute(uri: "/v1/campaigns", method: .get, headers: bearer("hs_whatever"))
            #expect(api.status == .serviceUnavailable)
            #expect(api.headers[.retryAfter] == "7")
            #expect(api.headers[.contentType] == "application/problem+json")
            #expect(!String(buffer: api.body).contains("127.0.0.1"), "no connection details leak")
        }
        await dead.close()
    }
}
