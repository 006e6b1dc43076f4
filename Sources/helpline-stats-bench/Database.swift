import Foundation
import HelplineSchema
import LocalPostgres
import Logging
import Postgres

/// The PostgreSQL server the bench runs against: its own private cluster, or `--database-url` (a superuser).
final class BenchServer: @unchecked Sendable {
    let admin: PostgresConfiguration
    let local: LocalPostgres?
    let directory: URL?
    let logger = quietLogger("bench")
    var keep = false

    private init(admin: PostgresConfiguration, local: LocalPostgres?, directory: URL?) {
        self.admin = admin
        self.local = local
        self.directory = directory
    }

    static func start(databaseURL: String?) async throws -> BenchServer {
        if let databaseURL { return BenchServer(admin: try PostgresConfiguration(url: databaseURL), local: nil, directory: nil) }
        let dir = URL(fileURLWithPath: "/tmp/hsbench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        chmod(dir.path, 0o755)
        let local = LocalPostgres(directory: dir, logger: quietLogger("pg"))
        _ = try await local.start()
        return BenchServer(admin: try PostgresConfiguration(url: local.connectionURL), local: local, directory: dir)
    }

    func stop() async {
        if let local {
            try? await local.stop()
            if let directory { try? FileManager.default.removeItem(at: directory) }
        }
    }

    func version() async throws -> String {
        let c = try await PostgresConnection.connect(configuration: admin, logger: logger)
        defer { Task { await c.close() } }
        return try await c.query("SHOW server_version").first!.decode(String.self, at: 0)
    }

    /// A fresh, migrated database.
    func freshDatabase(_ name: String) async throws -> PostgresConfiguration {
        let c = try await PostgresConnection.connect(configuration: admin, logger: logger)
        try await c.execute("DROP DATABASE IF EXISTS \(identifier: name) WITH (FORCE)")
        try await c.execute("CREATE DATABASE \(identifier: name)")
        await c.close()
        var config = admin
        config.database = name
        let db = try await PostgresConnection.connect(configuration: config, logger: logger)
        try await PostgresMigrator(directory: HelplineSchema.migrationsDirectory!, logger: logger).migrate(on: db)
        await db.close()
        return config
    }

    func dropDatabase(_ name: String) async {
        if keep { return }
        guard let c = try? await PostgresConnection.connect(configuration: admin, logger: logger) else { return }
        _ = try? await c.execute("DROP DATABASE IF EXISTS \(identifier: name) WITH (FORCE)")
        await c.close()
    }
}
