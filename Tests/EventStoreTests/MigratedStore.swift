import Foundation
import HelplineSchema
import Postgres
import PostgresTestSupport

@testable import EventStore

/// A fresh database with every migration applied, and an event store on it.
func withMigratedStore<T>(
    poolSize: Int = 8, _ body: (EventStore, PostgresConfiguration) async throws -> T
) async throws -> T {
    try await TestDatabase.withMigratedPool(size: poolSize) { pool, configuration in
        try await body(EventStore(pool: pool, logger: TestDatabase.logger), configuration)
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
