import Foundation
import HelplineSchema
import Logging
import Postgres

/// A real PostgreSQL server for tests, started by `scripts/test` (never a mock).
///
/// `HELPLINE_TEST_DATABASE_URL` points at a superuser connection; each test gets a fresh database of its own,
/// dropped afterwards, so tests run in parallel without seeing each other's rows.
public enum TestDatabase {
    public static let environmentVariable = "HELPLINE_TEST_DATABASE_URL"

    /// The server's configuration (database `postgres`).
    public static func serverConfiguration() throws -> PostgresConfiguration {
        guard let url = ProcessInfo.processInfo.environment[environmentVariable], !url.isEmpty else {
            throw TestDatabaseError(
                "\(environmentVariable) is not set: run the tests with scripts/test, which starts a throwaway PostgreSQL")
        }
        return try PostgresConfiguration(url: url)
    }

    public static let logger: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return logger
    }()

    /// Creates a database, runs `body` with its configuration, and drops it (even if `body` throws).
    public static func withFreshDatabase<T>(
        _ body: (PostgresConfiguration) async throws -> T
    ) async throws -> T {
        let server = try serverConfiguration()
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let admin = try await PostgresConnection.connect(configuration: server, logger: logger)
        try await HorizonLock.shared { try await admin.execute("CREATE DATABASE \(identifier: name)") }
        var configuration = server
        configuration.database = name
        do {
            let value = try await body(configuration)
            try await HorizonLock.shared { try await admin.execute("DROP DATABASE \(identifier: name) WITH (FORCE)") }
            await admin.close()
            return value
        } catch {
            _ = try? await HorizonLock.shared { try await admin.execute("DROP DATABASE \(identifier: name) WITH (FORCE)") }
            await admin.close()
            throw error
        }
    }

    /// A fresh database with every HelplineStats migration applied, and a pool on it (closed afterwards).
    public static func withMigratedPool<T>(
        size: Int = 4, _ body: (PostgresPool, PostgresConfiguration) async throws -> T
    ) async throws -> T {
        try await withFreshDatabase { configuration in
            let connection = try await PostgresConnection.connect(configuration: configuration, logger: logger)
            guard let directory = HelplineSchema.migrationsDirectory else { throw TestDatabaseError("migrations resource missing") }
            do {
                try await PostgresMigrator(directory: directory, logger: logger).migrate(on: connection)
                await connection.close()
            } catch {
                await connection.close()
                throw error
            }
            let pool = PostgresPool(configuration: configuration, pool: .init(size: size), logger: logger)
            do {
                let value = try await body(pool, configuration)
                await pool.close()
                return value
            } catch {
                await pool.close()
                throw error
            }
        }
    }

    /// A fresh database and one open connection to it.
    public static func withConnection<T>(_ body: (PostgresConnection, PostgresConfiguration) async throws -> T) async throws -> T {
        try await withFreshDatabase { configuration in
            let connection = try await PostgresConnection.connect(configuration: configuration, logger: logger)
            do {
                let value = try await body(connection, configuration)
                await connection.close()
                return value
            } catch {
                await connection.close()
                throw error
            }
        }
    }
}

public struct TestDatabaseError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
