import EventStore
import Foundation
import HelplineDomain
import Postgres

/// The events of a range whose type starts with `typePrefix`, decoded with the domain's types, in catch-up order:
/// for projections of few events (campaigns, baseline events). An event that does not decode is a poison event.
enum DomainEventRows {
    static func events(
        _ range: EventRange, typePrefix: String, projection: String, on c: PostgresConnection
    ) async throws -> [(id: UUID, event: HelplineEvent)] {
        var binds = PostgresBindings()
        binds.append(typePrefix)
        let rows = try await c.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT e.stream_id, e.event_id, e.event_type, e.schema_version, e.occurred_at, e.data::text, e.metadata::text,
                           e.global_position
                      FROM es.events e
                     WHERE \(range.predicate(alias: "e")) AND starts_with(e.event_type, $1)
                     ORDER BY e.transaction_id, e.global_position
                    """, binds: binds))
        return try rows.map { row in
            let eventID = try row.decode(UUID.self, at: 1)
            do {
                return (
                    eventID,
                    try HelplineEvent(
                        storageRecord: EventRecord(
                            streamId: try row.decode(String.self, at: 0), eventId: eventID, eventType: try row.decode(String.self, at: 2),
                            schemaVersion: Int(try row.decode(Int16.self, at: 3)), occurredAt: Timestamp(try row.decode(Date.self, at: 4)),
                            data: try row.decode(String.self, at: 5), metadata: try row.decode(String.self, at: 6)))
                )
            } catch {
                throw PoisonEvent(
                    projection: projection, eventID: eventID.uuidString.lowercased(), position: try row.decode(Int64.self, at: 7),
                    underlying: "\(error)")
            }
        }
    }
}
