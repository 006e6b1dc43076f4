import Foundation
import Logging

/// Applies numbered SQL files (`0001_name.sql`, `0002_…`) in order, each in its own transaction, and records
/// them with a checksum in `public.schema_migrations`. Re-running is a no-op; a file changed after it was
/// applied is refused. A session advisory lock keeps two migrators from running at once.
///
/// Repeatable scripts (`repeatable/*.sql` beside the numbered files, e.g. the views) hold definitions that have one
/// current version rather than a history: after the numbered files, each is applied again whenever its text changed or
/// a numbered migration was applied in this run, and its text is kept in `public.schema_repeatables` (so that a
/// projection rebuild can run the same version again).
public struct PostgresMigrator: Sendable {
    public struct Migration: Sendable, Equatable {
        public let version: Int
        public let name: String
        public let sql: String
    }

    public struct Status: Sendable, Equatable {
        public let version: Int
        public let name: String
        public let appliedAt: Date?
    }

    /// A script applied again whenever it changed (or the numbered migrations moved).
    public struct Repeatable: Sendable, Equatable {
        /// The file name, e.g. `views.sql`.
        public let name: String
        public let sql: String
    }

    public let migrations: [Migration]
    public let repeatables: [Repeatable]
    let logger: Logger
    static let lockKey = 1_712_000_001

    /// Loads `NNNN_name.sql` files from `directory`.
    /// - Throws: ``MigrationError`` for a misnamed file or a duplicate version.
    public init(directory: URL, logger: Logger = Logger(label: "migrate")) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".sql") }.sorted()
        var migrations: [Migration] = []
        for file in files {
            let stem = file.dropLast(4)
            let parts = stem.split(separator: "_", maxSplits: 1)
            guard parts.count == 2, parts[0].count == 4, let version = Int(parts[0]) else {
                throw MigrationError(message: "migration file \(file) is not named NNNN_name.sql")
            }
            if let previous = migrations.last, previous.version == version {
                throw MigrationError(message: "two migrations have version \(version): \(previous.name) and \(parts[1])")
            }
            let sql = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            migrations.append(Migration(version: version, name: String(parts[1]), sql: sql))
        }
        self.migrations = migrations
        let repeatableDirectory = directory.appendingPathComponent("repeatable")
        let repeatableFiles =
            ((try? FileManager.default.contentsOfDirectory(atPath: repeatableDirectory.path)) ?? []).filter { $0.hasSuffix(".sql") }.sorted()
        self.repeatables = try repeatableFiles.map {
            Repeatable(name: $0, sql: try String(contentsOf: repeatableDirectory.appendingPathComponent($0), encoding: .utf8))
        }
        self.logger = logger
    }

    /// The stored text of the repeatable script `name` (as last applied), nil if it was never applied.
    public static func storedRepeatable(_ name: String, on connection: PostgresConnection) async throws -> String? {
        let exists = try await connection.query("SELECT to_regclass('public.schema_repeatables') IS NOT NULL")[0].decode(Bool.self, at: 0)
        guard exists else { return nil }
        return try await connection.query("SELECT sql FROM public.schema_repeatables WHERE name = \(name)").first?.decode(String.self, at: 0)
    }

    /// Applies what is missing. Returns the migrations applied now.
    /// - Throws: ``MigrationError`` when an applied file has changed, or the SQL error of a failing migration
    ///   (which is rolled back; earlier ones stay applied).
    @discardableResult
    public func migrate(on connection: PostgresConnection) async throws -> [Migration] {
        try await connection.withExclusiveAccess {
            try await connection.execute("SELECT pg_advisory_lock(\(Self.lockKey))")
            do {
                let applied = try await run(on: connection)
                try await connection.execute("SELECT pg_advisory_unlock(\(Self.lockKey))")
                return applied
            } catch {
                if !connection.isBroken { _ = try? await connection.execute("SELECT pg_advisory_unlock(\(Self.lockKey))") }
                throw error
            }
        }
    }

    private func run(on connection: PostgresConnection) async throws -> [Migration] {
        try await connection.execute(
            """
            CREATE TABLE IF NOT EXISTS public.schema_migrations (
                version int PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
            """)
        var stored: [Int: (name: String, checksum: String)] = [:]
        for row in try await connection.query("SELECT version, name, checksum FROM public.schema_migrations") {
            stored[try row.decode(Int.self, at: 0)] = (try row.decode(String.self, at: 1), try row.decode(String.self, at: 2))
        }
        var applied: [Migration] = []
        for migration in migrations {
            let checksum = try await connection.query("SELECT md5(\(migration.sql))")[0].decode(String.self, at: 0)
            if let existing = stored[migration.version] {
                guard existing.checksum == checksum else {
                    throw MigrationError(
                        message:
                            "migration \(String(format: "%04d", migration.version))_\(migration.name).sql was changed after it was applied (checksum \(existing.checksum), file now \(checksum)); add a new migration instead of editing an applied one"
                    )
                }
                continue
            }
            logger.info("applying migration \(migration.version) \(migration.name)")
            try await connection.withTransaction { tx in
                try await tx.runScript(migration.sql)
                try await tx.execute(
                    "INSERT INTO public.schema_migrations (version, name, checksum) VALUES (\(migration.version), \(migration.name), \(checksum))")
            }
            applied.append(migration)
        }
        try await applyRepeatables(afterApplying: !applied.isEmpty, on: connection)
        return applied
    }

    private func applyRepeatables(afterApplying numbered: Bool, on connection: PostgresConnection) async throws {
        guard !repeatables.isEmpty else { return }
        try await connection.execute(
            """
            CREATE TABLE IF NOT EXISTS public.schema_repeatables (
                name text PRIMARY KEY, checksum text NOT NULL, sql text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
            """)
        var stored: [String: String] = [:]
        for row in try await connection.query("SELECT name, checksum FROM public.schema_repeatables") {
            stored[try row.decode(String.self, at: 0)] = try row.decode(String.self, at: 1)
        }
        for script in repeatables {
            let checksum = try await connection.query("SELECT md5(\(script.sql))")[0].decode(String.self, at: 0)
            guard numbered || stored[script.name] != checksum else { continue }
            logger.info("applying repeatable \(script.name)")
            try await connection.withTransaction { tx in
                try await tx.runScript(script.sql)
                try await tx.execute(
                    """
                    INSERT INTO public.schema_repeatables (name, checksum, sql) VALUES (\(script.name), \(checksum), \(script.sql))
                    ON CONFLICT (name) DO UPDATE SET checksum = EXCLUDED.checksum, sql = EXCLUDED.sql, applied_at = now()
                    """)
            }
        }
    }

    /// Every known migration and when it was applied (nil if pending).
    public func status(on connection: PostgresConnection) async throws -> [Status] {
        let exists = try await connection.query("SELECT to_regclass('public.schema_migrations') IS NOT NULL")[0].decode(Bool.self, at: 0)
        var appliedAt: [Int: Date] = [:]
        if exists {
            for row in try await connection.query("SELECT version, applied_at FROM public.schema_migrations") {
                appliedAt[try row.decode(Int.self, at: 0)] = try row.decode(Date.self, at: 1)
            }
        }
        return migrations.map { Status(version: $0.version, name: $0.name, appliedAt: appliedAt[$0.version]) }
    }
}

public struct MigrationError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
