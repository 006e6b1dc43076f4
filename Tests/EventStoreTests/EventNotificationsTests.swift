import Foundation
import Postgres
import PostgresTestSupport
import Testing

@testable import EventStore

@Suite("Event notifications reconnect")
struct EventNotificationsTests {
    @Test("a LISTEN connection terminated by the server is opened again, and later notifications wake the reader")
    func reconnectsAfterTermination() async throws {
        try await TestDatabase.withConnection { sender, configuration in
            let notifications = EventNotifications(
                configuration: configuration, logger: TestDatabase.logger, retryInterval: .milliseconds(100))
            defer { notifications.close() }
            try await waitUntil { notifications.sessions == 1 }
            // Terminate the listening backend, as a failover or an operator's pg_terminate_backend would.
            let terminated = try await sender.query(
                """
                SELECT count(pg_terminate_backend(pid))::int FROM pg_stat_activity
                 WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'
                """)[0].decode(Int.self, at: 0)
            #expect(terminated == 1)
            try await waitUntil { notifications.sessions == 2 && notifications.isListening }
            // Drain the wake-ups of the break and the reconnection, then a notification must wake the reader.
            while await notifications.signal.wait(timeout: .milliseconds(50)) {}
            try await sender.execute("SELECT pg_notify(\(EventStore.notificationChannel), '')")
            #expect(await notifications.signal.wait(timeout: .seconds(5)), "woken by the notification after the reconnect")
        }
    }

    @Test("while the database refuses connections, the notifier keeps retrying and starts listening once it can")
    func retriesUntilTheServerAcceptsConnections() async throws {
        try await TestDatabase.withConnection { sender, configuration in
            let admin = try await PostgresConnection.connect(configuration: try TestDatabase.serverConfiguration(), logger: TestDatabase.logger)
            try await admin.execute("ALTER DATABASE \(identifier: configuration.database) ALLOW_CONNECTIONS false")
            let notifications = EventNotifications(
                configuration: configuration, logger: TestDatabase.logger, retryInterval: .milliseconds(100),
                maximumRetryInterval: .milliseconds(200))
            defer { notifications.close() }
            try await Task.sleep(for: .milliseconds(500))
            #expect(!notifications.isListening)
            try await admin.execute("ALTER DATABASE \(identifier: configuration.database) ALLOW_CONNECTIONS true")
            await admin.close()
            try await waitUntil { notifications.isListening }
            while await notifications.signal.wait(timeout: .milliseconds(50)) {}
            try await sender.execute("SELECT pg_notify(\(EventStore.notificationChannel), '')")
            #expect(await notifications.signal.wait(timeout: .seconds(5)))
        }
    }

    private func waitUntil(_ condition: () -> Bool, timeout: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else { throw TestDatabaseError("condition not met within \(timeout)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
