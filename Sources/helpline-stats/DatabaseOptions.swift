import ArgumentParser
import Foundation
import HelplineSchema
import LocalPostgres
import Logging
import Postgres

/// Where the database is: `--database-url` / `DATABASE_URL`, or else the embedded PostgreSQL under `--data-dir`.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: ArgumentHelp(
            "PostgreSQL URL, e.g. postgres://user:pass@host:5432/helpline?sslmode=require (default: $DATABASE_URL, else the embedded cluster)",
            valueName: "url"))
    var databaseURL: String?

    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp("Folder of the embedded PostgreSQL cluster (used without a database URL).", valueName: "path"))
    var dataDirectory: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (default: $LOG_LEVEL, else warning).")
    var logLevel: String?

    var logger: Logger {
        var logger = Logger(label: "helpline-stats")
        let level = logLevel ?? ProcessInfo.processInfo.environment["LOG_LEVEL"] ?? "warning"
        logger.logLevel = Logger.Level(rawValue: level.lowercased()) ?? .warning
        return logger
    }

    var resolvedURL: String? {
        if let databaseURL, !databaseURL.isEmpty { return databaseURL }
        if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty { return url }
        return nil
    }

    /// Runs `body` with the connection configuration: the given URL, or else the embedded cluster — started
    /// for the command if it is not running (and stopped again afterwards), and migrated, since it is ours.
    func withConfiguration<T>(_ body: (PostgresConfiguration, _ embedded: Bool) async throws -> T) async throws -> T {
        if let url = resolvedURL { return try await body(try PostgresConfiguration(url: url), false) }
        let directory = URL(fileURLWithPath: dataDirectory ?? LocalPostgres.defaultDirectory().path)
        let local = LocalPostgres(directory: directory, logger: logger)
        let wasRunning = (try? await local.status().isRunning) ?? false
        _ = try await local.start()
        do {
            let configuration = try PostgresConfiguration(url: local.connectionURL)
            let connection = try await PostgresConnection.connect(configuration: configuration, logger: logger)
            do {
                try await migrator().migrate(on: connection)
                await connection.close()
            } catch {
                await connection.close()
                throw error
            }
            let value = try await body(configuration, true)
            if !wasRunning { try await local.stop() }
            return value
        } catch {
            if !wasRunning { try? await local.stop() }
            throw error
        }
    }

    func migrator() throws -> PostgresMigrator {
        guard let directory = HelplineSchema.migrationsDirectory else {
            throw ValidationError("the SQL migrations are missing from this installation (HelplineStats_HelplineSchema.resources)")
        }
        return try PostgresMigrator(directory: directory, logger: logger)
    }

    /// Runs `body` with a pool on a migrated database. With an explicit URL the schema must already be migrated.
    func withPool<T>(size: Int = 4, _ body: (PostgresPool) async throws -> T) async throws -> T {
        try await withConfiguration { configuration, embedded in
            if !embedded {
                let connection = try await PostgresConnection.connect(configuration: configuration, logger: logger)
                let pending = try await migrator().status(on: connection).filter { $0.appliedAt == nil }
                await connection.close()
                if !pending.isEmpty {
                    throw CLIError(
                        "the database schema is not up to date (\(pending.count) migration(s) pending): run `helpline-stats migrate` first")
                }
            }
            let pool = PostgresPool(configuration: configuration, pool: .init(size: size), logger: logger)
            do {
                let value = try await body(pool)
                await pool.close()
                return value
            } catch {
                await pool.close()
                throw error
            }
        }
    }
}

/// An error for the user, printed without decoration.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
