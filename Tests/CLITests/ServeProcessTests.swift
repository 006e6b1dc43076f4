import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Postgres
import PostgresTestSupport
import Synchronization
import Testing

@Suite("helpline-stats serve as a process")
struct ServeProcessTests {
    @Test("SIGTERM mid-traffic: in-flight requests finish, the process exits 0, and every acknowledged event is stored exactly once")
    func gracefulShutdown() async throws {
        try await HorizonLock.run {
            try await withCLIDatabase { cli, pool in
                let created = try await cli.run(["token", "create", "--name", "load", "--scope", "ingest"])
                let token = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                #expect(token.hasPrefix("hs_"))
                let server = cli.start(["serve", "--port", "0", "--no-workers"])
                var port: Int?
                let deadline = ContinuousClock.now + .seconds(30)
                while port == nil && ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                    if let line = server.stdout().split(separator: "\n").first(where: { $0.contains("listening on http://") }) {
                        port = Int((line.split(separator: ":").last ?? "").prefix(while: \.isNumber))
                    }
                }
                let serverPort = try #require(port, "serve did not report its port: \(server.stderr())")

                let client = HTTPClient(eventLoopGroupProvider: .singleton)
                let acknowledged = Counted()
                let sent = Counted()
                let stopAt = ContinuousClock.now + .seconds(20)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for worker in 0..<8 {
                        group.addTask {
                            var n = 0
                            while ContinuousClock.now < stopAt {
                                n += 1
                                let id = UUID()
                                var request = HTTPClientRequest(url: "http://127.0.0.1:\(serverPort)/v1/events")
                                request.method = .POST
                                request.headers.add(name: "Authorization", value: "Bearer \(token)")
                                request.headers.add(name: "Content-Type", value: "application/json")
                                request.body = .bytes(ByteBuffer(string: Self.event(id: id, contact: "w\(worker)-\(n)")))
                                sent.add(id)
                                do {
                                    let response = try await client.execute(request, timeout: .seconds(10))
                                    _ = try await response.body.collect(upTo: 1 << 20)
                                    if (200..<300).contains(Int(response.status.code)) { acknowledged.add(id) }
                                } catch {
                                    return  // the server is gone: stop sending
                                }
                            }
                        }
                    }
                    group.addTask {
                        try await Task.sleep(for: .seconds(1.5))
                        server.kill(SIGTERM)
                    }
                    try await group.waitForAll()
                }
                try await client.shutdown()
                let status = await server.waitForExit()
                #expect(status == 0, "graceful exit: \(server.stderr())")
                let ids = acknowledged.values
                #expect(ids.count > 20, "traffic was flowing before the shutdown (\(ids.count) acknowledged of \(sent.values.count) sent)")
                let stored = try await pool.query(
                    "SELECT count(*), count(DISTINCT event_id) FROM es.events WHERE event_id = ANY(\(ids)::uuid[])")
                #expect(try stored[0].decode(Int.self, at: 0) == ids.count, "every acknowledged event is stored")
                #expect(try stored[0].decode(Int.self, at: 1) == ids.count, "exactly once")
                print("serve shutdown: \(sent.values.count) sent, \(ids.count) acknowledged, \(ids.count) found")
            }
        }
    }

    static func event(id: UUID, contact: String) -> String {
        """
        {"eventId":"\(id.uuidString.lowercased())","type":"ContactReceived","schemaVersion":1,"occurredAt":"2023-03-02T09:15:00Z",
         "source":"telephony","helpline":"1712","contactId":"\(contact)","data":{"channel":"phone","receivedAt":"2023-03-02T09:15:00Z"}}
        """
    }
}

/// Ids collected from several tasks.
final class Counted: Sendable {
    private let ids = Mutex<[UUID]>([])
    func add(_ id: UUID) { ids.withLock { $0.append(id) } }
    var values: [UUID] { ids.withLock { $0 } }
}
