import Foundation
import Postgres

/// A campaign as `analytics.campaign_overview` shows it: dates, channels, target groups, costs, reach.
public struct CampaignOverview: Sendable, Equatable, Encodable {
    public struct CostItem: Sendable, Equatable, Codable {
        public var item: String
        public var amountCents: Int
        public var currency: String
    }

    public struct Reach: Sendable, Equatable, Codable {
        public var metric: String
        public var value: Double
        public var source: String
    }

    public var id: String
    public var name: String
    public var owner: String?
    public var helplines: [String]
    public var targetGroups: [String]
    public var plannedStart: String?
    public var plannedEnd: String?
    public var startedAt: Date?
    public var stoppedAt: Date?
    /// First and last local day the campaign ran (or is planned to run); `windowEnd` nil while running.
    public var windowStart: String?
    public var windowEnd: String?
    /// planned, running, stopped or cancelled.
    public var status: String
    public var durationDays: Int?
    public var channels: [String]
    public var totalCostEur: Double?
    public var costItems: [CostItem]
    public var reach: [Reach]
    public var totalReach: Double?

    /// All campaigns (or the one with `id`), by start.
    public static func load(pool: PostgresPool, id: String? = nil) async throws -> [CampaignOverview] {
        let rows = try await pool.query(
            """
            SELECT campaign_id, name, owner, helplines, target_groups, planned_start::text, planned_end::text, started_at, stopped_at,
                   window_start::text, window_end::text, status, duration_days, channels, total_cost_eur::float8, cost_items::text,
                   reach::text, total_reach
              FROM analytics.campaign_overview
             WHERE \(id)::text IS NULL OR campaign_id = \(id)
             ORDER BY window_start NULLS LAST, campaign_id
            """)
        let decoder = JSONDecoder()
        return try rows.map { r in
            CampaignOverview(
                id: try r.decode(String.self, at: 0), name: try r.decode(String.self, at: 1), owner: try r.decode(String?.self, at: 2),
                helplines: try r.decode([String].self, at: 3), targetGroups: try r.decode([String].self, at: 4),
                plannedStart: try r.decode(String?.self, at: 5), plannedEnd: try r.decode(String?.self, at: 6),
                startedAt: try r.decode(Date?.self, at: 7), stoppedAt: try r.decode(Date?.self, at: 8),
                windowStart: try r.decode(String?.self, at: 9),
                windowEnd: try r.decode(String?.self, at: 10), status: try r.decode(String.self, at: 11),
                durationDays: try r.decode(Int?.self, at: 12),
                channels: try r.decode([String].self, at: 13), totalCostEur: try r.decode(Double?.self, at: 14),
                costItems: try decoder.decode([CostItem].self, from: Data(try r.decode(String.self, at: 15).utf8)),
                reach: try decoder.decode([Reach].self, from: Data(try r.decode(String.self, at: 16).utf8)),
                totalReach: try r.decode(Double?.self, at: 17))
        }
    }

    enum Keys: String, CodingKey {
        case id, name, owner, helplines, targetGroups, plannedStart, plannedEnd, startedAt, stoppedAt, windowStart, windowEnd, status
        case durationDays, channels, totalCostEur, costItems, reach, totalReach
    }

    /// Every field is written, `null` when unknown.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(owner, forKey: .owner)
        try c.encode(helplines, forKey: .helplines)
        try c.encode(targetGroups, forKey: .targetGroups)
        try c.encode(plannedStart, forKey: .plannedStart)
        try c.encode(plannedEnd, forKey: .plannedEnd)
        try c.encode(startedAt.map(ReportText.iso8601), forKey: .startedAt)
        try c.encode(stoppedAt.map(ReportText.iso8601), forKey: .stoppedAt)
        try c.encode(windowStart, forKey: .windowStart)
        try c.encode(windowEnd, forKey: .windowEnd)
        try c.encode(status, forKey: .status)
        try c.encode(durationDays, forKey: .durationDays)
        try c.encode(channels, forKey: .channels)
        try c.encode(totalCostEur, forKey: .totalCostEur)
        try c.encode(costItems, forKey: .costItems)
        try c.encode(reach, forKey: .reach)
        try c.encode(totalReach, forKey: .totalReach)
    }
}
