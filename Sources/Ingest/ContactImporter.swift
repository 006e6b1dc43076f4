import TimeArithmetic
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
            return try await copyRows(
                from: source, options: options, into: .events,
                finish: { tx, written, tally in
                    if written > 0 { try await tx.execute("SELECT pg_notify(\(EventStore.notificationChannel), 'import')") }
                    var summary = ContactImportSummary()
                    summary.rowsImported = tally.validRows
                    summary.eventsWritten = written
                    summary.copiedDirectly = true
                    return summary
                })
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
        // The file goes into a session temporary table in one transaction, and from there into the store in another: the
        // store's transaction then takes its transaction id when it writes the first event, after it has read the
        // streams' versions, so its events sort after every earlier append to the same streams in catch-up order. (In
        // one transaction the staging COPY took the id first, and a position 2 could sort before a position 1 that a
        // concurrent append committed in between.) Nothing reaches the store until the second commits; the table goes
        // with the session if the process dies.
        try await copyRows(
            from: source, options: options, into: .staging,
            prepare: { tx in
                try await tx.execute("DROP TABLE IF EXISTS pg_temp.import_staging")
                try await tx.execute(
                    """
                    CREATE TEMPORARY TABLE import_staging (
                        seq bigint NOT NULL, line int NOT NULL, stream_id text NOT NULL, event_id uuid NOT NULL,
                        event_type text NOT NULL, schema_version int2 NOT NULL, occurred_at timestamptz NOT NULL,
                        data jsonb NOT NULL, metadata jsonb NOT NULL
                    ) ON COMMIT PRESERVE ROWS
                    """)
            },
            finishAfterCommit: { connection, _, _ in
                func dropStaging() async {
                    if !connection.isBroken { _ = try? await connection.execute("DROP TABLE IF EXISTS pg_temp.import_staging") }
                }
                do {
                    let summary = try await Self.retryingAppendRaces {
                        try await connection.withTransaction { tx in
                            try await Self.moveStaged(on: tx, maximumReported: options.maximumReportedErrors)
                        }
                    }
                    await dropStaging()
                    return summary
                } catch {
                    await dropStaging()
                    throw error
                }
            })
    }

    /// Runs `body` (a transaction that appends) again when it lost a race with a concurrent append to the same streams
    /// (unique violation on a stream position, deadlock, serialization failure): up to 8 attempts, with a jittered
    /// back-off from 20 ms.
    static func retryingAppendRaces<T>(_ body: () async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await body()
            } catch let error as PostgresError where error.isRetryableAppendRace && attempt < 8 {
                let base = 20 << min(attempt, 6)
                try await Task.sleep(for: .milliseconds(Int.random(in: base / 2...base)))
                attempt += 1
            }
        }
    }

    /// Both paths: parse `source` and stream its rows with one `COPY` into `target`, in one transaction — `prepare`
    /// before the `COPY`, the CSV pass's refusal checked after it, then `finish` — and complete the summary (rows
    /// read and rejected, time, the rejects file).
    private func copyRows<Source: ByteChunkSource>(
        from source: Source, options: ContactImportOptions, into target: ImportCopyTarget,
        prepare: (PostgresConnection) async throws -> Void = { _ in },
        finish: ((PostgresConnection, _ written: Int, ImportTally) async throws -> ContactImportSummary)? = nil,
        finishAfterCommit: ((PostgresConnection, _ written: Int, ImportTally) async throws -> ContactImportSummary)? = nil
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
            let (written, summary) = try await connection.withTransaction { tx in
                try await prepare(tx)
                let written = try await tx.copyFrom(target.copyStatement, chunks: ContactCopyChunks(csv: csv, tally: tally, target: target))
                if let fileError = tally.fileError { throw ContactImportRefused(fileError: fileError) }
                if tally.invalidRows > 0 && !options.skipInvalid {
                    throw ContactImportRefused(rowErrors: tally.rowErrors, invalidRows: tally.invalidRows)
                }
                return (written, try await finish?(tx, written, tally))
            }
            if let summary { return summary }
            return try await finishAfterCommit!(connection, written, tally)
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
