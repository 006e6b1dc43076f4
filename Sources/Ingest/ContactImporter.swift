import DurationUnits
import EventStore
import Foundation
import HelplineDomain
import Logging
import Postgres

/// Bulk import of contact CSV files into the event store.
///
/// Rows stream through `COPY` into a temporary staging table — constant memory whatever the file size — and
/// move into `es.events` with one `INSERT … SELECT` in the same transaction, skipping events already stored.
/// Event ids are derived from helpline, contact id and event kind, so importing a file twice adds nothing.
/// Any invalid row refuses the whole file (every bad line reported, up to a limit) unless `skipInvalid`.
///
/// A file that can be read twice (``importCSV(opening:options:)``) first goes straight into `es.events` with
/// one `COPY`, each contact's events at positions 1… of its stream: the common first import of a history,
/// at about the cost of a raw `COPY`. If any of its contacts already has events or is listed twice, the store's
/// unique keys refuse that `COPY`, its transaction rolls back, and the file is read again through the staging
/// table (docs/IMPORT.md).
public struct ContactImporter: Sendable {
    public let pool: PostgresPool
    let logger: Logger

    public init(pool: PostgresPool, logger: Logger = Logger(label: "import")) {
        self.pool = pool
        self.logger = logger
    }

    /// Imports a CSV that `open` can read from the start more than once (a file, bytes in memory): straight into
    /// `es.events` when none of its contacts is stored yet or listed twice, through the staging table otherwise.
    /// - Throws: ``ContactImportRefused`` (nothing written), or a database error (nothing written).
    @discardableResult
    public func importCSV<Source: ByteChunkSource>(opening open: () throws -> Source, options: ContactImportOptions = ContactImportOptions())
        async throws -> ContactImportSummary
    {
        let started = ContinuousClock.now
        if try await startsWithStoredContacts(try open(), options: options) {
            logger.info("the file's first contacts are already stored: importing it through the staging table")
        } else if let summary = try await importDirectly(from: try open(), options: options) {
            return summary
        } else {
            logger.info("some contacts of the file are already stored or listed twice: importing it through the staging table")
        }
        var summary = try await importCSV(from: try open(), options: options)
        summary.seconds = (ContinuousClock.now - started).seconds
        return summary
    }

    /// Whether any event of the file's first 1,000 valid rows is stored already: a re-import, which the direct `COPY`
    /// would only find out after sending the whole file (the server's refusal is read when the `COPY` ends).
    func startsWithStoredContacts<Source: ByteChunkSource>(_ source: Source, options: ContactImportOptions) async throws -> Bool {
        guard var csv = try? ContactCSVImporter(source: source, eventSource: options.eventSource, now: options.now) else { return false }
        var ids: [UUID] = []
        var rows = 0
        while rows < 1_000, let row = try? csv.next() {
            rows += 1
            if case .success(let contact) = row { ids += contact.events.map(\.eventId) }
        }
        guard !ids.isEmpty else { return false }
        return try await pool.query("SELECT EXISTS (SELECT 1 FROM es.events WHERE event_id = ANY(\(ids)::uuid[]))")[0].decode(
            Bool.self, at: 0)
    }

    /// One `COPY` into `es.events`; nil (and nothing written) when the store's unique keys refuse a row.
    func importDirectly<Source: ByteChunkSource>(from source: Source, options: ContactImportOptions) async throws
        -> ContactImportSummary?
    {
        do {
            return try await copyRows(from: source, options: options, into: .events) { tx, written, tally in
                if written > 0 { try await tx.execute("SELECT pg_notify(\(EventStore.notificationChannel), 'import')") }
                var summary = ContactImportSummary()
                summary.rowsImported = tally.validRows
                summary.eventsWritten = written
                summary.copiedDirectly = true
                return summary
            }
        } catch let error as PostgresError where error.sqlState == PostgresError.SQLState.uniqueViolation {
            return nil
        }
    }

    /// Imports a CSV from `source` (read once, e.g. standard input) through the staging table.
    /// - Throws: ``ContactImportRefused`` (nothing written), or a database error (nothing written).
    @discardableResult
    public func importCSV<Source: ByteChunkSource>(from source: Source, options: ContactImportOptions = ContactImportOptions()) async throws
        -> ContactImportSummary
    {
        try await copyRows(
            from: source, options: options, into: .staging,
            prepare: { tx in
                try await tx.execute(
                    """
                    CREATE TEMPORARY TABLE import_staging (
                        seq bigint NOT NULL, line int NOT NULL, stream_id text NOT NULL, event_id uuid NOT NULL,
                        event_type text NOT NULL, schema_version int2 NOT NULL, occurred_at timestamptz NOT NULL,
                        data jsonb NOT NULL, metadata jsonb NOT NULL
                    ) ON COMMIT DROP
                    """)
            },
            finish: { tx, _, _ in try await Self.moveStaged(on: tx, maximumReported: options.maximumReportedErrors) })
    }

    /// Both paths: parse `source` and stream its rows with one `COPY` into `target`, in one transaction — `prepare`
    /// before the `COPY`, the CSV pass's refusal checked after it, then `finish` — and complete the summary (rows
    /// read and rejected, time, the rejects file).
    private func copyRows<Source: ByteChunkSource>(
        from source: Source, options: ContactImportOptions, into target: ImportCopyTarget,
        prepare: (PostgresConnection) async throws -> Void = { _ in },
        finish: (PostgresConnection, _ written: Int, ImportTally) async throws -> ContactImportSummary
    ) async throws -> ContactImportSummary {
        let started = ContinuousClock.now
        let csv: ContactCSVImporter<Source>
        do {
            csv = try ContactCSVImporter(source: source, eventSource: options.eventSource, now: options.now)
        } catch {
            throw ContactImportRefused(fileError: error)
        }
        let tally = ImportTally(options: options)
        var summary = try await pool.withConnection { connection in
            try await connection.withTransaction { tx in
                try await prepare(tx)
                let written = try await tx.copyFrom(target.copyStatement, chunks: ContactCopyChunks(csv: csv, tally: tally, target: target))
                if let fileError = tally.fileError { throw ContactImportRefused(fileError: fileError) }
                if tally.invalidRows > 0 && !options.skipInvalid {
                    throw ContactImportRefused(rowErrors: tally.rowErrors, invalidRows: tally.invalidRows)
                }
                return try await finish(tx, written, tally)
            }
        }
        summary.rowsRead = tally.validRows + tally.invalidRows
        summary.rowsRejected = tally.invalidRows
        summary.seconds = (ContinuousClock.now - started).seconds
        if options.skipInvalid, let url = options.rejectsFile { try tally.writeRejects(to: url) }
        return summary
    }

    /// Checks staged events against stored ones and inserts the new ones with their stream positions.
    static func moveStaged(on tx: PostgresConnection, maximumReported: Int) async throws -> ContactImportSummary {
        // The same event id twice in the file, or already stored, must mean the same event.
        let conflicts = try await tx.query(
            """
            SELECT 'line ' || s.line || ': contact stream ' || s.stream_id || ' event ' || s.event_type
                   || ' differs from the stored one (stored at position ' || e.global_position || ')'
              FROM import_staging s JOIN es.events e ON e.event_id = s.event_id
             WHERE NOT (e.stream_id = s.stream_id AND e.event_type = s.event_type AND e.data = s.data AND e.occurred_at = s.occurred_at)
            UNION ALL
            SELECT 'lines ' || min(line) || ' and ' || max(line) || ': the same contact (' || stream_id || ') with different values'
              FROM import_staging GROUP BY stream_id, event_id
            HAVING count(DISTINCT (event_type, data::text, occurred_at)) > 1
             LIMIT \(maximumReported)
            """)
        if !conflicts.isEmpty {
            throw ContactImportRefused(conflicts: try conflicts.map { try $0.decode(String.self, at: 0) })
        }
        let counts = try await tx.query(
            """
            WITH per_line AS (
                SELECT s.line, bool_or(NOT EXISTS (SELECT 1 FROM es.events e WHERE e.event_id = s.event_id)) AS has_new
                  FROM import_staging s GROUP BY s.line)
            SELECT count(*) FILTER (WHERE has_new), count(*) FILTER (WHERE NOT has_new) FROM per_line
            """)
        let inserted = try await tx.execute(
            """
            WITH fresh AS (
                SELECT DISTINCT ON (s.event_id) s.*
                  FROM import_staging s
                 WHERE NOT EXISTS (SELECT 1 FROM es.events e WHERE e.event_id = s.event_id)
                 ORDER BY s.event_id, s.seq),
            versions AS (
                SELECT e.stream_id, max(e.stream_position) AS version
                  FROM es.events e WHERE e.stream_id IN (SELECT stream_id FROM fresh) GROUP BY e.stream_id)
            INSERT INTO es.events (stream_id, stream_position, event_id, event_type, schema_version, occurred_at, data, metadata)
            SELECT f.stream_id, coalesce(v.version, 0) + row_number() OVER (PARTITION BY f.stream_id ORDER BY f.seq)::int,
                   f.event_id, f.event_type, f.schema_version, f.occurred_at, f.data, f.metadata
              FROM fresh f LEFT JOIN versions v ON v.stream_id = f.stream_id
             ORDER BY f.seq
            """)
        if inserted > 0 { try await tx.execute("SELECT pg_notify(\(EventStore.notificationChannel), 'import')") }
        var summary = ContactImportSummary()
        summary.rowsImported = try counts[0].decode(Int.self, at: 0)
        summary.rowsAlreadyPresent = try counts[0].decode(Int.self, at: 1)
        summary.eventsWritten = inserted
        return summary
    }
}
