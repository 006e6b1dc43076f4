import Foundation
import HelplineSchema
import Postgres
import PostgresTestSupport

@testable import EventStore

/// A fresh database with every migration applied, and an event store on it.
func withMigratedStore<T>(
    poolSize: Int = 8, _ body: (EventStore, PostgresConfiguration) async throws -> T
) async throws -> T {
    try await TestDatabase.withFreshDatabase { configuration in
        let connection = try await PostgresConnection.connect(configuration: configuration, logger: TestDatabase.logger)
        let migrator = try PostgresMigrator(directory: try migrationsDirectory(), logger: TestDatabase.logger)
        try await migrator.migrate(on: connection)
        await connection.close()
        let pool = PostgresPool(configuration: configuration, pool: .init(size: poolSize), logger: TestDatabase.logger)
        let store = EventStore(pool: pool, logger: TestDatabase.logger)
        do {
            let value = try await body(store, configuration)
            await pool.close()
            return value
        } catch {
            await pool.close()
            throw error
        }
    }
}

func migrationsDirectory() throws -> URL {
    guard let url = HelplineSchema.migrationsDirectory else { throw TestDatabaseError("migrations resource missing") }
    return url
}

func event(_ type: String = "Tested", data: String = "{\"n\": 1}", id: UUID = UUID(), at date: Date = Date(timeIntervalSince1970: 1_700_000_000))
    -> NewEvent
{
    NewEvent(id: id, type: type, occurredAt: date, data: data)
}
