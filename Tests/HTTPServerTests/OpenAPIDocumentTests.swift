import Foundation
import HTTPServer
import HelplineSchema
import Hummingbird
import HummingbirdTesting
import Logging
import Postgres
import PostgresTestSupport
import Testing
import Yams

/// Keeps `GET /openapi.yaml` true: every route documented, every documented status producible, every request
/// example accepted by a live server.
@Suite("The OpenAPI document")
struct OpenAPIDocumentTests {
    struct Operation: Hashable, Sendable, CustomStringConvertible {
        let method: String
        let path: String
        var description: String { "\(method.uppercased()) \(path)" }
    }

    /// The served document, parsed.
    static func document() async throws -> [String: Any] {
        let text = try await withAPI { client, tokens, _, _ in
            let response = try await client.execute(uri: "/openapi.yaml", method: .get, headers: bearer(tokens.read))
            #expect(response.headers[.contentType] == "application/yaml")
            return String(buffer: response.body)
        }
        return try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    static func operations(_ document: [String: Any]) -> [Operation: [String: Any]] {
        var result: [Operation: [String: Any]] = [:]
        for (path, item) in document["paths"] as? [String: Any] ?? [:] {
            for (method, operation) in item as? [String: Any] ?? [:] {
                if let operation = operation as? [String: Any] { result[Operation(method: method, path: path)] = operation }
            }
        }
        return result
    }

    @Test("every route of the router is documented, and every documented operation is a route")
    func routesMatch() async throws {
        let operations = Set(Self.operations(try await Self.document()).keys)
        let pool = PostgresPool(configuration: PostgresConfiguration(host: "127.0.0.1", port: 1, user: "x", database: "x"))
        let router = APIApplication.buildRouter(APIServices(pool: pool, configuration: ServerConfiguration(), logger: Logger(label: "t")))
        let routes = Set(
            router.routes.map { route in
                Operation(
                    method: route.method.rawValue.lowercased(),
                    path: "/"
                        + route.path.description.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(
                            separator: "/"))
            })
        #expect(routes.subtracting(operations).isEmpty, "undocumented routes: \(routes.subtracting(operations))")
        #expect(operations.subtracting(routes).isEmpty, "documented but missing: \(operations.subtracting(routes))")
        await pool.close()
    }

    @Test("every request body has a complete example, and a live server accepts each one")
    func examplesAreAccepted() async throws {
        let operations = Self.operations(try await Self.document())
        var examples: [(Operation, String)] = []
        for (operation, spec) in operations {
            guard let body = spec["requestBody"] as? [String: Any] else { continue }
            let media = (body["content"] as? [String: Any])?["application/json"] as? [String: Any]
            let example = try #require(media?["example"], "\(operation) has no example")
            examples.append((operation, String(decoding: try JSONSerialization.data(withJSONObject: example), as: UTF8.self)))
        }
        #expect(examples.count == 11)
        // The campaign first (the facts need it), then the facts, then events.
        examples.sort { rank($0.0) < rank($1.0) }
        let ordered = examples
        try await TestDatabase.withFreshDatabase { configuration in
            let connection = try await PostgresConnection.connect(configuration: configuration, logger: TestDatabase.logger)
            try await PostgresMigrator(directory: try #require(HelplineSchema.migrationsDirectory), logger: TestDatabase.logger).migrate(
                on: connection)
            await connection.close()
            let pool = PostgresPool(configuration: configuration, pool: .init(size: 4), logger: TestDatabase.logger)
            let token = try await TokenStore(pool: pool).create(name: "examples", scopes: [.admin]).token
            var server = ServerConfiguration()
            server.port = 0
            let app = Application(
                router: APIApplication.buildRouter(APIServices(pool: pool, configuration: server, logger: TestDatabase.logger)),
                configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            let campaignID = "lijn-1712-veilige-thuis"
            try await app.test(.live) { client in
                for (operation, body) in ordered {
                    let uri = operation.path.replacingOccurrences(of: "{id}", with: campaignID)
                    let method = HTTPRequest.Method(rawValue: operation.method.uppercased())!
                    let response = try await client.execute(uri: uri, method: method, headers: jsonHeaders(token), body: json(body))
                    #expect(response.status == .created, "\(operation): \(response.status) \(String(buffer: response.body))")
                }
            }
            await pool.close()
        }
    }

    func rank(_ operation: Operation) -> Int {
        if operation.path == "/v1/campaigns" { return 0 }
        if operation.path.hasSuffix("/cancel") { return 3 }
        if operation.path.hasPrefix("/v1/campaigns") { return 1 }
        return 2
    }

    @Test("every documented status code is produced by the route it is documented for")
    func statusesAreProduced() async throws {
        let operations = Self.operations(try await Self.document())
        // What the closures need, in Sendable form: each operation's statuses and example body.
        var examplesByOperation: [Operation: String] = [:]
        var statusesByOperation: [Operation: [Int]] = [:]
        for (operation, spec) in operations {
            let body = (spec["requestBody"] as? [String: Any])?["content"] as? [String: Any]
            let example = (body?["application/json"] as? [String: Any])?["example"] ?? [:]
            examplesByOperation[operation] = String(decoding: (try? JSONSerialization.data(withJSONObject: example)) ?? Data(), as: UTF8.self)
            statusesByOperation[operation] = (spec["responses"] as? [String: Any] ?? [:]).keys.compactMap { Int($0) }.sorted()
        }
        let examples = examplesByOperation
        let plan = statusesByOperation.sorted { $0.key.description < $1.key.description }
        let unavailable = plan.filter { $0.value.contains(503) }.map(\.key)
        try await withAPI { client, tokens, _, configuration in
            let campaign = "lijn-1712-veilige-thuis"
            func examplesBody(_ operation: Operation) -> String { examples[operation] ?? "{}" }
            // The campaign exists and is in the read model, for the routes that need one.
            let create = Operation(method: "post", path: "/v1/campaigns")
            _ = try await client.execute(uri: "/v1/campaigns", method: .post, headers: jsonHeaders(tokens.admin), body: json(examplesBody(create)))
            // A baseline event of the same id, for the withdrawal route.
            let baseline = Operation(method: "put", path: "/v1/baseline-events/{id}")
            _ = try await client.execute(
                uri: "/v1/baseline-events/\(campaign)", method: .put, headers: jsonHeaders(tokens.admin), body: json(examplesBody(baseline)))
            try await catchUpProjections(configuration)

            for (operation, statuses) in plan {
                let uri = operation.path.replacingOccurrences(of: "{id}", with: campaign)
                let method = HTTPRequest.Method(rawValue: operation.method.uppercased())!
                // Writes (POST and PUT) send a body.
                let isPost = method == .post || method == .put
                let example = isPost ? examplesBody(operation) : ""
                for status in statuses {
                    let response: TestResponse
                    switch status {
                    case 200 where isPost:
                        _ = try await client.execute(uri: uri, method: method, headers: jsonHeaders(tokens.admin), body: json(example))
                        response = try await client.execute(uri: uri, method: method, headers: jsonHeaders(tokens.admin), body: json(example))
                    case 200:
                        response = try await client.execute(uri: uri, method: method, headers: bearer(tokens.admin))
                    case 201:
                        // A fresh example: for events new ids, for campaign facts a new campaign.
                        let fresh = example.replacingOccurrences(
                            of: "3b0b5f0e-7f43-4c53-9a4e-6a2f0f5d1c0", with: "3b0b5f0e-7f43-4c53-9a4e-6a2f0f5d1d0"
                        )
                        .replacingOccurrences(of: "call-20230302-0001", with: "call-20230302-0002")
                        .replacingOccurrences(of: "lijn-1712-veilige-thuis", with: "fresh-campaign")
                        var freshURI = uri
                        if operation.path.hasPrefix("/v1/campaigns/{id}") {
                            freshURI = operation.path.replacingOccurrences(
                                of: "{id}", with: "fresh-\(status)-\(operation.path.split(separator: "/").last!)")
                            let body = examplesBody(create).replacingOccurrences(
                                of: "lijn-1712-veilige-thuis", with: freshURI.split(separator: "/")[2])
                            _ = try await client.execute(uri: "/v1/campaigns", method: .post, headers: jsonHeaders(tokens.admin), body: json(body))
                        } else if operation.path.hasPrefix("/v1/baseline-events/{id}") {
                            let id = "fresh-\(status)-\(operation.path.hasSuffix("/withdraw") ? "withdraw" : "record")"
                            freshURI = operation.path.replacingOccurrences(of: "{id}", with: id)
                            if operation.path.hasSuffix("/withdraw") {
                                _ = try await client.execute(
                                    uri: "/v1/baseline-events/\(id)", method: .put, headers: jsonHeaders(tokens.admin),
                                    body: json(examplesBody(baseline)))
                            }
                        }
                        response = try await client.execute(uri: freshURI, method: method, headers: jsonHeaders(tokens.admin), body: json(fresh))
                    case 400 where operation.path.hasSuffix("/withdraw"):
                        // No body to get wrong: the id is.
                        response = try await client.execute(
                            uri: operation.path.replacingOccurrences(of: "{id}", with: "not*an*id"), method: method, headers: bearer(tokens.admin))
                    case 400:
                        response =
                            isPost
                            ? try await client.execute(uri: uri, method: method, headers: jsonHeaders(tokens.admin), body: json("{\"unterminated"))
                            : try await client.execute(uri: uri + "?bogus=1", method: method, headers: bearer(tokens.admin))
                    case 401:
                        response = try await client.execute(
                            uri: uri, method: method, headers: isPost ? [.contentType: "application/json"] : [:], body: isPost ? json(example) : nil)
                    case 403:
                        response = try await client.execute(
                            uri: uri, method: method, headers: jsonHeaders(isPost ? tokens.read : tokens.ingest), body: isPost ? json(example) : nil)
                    case 404:
                        let missing = operation.path.replacingOccurrences(of: "{id}", with: "no-such-campaign")
                        response = try await client.execute(
                            uri: missing, method: method, headers: jsonHeaders(tokens.admin), body: isPost ? json(example) : nil)
                    case 409:
                        response = try await client.execute(
                            uri: uri, method: method, headers: jsonHeaders(tokens.admin), body: json(Self.conflicting(operation, example)))
                    case 413:
                        let big = "{\"x\":\"" + String(repeating: "a", count: ServerConfiguration.defaultBodyLimit + 10) + "\"}"
                        response = try await client.execute(uri: uri, method: method, headers: jsonHeaders(tokens.admin), body: json(big))
                    case 415:
                        response = try await client.execute(
                            uri: uri, method: method, headers: [.authorization: "Bearer \(tokens.admin)", .contentType: "text/plain"],
                            body: json(example))
                    case 503:
                        continue
                    default:
                        Issue.record("no way to produce \(status) for \(operation)")
                        continue
                    }
                    #expect(
                        Int(response.status.code) == status,
                        "\(operation) should produce \(status): got \(response.status) \(String(buffer: response.body))")
                }
            }
        }
        // 503: the same routes with the database gone.
        let dead = PostgresPool(configuration: PostgresConfiguration(host: "127.0.0.1", port: 1, user: "x", database: "x"), pool: .init(size: 1))
        let app = Application(
            router: APIApplication.buildRouter(APIServices(pool: dead, configuration: ServerConfiguration(), logger: Logger(label: "t"))))
        try await app.test(.router) { client in
            for operation in unavailable {
                let response = try await client.execute(
                    uri: operation.path, method: HTTPRequest.Method(rawValue: operation.method.uppercased())!, headers: jsonHeaders("hs_any"),
                    body: json("{}"))
                #expect(response.status == .serviceUnavailable, "\(operation)")
                #expect(response.headers[.retryAfter] != nil)
            }
        }
        await dead.close()
        #expect(!unavailable.isEmpty)
    }

    /// A body that conflicts with what the route's example already stored.
    static func conflicting(_ operation: Operation, _ example: String) -> String {
        switch operation.path {
        case "/v1/events":
            let event =
                #"{"eventId":"3b0b5f0e-7f43-4c53-9a4e-6a2f0f5d1caa","type":"ContactReceived","schemaVersion":1,"occurredAt":"2023-03-02T09:15:00Z","source":"telephony","helpline":"1712","contactId":"call-20230302-0001","data":{"channel":"phone","receivedAt":"2023-03-02T09:15:00Z"}}"#
            return #"{"events":["# + event + #"],"expectedVersions":{"contact-1712-call-20230302-0001":0}}"#
        case "/v1/campaigns":
            return example.replacingOccurrences(of: "Lijn 1712, bestemming Veilige thuis", with: "Another name")
        case let path where path.hasSuffix("/start"):
            return #"{"startedAt":"2023-03-05T00:00:00+01:00"}"#
        case let path where path.hasSuffix("/stop"):
            return #"{"stoppedAt":"2023-05-20T23:59:59+02:00"}"#
        case let path where path.hasSuffix("/cancel"):
            return #"{"reason":"other"}"#
        default:
            return example
        }
    }
}
