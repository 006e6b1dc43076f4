import Disclosure
import Foundation
import Postgres

/// The public campaign table (`report campaigns --public`, `GET /v1/reports/campaigns?public=true`): each campaign's
/// recorded details and its released effects (docs/DISCLOSURE.md) — extra contacts and interval rounded to 10, the
/// uplift to a whole percent, no observed or expected counts. A campaign's effects are released once it has stopped
/// and its carry-over and the embargo have passed; until then the report says why they are not public.
public struct PublicCampaignReport: Sendable, Equatable {
    public struct Campaign: Sendable, Equatable {
        public var id: String
        public var name: String
        public var helplines: [String]
        /// Media channels.
        public var channels: [String]
        public var windowStart: String?
        public var windowEnd: String?
        public var status: String
        public var totalCostEUR: Double?
        public var totalReach: Double?
        /// Released effects, `all` first (empty: see `effectsNote`).
        public var effects: [EffectRelease]
        /// Why there are no public effects (nil when there are).
        public var effectsNote: String?
    }

    public var generatedAt: Date
    public var embargoDays: Int
    public var campaigns: [Campaign]

    /// Campaigns of `filter` (not cancelled, scheduled) with their released effects, after releasing what is due on `now`.
    /// `filter.channel` nil: every released row; else only that channel (`all` for the channels together).
    public static func load(_ filter: CampaignReport.Filter, pool: PostgresPool, now: Date = Date())
        async throws -> PublicCampaignReport
    {
        let figures = try await PublicFigures.load(
            pool: pool, helpline: filter.helpline, campaign: filter.campaign, now: now, includeMonths: false)
        let recorded = try await DashboardData.loadCampaigns(pool: pool, helpline: filter.helpline, from: nil, to: nil)
            .filter { filter.campaign == nil || $0.id == filter.campaign }
        if let id = filter.campaign, recorded.isEmpty { throw ReportError("no public campaign \(id) (unknown, cancelled or not scheduled)") }
        let campaigns = recorded.map { c in
            let effects = figures.effects.filter { $0.campaignID == c.id && (filter.channel == nil || $0.channel == filter.channel) }
            let note: String? =
                !effects.isEmpty
                ? nil
                : c.status == "stopped"
                    ? "effects are public once the campaign's carry-over and the \(figures.embargoDays)-day embargo have passed and the model is up to date"
                    : "effects are not public while the campaign is \(c.status)"
            return Campaign(
                id: c.id, name: c.name, helplines: c.helplines, channels: c.channels, windowStart: c.windowStart, windowEnd: c.windowEnd,
                status: c.status, totalCostEUR: c.totalCostEUR, totalReach: c.totalReach, effects: effects, effectsNote: note)
        }
        return PublicCampaignReport(generatedAt: now, embargoDays: figures.embargoDays, campaigns: campaigns)
    }
}
