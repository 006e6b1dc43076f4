import EventStore
import Foundation
import HelplineDomain
import Postgres

/// `campaigns` with their channels, cost items, reach figures and notes, and each campaign's window: the
/// local days it actually ran (or, before it starts, the planned days).
///
/// Campaign events are few, so they are decoded with the domain's types and applied one by one; an event
/// that does not decode is a poison event.
public struct CampaignsProjection: Projection {
    public let name = "campaigns"
    public let version = 1
    public let tables = ["campaigns", "campaign_channels", "campaign_costs", "campaign_reach", "campaign_notes"]

    public init() {}

    public func apply(_ range: EventRange, schema: String, on c: PostgresConnection) async throws {
        var touched = Set<String>()
        for (eventID, event) in try await DomainEventRows.events(range, typePrefix: "Campaign", projection: name, on: c) {
            guard case .campaign(let campaignID, let data) = event.body else { continue }
            try await apply(data, campaign: campaignID, eventID: eventID, occurredAt: event.occurredAt, schema: schema, on: c)
            touched.insert(campaignID)
        }
        if !touched.isEmpty { try await updateWindows(Array(touched), schema: schema, on: c) }
    }

    func apply(
        _ data: CampaignEventData, campaign id: String, eventID: UUID, occurredAt: Timestamp, schema: String, on c: PostgresConnection
    ) async throws {
        switch data {
        case .planned(let p):
            try await c.execute(
                """
                INSERT INTO \(identifier: schema).campaigns (campaign_id, name, owner, helplines, target_groups, planned_start, planned_end)
                VALUES (\(id), \(p.name), \(p.owner), \(p.helplines)::text[], \(p.targetGroups.map(\.rawValue))::text[],
                        \(p.plannedStart?.description)::date, \(p.plannedEnd?.description)::date)
                ON CONFLICT (campaign_id) DO UPDATE SET name = EXCLUDED.name, owner = EXCLUDED.owner, helplines = EXCLUDED.helplines,
                    target_groups = EXCLUDED.target_groups, planned_start = EXCLUDED.planned_start, planned_end = EXCLUDED.planned_end
                """)
        case .channelAdded(let ch):
            try await c.execute(
                """
                INSERT INTO \(identifier: schema).campaign_channels (event_id, campaign_id, channel, region)
                VALUES (\(eventID), \(id), \(ch.channel.rawValue), \(ch.region)) ON CONFLICT DO NOTHING
                """)
        case .started(let s):
            try await c.execute("UPDATE \(identifier: schema).campaigns SET started_at = \(s.startedAt.date) WHERE campaign_id = \(id)")
        case .stopped(let s):
            try await c.execute("UPDATE \(identifier: schema).campaigns SET stopped_at = \(s.stoppedAt.date) WHERE campaign_id = \(id)")
        case .costRecorded(let k):
            try await c.execute(
                """
                INSERT INTO \(identifier: schema).campaign_costs (event_id, campaign_id, item, amount_cents, currency)
                VALUES (\(eventID), \(id), \(k.item), \(Int(k.amountCents)), \(k.currency.code)) ON CONFLICT DO NOTHING
                """)
        case .reachRecorded(let r):
            try await c.execute(
                """
                INSERT INTO \(identifier: schema).campaign_reach (event_id, campaign_id, metric, value, source)
                VALUES (\(eventID), \(id), \(r.metric.rawValue), \(r.value), \(r.source)) ON CONFLICT DO NOTHING
                """)
        case .noteRecorded(let n):
            try await c.execute(
                """
                INSERT INTO \(identifier: schema).campaign_notes (event_id, campaign_id, kind, text, recorded_at)
                VALUES (\(eventID), \(id), \(n.kind.rawValue), \(n.text), \(occurredAt.date)) ON CONFLICT DO NOTHING
                """)
        case .corrected(let k):
            try await c.execute(
                """
                UPDATE \(identifier: schema).campaigns
                   SET name = coalesce(\(k.name), name),
                       planned_start = coalesce(\(k.plannedStart?.description)::date, planned_start),
                       planned_end = coalesce(\(k.plannedEnd?.description)::date, planned_end),
                       started_at = coalesce(\(k.startedAt?.date), started_at),
                       stopped_at = coalesce(\(k.stoppedAt?.date), stopped_at)
                 WHERE campaign_id = \(id)
                """)
        case .cancelled(let x):
            try await c.execute(
                "UPDATE \(identifier: schema).campaigns SET cancelled = true, cancel_reason = \(x.reason?.rawValue) WHERE campaign_id = \(id)")
        }
    }

    /// The window in the first helpline's local days: actual start/stop if known, else the plan.
    func updateWindows(_ campaigns: [String], schema: String, on c: PostgresConnection) async throws {
        try await c.execute(
            """
            UPDATE \(identifier: schema).campaigns c SET
                   window_start = coalesce((c.started_at AT TIME ZONE rm.helpline_time_zone(c.helplines[1]))::date, c.planned_start),
                   window_end = CASE WHEN c.stopped_at IS NOT NULL
                                     THEN (c.stopped_at AT TIME ZONE rm.helpline_time_zone(c.helplines[1]))::date
                                     WHEN c.started_at IS NOT NULL THEN NULL
                                     ELSE c.planned_end END
             WHERE c.campaign_id = ANY(\(campaigns)::text[])
            """)
    }
}
