import ArgumentParser
import Foundation
import Postgres

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the SQL migrations that are not applied yet.",
        discussion: """
            Each migration runs in its own transaction and is recorded with a checksum in public.schema_migrations.
            Running it again is a no-op; a migration file changed after it was applied is refused.

            Example:
              DATABASE_URL=postgres://owner@db/helpline helpline-stats migrate
              helpline-stats migrate --status
            """)

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Only list the migrations and whether they are applied.") var status = false

    func run() async throws {
        let migrator = try database.migrator()
        try await database.withConfiguration { configuration, _ in
            let connection = try await PostgresConnection.connect(configuration: configuration, logger: database.logger)
            defer { Task { await connection.close() } }
            if !status {
                let applied = try await migrator.migrate(on: connection)
                print(
                    applied.isEmpty
                        ? "schema is up to date"
                        : "applied \(applied.count) migration(s): " + applied.map { "\($0.version) \($0.name)" }.joined(separator: ", "))
            }
            for entry in try await migrator.status(on: connection) {
                let when = entry.appliedAt.map { "applied \($0.formatted(.iso8601))" } ?? "pending"
                print(String(format: "%04d", entry.version) + "  \(entry.name)  \(when)")
            }
        }
    }
}
