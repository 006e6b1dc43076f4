import Foundation
import Logging
import Postgres

/// The append-only event store in PostgreSQL (`es.events`).
///
/// - Appends check the stream's expected version and are idempotent by event id: a retried event (same id,
///   same stream and content) returns its stored position instead of failing or being written twice; the same
///   id with different content is an ``EventIDConflict``.
/// - ``readAll(after:limit:)`` is gap-safe: it only returns events from transactions older than every
///   transaction still running, ordered by (transaction id, position), so a slow transaction's event is never
///   skipped by a reader that has moved on.
/// - Every append transaction sends `NOTIFY es_events`, which ``subscribe(after:batchSize:pollInterval:)`` uses
///   to wake up (with polling as the fallback).
///
/// It knows nothing of helplines: events are typed JSON documents in streams.
public final class EventStore: Sendable {
    public let pool: PostgresPool
    let logger: Logger
    /// The `NOTIFY` channel appends signal on.
    public static let notificationChannel = "es_events"
    static let maximumRetries = 8
    /// The first key of the two-key advisory locks an append takes on its streams (a lock space of its own: the
    /// projection and migration locks use one-key locks, which never collide with two-key ones).
    static let streamLockClass: Int32 = 0x4853  // "HS"

    public init(pool: PostgresPool, logger: Logger = Logger(label: "eventstore")) {
        self.pool = pool
        self.logger = logger
    }

    /// Appends `events` to one stream.
    /// - Throws: ``WrongExpectedVersion``, ``EventIDConflict``, ``InvalidAppend``, or a ``PostgresError``.
    @discardableResult
    public func append(to streamID: String, expectedVersion: ExpectedVersion = .any, events: [NewEvent]) async throws -> AppendResult {
        try await appendBatch([StreamAppend(streamID: streamID, expectedVersion: expectedVersion, events: events)])
    }

    /// Appends to several streams in one transaction: all of it is stored, or none of it.
    @discardableResult
    public func appendBatch(_ appends: [StreamAppend]) async throws -> AppendResult {
        try Self.validate(appends)
        if appends.allSatisfy({ $0.events.isEmpty }) { return AppendResult(positions: [], alreadyStored: 0) }
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await pool.withConnection { connection in
                    try await connection.withTransaction { tx in try await Self.appendInTransaction(appends, on: tx) }
                }
            } catch let error as PostgresError where error.isRetryableAppendRace && attempt >= Self.maximumRetries {
                throw AppendContention(attempts: attempt, underlying: error)
            } catch let error as PostgresError where error.isRetryableAppendRace {
                // A concurrent append took the same stream position or stored the same event id first (23505), or the
                // database broke a lock cycle (40P01) or a serialization conflict (40001). Retrying re-reads versions
                // and stored ids: an exact expected version then fails as WrongExpectedVersion, a retried id resolves
                // as idempotent. Jittered backoff, so that racing writers do not collide again in step.
                logger.debug(
                    "append raced (\(error.sqlState ?? "?") \(error.constraintName ?? "")), retrying", metadata: ["attempt": "\(attempt)"])
                let base = 5 << min(attempt, 6)
                try await Task.sleep(for: .milliseconds(base / 2 + Int.random(in: 0...base)))
            }
        }
    }

    static func validate(_ appends: [StreamAppend]) throws {
        var streams = Set<String>()
        var ids = Set<UUID>()
        for append in appends {
            guard !append.streamID.isEmpty, append.streamID.utf8.count <= 200 else {
                throw InvalidAppend(description: "stream id must be 1–200 bytes, got \(append.streamID.utf8.count)")
            }
            guard streams.insert(append.streamID).inserted else {
                throw InvalidAppend(description: "stream \(append.streamID) appears more than once in one batch")
            }
            if case .exact(let n) = append.expectedVersion, n < 0 {
                throw InvalidAppend(description: "expected version must be >= 0, got \(n)")
            }
            for event in append.events {
                guard ids.insert(event.id).inserted else {
                    throw InvalidAppend(description: "event \(event.id.uuidString.lowercased()) appears more than once in one batch")
                }
            }
        }
    }

    /// The append protocol inside a transaction the caller owns (to append together with other writes):
    /// find already-stored ids, check versions, insert the rest in one statement, notify on commit.
    /// Keep such transactions short: an open transaction holds back every catch-up reader.
    /// A unique violation (23505) means a concurrent append raced this one: roll back and retry.
    public static func appendInTransaction(_ appends: [StreamAppend], on tx: PostgresConnection) async throws -> AppendResult {
        let all = appends.flatMap { append in append.events.map { (stream: append.streamID, event: $0) } }
        // Serialise appends per stream before reading versions, taking the streams' locks in one global order (by
        // key): batches that share streams then wait for each other instead of deadlocking on the unique index.
        // Its own statement, so that the version read below has a snapshot taken after the locks.
        try await tx.execute(
            """
            SELECT pg_advisory_xact_lock(\(Self.streamLockClass), k)
              FROM (SELECT DISTINCT hashtext(s) AS k FROM unnest(\(appends.map(\.streamID))::text[]) AS s ORDER BY 1) AS keys
            """)
        let (versions, stored) = try await lookUp(all, streams: appends.map(\.streamID), on: tx)

        var streamIDs: [String] = []
        var positions: [Int32] = []
        var eventIDs: [UUID] = []
        var types: [String] = []
        var schemaVersions: [Int16] = []
        var occurred: [Date] = []
        var data: [String] = []
        var metadata: [String] = []
        var planned: [UUID: (String, Int)] = [:]
        for append in appends {
            let fresh = append.events.filter { stored[$0.id] == nil }
            guard !fresh.isEmpty else { continue }
            let current = versions[append.streamID] ?? 0
            let matches: Bool
            switch append.expectedVersion {
            case .any: matches = true
            case .noStream: matches = current == 0
            case .exact(let expected): matches = expected == current
            }
            guard matches else {
                throw WrongExpectedVersion(streamID: append.streamID, expected: append.expectedVersion, actual: current)
            }
            for (offset, event) in fresh.enumerated() {
                let position = current + offset + 1
                planned[event.id] = (append.streamID, position)
                streamIDs.append(append.streamID)
                positions.append(Int32(position))
                eventIDs.append(event.id)
                types.append(event.type)
                schemaVersions.append(event.schemaVersion)
                occurred.append(event.occurredAt)
                data.append(event.data)
                metadata.append(event.metadata)
            }
        }

        var inserted: [UUID: Int64] = [:]
        if !eventIDs.isEmpty {
            // One round trip: the insert, and the notification (sent on commit) naming the highest new position.
            let rows = try await tx.query(
                """
                WITH inserted AS (
                    INSERT INTO es.events (stream_id, stream_position, event_id, event_type, schema_version, occurred_at, data, metadata)
                    SELECT * FROM unnest(\(streamIDs)::text[], \(positions)::int4[], \(eventIDs)::uuid[], \(types)::text[],
                                         \(schemaVersions)::int2[], \(occurred)::timestamptz[], \(data)::jsonb[], \(metadata)::jsonb[])
                    RETURNING event_id, global_position),
                notified AS MATERIALIZED (
                    SELECT pg_notify(\(EventStore.notificationChannel), (SELECT max(global_position) FROM inserted)::text))
                SELECT i.event_id, i.global_position FROM inserted i CROSS JOIN notified
                """)
            for row in rows { inserted[try row.decode(UUID.self, at: 0)] = try row.decode(Int64.self, at: 1) }
        }

        let result = try all.map { item -> EventPosition in
            if let existing = stored[item.event.id] { return existing }
            guard let (stream, position) = planned[item.event.id], let global = inserted[item.event.id] else {
                throw InvalidAppend(description: "internal error: event \(item.event.id) was neither stored nor inserted")
            }
            return EventPosition(eventID: item.event.id, streamID: stream, streamPosition: position, globalPosition: global)
        }
        return AppendResult(positions: result, alreadyStored: stored.count)
    }

    /// In one round trip: the current version of each stream, and which of the request's event ids are stored
    /// already. Only for ids that are, a second query compares the stored content with the request's (a retry
    /// must carry the same event); an id stored with different content throws `EventIDConflict`.
    static func lookUp(_ items: [(stream: String, event: NewEvent)], streams: [String], on tx: PostgresConnection) async throws -> (
        versions: [String: Int], stored: [UUID: EventPosition]
    ) {
        let rows = try await tx.query(
            """
            SELECT NULL::uuid, s.stream_id, coalesce((SELECT max(stream_position) FROM es.events e WHERE e.stream_id = s.stream_id), 0),
                   NULL::int8
              FROM unnest(\(streams)::text[]) AS s(stream_id)
            UNION ALL
            SELECT e.event_id, e.stream_id, e.stream_position, e.global_position
              FROM es.events e WHERE e.event_id = ANY(\(items.map(\.event.id))::uuid[])
            """)
        var versions: [String: Int] = [:]
        var found: [UUID: EventPosition] = [:]
        for row in rows {
            let stream = try row.decode(String.self, at: 1)
            guard let id = try row.decode(UUID?.self, at: 0) else {
                versions[stream] = try row.decode(Int.self, at: 2)
                continue
            }
            found[id] = EventPosition(
                eventID: id, streamID: stream, streamPosition: try row.decode(Int.self, at: 2), globalPosition: try row.decode(Int64.self, at: 3))
        }
        guard !found.isEmpty else { return (versions, [:]) }
        try await checkSameContent(items.filter { found[$0.event.id] != nil }, found: found, on: tx)
        return (versions, found)
    }

    /// Throws `EventIDConflict` for the first stored event whose stream, type, data or time differs from the request's.
    static func checkSameContent(_ items: [(stream: String, event: NewEvent)], found: [UUID: EventPosition], on tx: PostgresConnection)
        async throws
    {
        let rows = try await tx.query(
            """
            SELECT e.event_id
              FROM unnest(\(items.map(\.event.id))::uuid[], \(items.map(\.stream))::text[], \(items.map(\.event.type))::text[],
                          \(items.map(\.event.data))::jsonb[], \(items.map(\.event.occurredAt))::timestamptz[])
                   AS c(event_id, stream_id, event_type, data, occurred_at)
              JOIN es.events e ON e.event_id = c.event_id
             WHERE NOT (e.stream_id = c.stream_id AND e.event_type = c.event_type AND e.data = c.data AND e.occurred_at = c.occurred_at)
             LIMIT 1
            """)
        if let row = rows.first, let position = found[try row.decode(UUID.self, at: 0)] {
            throw EventIDConflict(eventID: position.eventID, storedStreamID: position.streamID, storedPosition: position.globalPosition)
        }
    }
}
