import PostgresTestSupport
import Testing

@testable import Postgres

@Suite("LISTEN / NOTIFY")
struct ListenerTests {
    @Test("a NOTIFY from another connection arrives within 100 ms")
    func arrivesQuickly() async throws {
        try await HorizonLock.run { try await arrivesQuicklyBody() }
    }

    func arrivesQuicklyBody() async throws {
        try await TestDatabase.withConnection { sender, configuration in
            let listener = try await PostgresListener.listen(configuration: configuration, channels: ["es_events", "other"])
            defer { listener.close() }
            var iterator = listener.notifications.makeAsyncIterator()
            var latencies = Latencies()
            for round in 0..<5 {
                let sent = ContinuousClock.now
                try await sender.execute("SELECT pg_notify('es_events', \("payload \(round)"))")
                let received = try await iterator.next()
                let elapsed = ContinuousClock.now - sent
                #expect(received?.channel == "es_events")
                #expect(received?.payload == "payload \(round)")
                latencies.record(elapsed)
            }
            #expect(latencies.median < .milliseconds(100), "rounds: \(latencies)")
            #expect(latencies.maximum < .seconds(5), "rounds: \(latencies)")
            // A second channel, and notifications sent inside a transaction arrive on commit only.
            _ = try await sender.withTransaction { tx in
                try await tx.execute("SELECT pg_notify('other', 'in tx')")
            }
            #expect(try await iterator.next()?.payload == "in tx")
        }
    }

    @Test("close() ends the sequence without waiting for a notification")
    func closeEnds() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            let listener = try await PostgresListener.listen(configuration: configuration, channels: ["quiet"])
            let consumer = Task { () -> Int in
                var count = 0
                for try await _ in listener.notifications { count += 1 }
                return count
            }
            try await Task.sleep(for: .milliseconds(50))
            let start = ContinuousClock.now
            listener.close()
            #expect(try await consumer.value == 0)
            // Nothing is ever sent on "quiet": without close() the consumer would wait forever.
            #expect(ContinuousClock.now - start < .seconds(10))
        }
    }

    @Test("a terminated listener connection ends the sequence with a connection error")
    func brokenConnectionFails() async throws {
        try await TestDatabase.withConnection { admin, configuration in
            let listener = try await PostgresListener.listen(
                configuration: configuration, channels: ["x"], logger: TestDatabase.logger)
            defer { listener.close() }
            try await admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
            let error = await #expect(throws: PostgresError.self) {
                for try await _ in listener.notifications {}
            }
            #expect(error?.code == .connectionClosed)
        }
    }
}
