import Foundation
import Postgres
import PostgresTestSupport
import Testing

@testable import EventStore

@Suite("Schema: migrations and the append-only table")
struct SchemaTests {
    @Test("UPDATE, DELETE and TRUNCATE on es.events are refused by the database, also for the table's owner")
    func appendOnly() async throws {
        try await withMigratedStore { store, configuration in
            try await store.append(to: "s", events: [event()])
            // The test connects as the superuser that owns the table.
            let owner = try await PostgresConnection.connect(configuration: configuration, logger: TestDatabase.logger)
            defer { Task { await owner.close() } }
            for statement: PostgresQuery in [
                "UPDATE es.events SET event_type = 'x'", "DELETE FROM es.events", "TRUNCATE es.events",
            ] {
                let error = await #expect(throws: PostgresError.self) { try await owner.execute(statement) }
                #expect(error?.sqlState == "HS001")
                #expect(error?.message.contains("append-only") == true, "\(String(describing: error))")
            }
            #expect(try await store.count() == 1)
        }
    }

    @Test("the service role may only INSERT and SELECT on es.events")
    func serviceRoleGrants() async throws {
        try await withMigratedStore { _, configuration in
            let c = try await PostgresConnection.connect(configuration: configuration, logger: TestDatabase.logger)
            defer { Task { await c.close() } }
            let rows = try await c.query(
                """
                SELECT has_any_column_privilege('helpline_service', 'es.events', 'INSERT'),
                       has_table_privilege('helpline_service', 'es.events', 'SELECT'),
                       has_table_privilege('helpline_service', 'es.events', 'UPDATE'),
                       has_table_privilege('helpline_service', 'es.events', 'DELETE'),
                       has_table_privilege('helpline_service', 'es.events', 'TRUNCATE')
                """)
            #expect(try (0..<5).map { try rows[0].decode(Bool.self, at: $0) } == [true, true, false, false, false])
            // The columns the database owns cannot be set by the service.
            for column in ["transaction_id", "global_position", "recorded_at"] {
                let own = try await c.query("SELECT has_column_privilege('helpline_service', 'es.events', \(column), 'INSERT')")
                #expect(try own[0].decode(Bool.self, at: 0) == false, "\(column) is insertable by helpline_service")
            }
            // And as that role, an append works while a delete is refused by privileges.
            try await c.execute("SET ROLE helpline_service")
            try await c.execute(
                "INSERT INTO es.events (stream_id, stream_position, event_id, event_type, occurred_at, data) VALUES ('s', 1, gen_random_uuid(), 'T', now(), '{}')"
            )
            let denied = await #expect(throws: PostgresError.self) { try await c.execute("DELETE FROM es.events") }
            #expect(denied?.sqlState == PostgresError.SQLState.insufficientPrivilege)
            // A client-chosen transaction id would sort the event below every cursor; an explicit position or receipt
            // time would lie about the store. All three are refused.
            for statement in [
                "INSERT INTO es.events (stream_id, stream_position, event_id, event_type, occurred_at, data, transaction_id) VALUES ('t', 1, gen_random_uuid(), 'T', now(), '{}', '3')",
                "INSERT INTO es.events (global_position, stream_id, stream_position, event_id, event_type, occurred_at, data) OVERRIDING SYSTEM VALUE VALUES (1, 'u', 1, gen_random_uuid(), 'T', now(), '{}')",
                "INSERT INTO es.events (stream_id, stream_position, event_id, event_type, occurred_at, data, recorded_at) VALUES ('v', 1, gen_random_uuid(), 'T', now(), '{}', '2000-01-01')",
            ] {
                let refused = await #expect(throws: PostgresError.self) { try await c.execute(PostgresQuery(unsafeSQL: statement)) }
                #expect(refused?.sqlState == PostgresError.SQLState.insufficientPrivilege, "\(statement)")
            }
        }
    }

    @Test("re-running migrations is a no-op, and a changed applied file is refused with a clear error")
    func migrationsAreChecked() async throws {
        try await TestDatabase.withConnection { c, _ in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            try "CREATE TABLE a (n int);".write(to: directory.appendingPathComponent("0001_a.sql"), atomically: true, encoding: .utf8)
            try "CREATE TABLE b (n int);".write(to: directory.appendingPathComponent("0002_b.sql"), atomically: true, encoding: .utf8)
            let first = try PostgresMigrator(directory: directory, logger: TestDatabase.logger)
            #expect(try await first.migrate(on: c).map(\.version) == [1, 2])
            #expect(try await first.migrate(on: c).isEmpty)
            #expect(try await first.status(on: c).allSatisfy { $0.appliedAt != nil })

            try "CREATE TABLE a (n int, m int);".write(to: directory.appendingPathComponent("0001_a.sql"), atomically: true, encoding: .utf8)
            let changed = try PostgresMigrator(directory: directory, logger: TestDatabase.logger)
            let error = await #expect(throws: MigrationError.self) { try await changed.migrate(on: c) }
            #expect(error?.message.contains("0001_a.sql was changed after it was applied") == true)
        }
    }

    @Test("a failing migration is rolled back and not recorded; the ones before it stay")
    func failingMigrationRollsBack() async throws {
        try await TestDatabase.withConnection { c, _ in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            try "CREATE TABLE a (n int);".write(to: directory.appendingPathComponent("0001_a.sql"), atomically: true, encoding: .utf8)
            try "CREATE TABLE b (n int); CREATE TABLE broken (;".write(
                to: directory.appendingPathComponent("0002_b.sql"), atomically: true, encoding: .utf8)
            let migrator = try PostgresMigrator(directory: directory, logger: TestDatabase.logger)
            await #expect(throws: PostgresError.self) { try await migrator.migrate(on: c) }
            let tables = try await c.query("SELECT to_regclass('a') IS NOT NULL, to_regclass('b') IS NOT NULL")
            #expect(try tables[0].decode(Bool.self, at: 0) == true)
            #expect(try tables[0].decode(Bool.self, at: 1) == false)
            #expect(try await migrator.status(on: c).map { $0.appliedAt != nil } == [true, false])
        }
    }

    @Test("a repeatable script runs after the numbered migrations, again when it changes or a migration was applied, and not otherwise")
    func repeatableScripts() async throws {
        try await TestDatabase.withConnection { c, _ in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID())")
            let repeatable = directory.appendingPathComponent("repeatable")
            try FileManager.default.createDirectory(at: repeatable, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            func write(_ text: String, _ name: String, in folder: URL) throws {
                try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
            try write("CREATE TABLE a (n int); CREATE TABLE runs (n int);", "0001_a.sql", in: directory)
            // Counts its own runs; depends on the numbered table.
            try write("DROP VIEW IF EXISTS v; CREATE VIEW v AS SELECT n FROM a; INSERT INTO runs VALUES (1);", "views.sql", in: repeatable)
            func runs() async throws -> Int { try await c.query("SELECT count(*)::int FROM runs")[0].decode(Int.self, at: 0) }
            try await PostgresMigrator(directory: directory, logger: TestDatabase.logger).migrate(on: c)
            #expect(try await runs() == 1)
            try await PostgresMigrator(directory: directory, logger: TestDatabase.logger).migrate(on: c)
            #expect(try await runs() == 1, "unchanged: not applied again")
            try write(
                "DROP VIEW IF EXISTS v; CREATE VIEW v AS SELECT n, n * 2 AS twice FROM a; INSERT INTO runs VALUES (1);", "views.sql", in: repeatable)
            try await PostgresMigrator(directory: directory, logger: TestDatabase.logger).migrate(on: c)
            #expect(try await runs() == 2, "changed: applied again")
            #expect(try await c.query("SELECT twice FROM v").isEmpty)
            // A numbered migration that must drop the view to change its table gets it back from the repeatable.
            try write("DROP VIEW v; ALTER TABLE a ALTER COLUMN n TYPE bigint;", "0002_widen.sql", in: directory)
            try await PostgresMigrator(directory: directory, logger: TestDatabase.logger).migrate(on: c)
            #expect(try await runs() == 3, "re-applied after a numbered migration")
            #expect(try await c.query("SELECT to_regclass('v') IS NOT NULL")[0].decode(Bool.self, at: 0))
            let stored = try await PostgresMigrator.storedRepeatable("views.sql", on: c)
            #expect(stored?.contains("n * 2 AS twice") == true)
        }
    }

    @Test("the shipped migrations apply to an empty database and again without change")
    func shippedMigrations() async throws {
        try await TestDatabase.withConnection { c, _ in
            let migrator = try PostgresMigrator(directory: try migrationsDirectory(), logger: TestDatabase.logger)
            #expect(try await migrator.migrate(on: c).count == migrator.migrations.count)
            #expect(try await migrator.migrate(on: c).isEmpty)
        }
    }
}
