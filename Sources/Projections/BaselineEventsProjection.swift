import EventStore
import Foundation
import HelplineDomain
import Postgres

/// `baseline_events`: the known non-campaign events, one row per baseline event id as its latest recording left
/// it (a withdrawal keeps the row, marked). Few events, decoded with the domain's types; an event that does not
/// decode is a poison event.
public struct BaselineEventsProjection: Projection {
    public let name = "baseline_events"
    public let version = 1
    public let tables = ["baseline_events"]

    public init() {}

    public func apply(_ range: EventRange, schema: String, on c: PostgresConnection) async throws {
        for (eventID, event) in try await DomainEventRows.events(range, typePrefix: "BaselineEvent", projection: name, on: c) {
            guard case .baseline(let id, let data) = event.body else { continue }
            switch data {
            case .recorded(let p):
                try await c.execute(
                    """
                    INSERT INTO \(identifier: schema).baseline_events
                           (baseline_event_id, kind, start_date, end_date, helplines, channels, label, withdrawn, event_id, recorded_at)
                    VALUES (\(id), \(p.kind.rawValue), \(p.start.description)::date, \(p.end?.description)::date, \(p.helplines)::text[],
                            \(p.channels.map(\.rawValue))::text[], \(p.label), false, \(eventID), \(event.occurredAt.date))
                    ON CONFLICT (baseline_event_id) DO UPDATE SET kind = EXCLUDED.kind, start_date = EXCLUDED.start_date,
                           end_date = EXCLUDED.end_date, helplines = EXCLUDED.helplines, channels = EXCLUDED.channels,
                           label = EXCLUDED.label, withdrawn = false, event_id = EXCLUDED.event_id, recorded_at = EXCLUDED.recorded_at
                    """)
            case .withdrawn:
                try await c.execute(
                    """
                    UPDATE \(identifier: schema).baseline_events SET withdrawn = true, event_id = \(eventID), recorded_at = \(event.occurredAt.date)
                     WHERE baseline_event_id = \(id)
                    """)
            }
        }
    }
}
