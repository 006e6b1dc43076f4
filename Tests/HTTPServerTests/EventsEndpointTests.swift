import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Postgres
import Testing

@Suite("POST /v1/events")
struct EventsEndpointTests {
    @Test("one event is stored (201 with its position); retrying it returns 200 with the same position")
    func idempotent() async throws {
        try await withAPI { client, tokens, pool, _ in
            let event = receivedEvent(contact: "c1")
            let first = try await client.execute(uri: "/v1/events", method: .post, headers: jsonHeaders(tokens.ingest), body: json(event))
            #expect(first.status == .created)
            let firstBody = try object(first)
            #expect(firstBody["written"] as? Int == 1)
            let retry = try await client.execute(uri: "/v1/events", method: .post, headers: jsonHeaders(tokens.ingest), body: json(event))
            #expect(retry.status == .ok)
            let retryBody = try object(retry)
            #expect(retryBody["alreadyStored"] as? Int == 1)
            #expect(
                (retryBody["positions"] as? [[String: Any]])?.first?["globalPosition"] as? Int
                    == (firstBody["positions"] as? [[String: Any]])?.first?["globalPosition"] as? Int)
            #expect(try await pool.query("SELECT count(*) FROM es.events")[0].decode(Int.self, at: 0) == 1)
        }
    }

    @Test("a batch is all-or-nothing: one invalid event refuses the request with its path, and nothing is stored")
    func batchAllOrNothing() async throws {
        try await withAPI { client, tokens, pool, _ in
            let batch =
                "[" + (0..<5).map { receivedEvent(contact: "b\($0)") }.joined(separator: ",") + ","
                + receivedEvent(contact: "bad", extraData: ",\"callerName\":\"Jan\"") + "]"
            let refused = try await client.execute(uri: "/v1/events", method: .post, headers: jsonHeaders(tokens.ingest), body: json(batch))
            #expect(refused.status == .badRequest)
            #expect(refused.headers[.contentType] == "application/problem+json")
            let errors = try object(refused)["errors"] as? [[String: Any]]
            #expect(errors?.first?["field"] as? String == "[5].data.callerName")
            #expect(try await pool.query("SELECT count(*) FROM es.events")[0].decode(Int.self, at: 0) == 0)
            let good = "[" + (0..<5).map { receivedEvent(contact: "b\($0)") }.joined(separator: ",") + "]"
            let stored = try await client.execute(uri: "/v1/events", method: .post, headers: jsonHeaders(tokens.ingest), body: json(good))
            #expect(stored.status == .created)
            #expect((try object(stored)["positions"] as? [Any])?.count == 5)
        }
    }

    @Test("expectedVersions: a stale version is 409 and writes nothing")
    func expectedVersion() async throws {
        try await withAPI { client, tokens, pool, _ in
            let first = "{\"events\":[\(receivedEvent(contact: "v"))],\"expectedVersions\":{\"contact-1712-v\":0}}"
            #expect(
                try await client.execute(uri: "/v1/events", method: .post, headers: jsonHeaders(tokens.ingest), body: json(first)).status == .created)
            let stale = "{\"events\":[\(receivedEvent(contact: "v", at: "2023-03-02T10:00:00Z"))],\"expectedVersions\":{\"contact-1712-v\":0}}"
            let conflict = try await client.execute(uri: "/v1/events", method: .post, headers: jsonHeaders(tokens.ingest), body: json(stale))
            #expect(conflict.status == .conflict)
            #expect((try object(conflict)["detail"] as? String)?.contains("expected no stream, actual 1") == true)
            #expect(try await pool.query("SELECT count(*) FROM es.events")[0].decode(Int.self, at: 0) == 1)
            let unknownKey = "{\"events\":[],\"extra\":1}"
            #expect(
                try await client.execute(uri: "/v1/events", method: .post, headers: jsonHeaders(tokens.ingest), body: json(unknownKey)).status
                    == .badRequest)
        }
    }

    @Test("bad input gets a specific 4xx: malformed JSON 400, wrong content type 415, oversize body 413, too many events 400, impossible date 400")
    func badInput() async throws {
        try await withAPI(configure: { $0.bodyLimit = 64 * 1024 }) { client, tokens, pool, _ in
            let malformed = try await client.execute(
                uri: "/v1/events", method: .post, headers: jsonHeaders(tokens.ingest), body: json("{\"eventId\":"))
            #expect(malformed.status == .badRequest)
            #expect((try object(malformed)["detail"] as? String)?.contains("not valid JSON") == true)
            var csv = bearer(tokens.ingest)
            csv[.contentType] = "text/csv"
            let wrongType = try await client.execute(uri: "/v1/events", method: .post, headers: csv, body: json("a,b"))
            #expect(wrongType.status == .unsupportedMediaType)
            let big = "[" + String(repeating: receivedEvent(contact: "x") + ",", count: 400) + receivedEvent(contact: "x") + "]"
            let tooLarge = try await client.execute(uri: "/v1/events", method: .post, headers: jsonHeaders(tokens.ingest), body: json(big))
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.headers[.contentType] == "application/problem+json")
            let impossible = receivedEvent(contact: "d", at: "2023-02-30T09:15:00Z")
            let date = try await client.execute(uri: "/v1/events", method: .post, headers: jsonHeaders(tokens.ingest), body: json(impossible))
            #expect(date.status == .badRequest)
            #expect((try object(date)["detail"] as? String)?.contains("occurredAt") == true)
            #expect(try await pool.query("SELECT count(*) FROM es.events")[0].decode(Int.self, at: 0) == 0)
        }
        try await withAPI { client, tokens, _, _ in
            let many = "[" + (0..<1_001).map { receivedEvent(contact: "m\($0)") }.joined(separator: ",") + "]"
            let tooMany = try await client.execute(uri: "/v1/events", method: .post, headers: jsonHeaders(tokens.ingest), body: json(many))
            #expect(tooMany.status == .badRequest)
            #expect((try object(tooMany)["detail"] as? String)?.contains("at most 1000") == true)
        }
    }

    @Test("an unknown route is 404 problem+json; nothing leaks SQL or stack traces")
    func notFound() async throws {
        try await withAPI { client, tokens, _, _ in
            let response = try await client.execute(uri: "/v2/nothing", method: .get, headers: bearer(tokens.admin))
            #expect(response.status == .notFound)
            #expect(response.headers[.contentType] == "application/problem+json")
            let text = String(buffer: response.body)
            #expect(!text.contains("SELECT") && !text.contains("Fatal"))
        }
    }
}
