import Disclosure
import Foundation
import Postgres

extension DashboardData {
    /// The public dashboard's figures: the releases of `helpline` (nil: all) from `from` to `to` (never past the last
    /// released month), after releasing what is due on `now`, and the campaigns overlapping them.
    public static func loadPublication(pool: PostgresPool, helpline: String? = nil, from: String? = nil, to: String? = nil, now: Date = Date())
        async throws -> DashboardData
    {
        let figures = try await PublicFigures.load(pool: pool, helpline: helpline, from: from, to: to, now: now)
        let last = min(to ?? figures.lastPublishableMonth, figures.lastPublishableMonth)
        let campaigns = try await loadCampaigns(pool: pool, helpline: helpline, from: from, to: last)
        return DashboardData(publication: figures, campaigns: campaigns, from: from, to: to.map { _ in last }, generatedAt: now)
    }

    /// The dashboard's figures from a publication: the released months and effects, nothing else. Campaigns are
    /// listed as recorded (their name, dates, channels, cost and reach are public); a running or planned campaign
    /// shows no effect. No baseline band and no rate-change sentence: both are computed from daily counts that are not
    /// public.
    public init(publication: PublicFigures, campaigns: [Campaign], from: String?, to: String?, generatedAt: Date = Date()) {
        var counts: [MonthlyCount] = []
        var thresholds: [String: Int] = [:]
        var monthThresholds: [[String]: Int] = [:]
        var totals: [[String]: PublishedTotal] = [:]
        for release in publication.months {
            thresholds[release.helpline] = release.threshold
            monthThresholds[[release.helpline, release.month]] = release.threshold
            totals[[release.helpline, release.month]] = PublishedTotal(
                value: release.total.value, withheld: release.total.reason.map(SuppressionGrid.Reason.init))
            for (channel, cell) in release.channels.sorted(by: { $0.key < $1.key }) {
                counts.append(
                    MonthlyCount(
                        month: release.month, helpline: release.helpline, channel: channel, contacts: cell.value ?? 0,
                        withheld: cell.reason.map(SuppressionGrid.Reason.init)))
            }
        }
        let live = Set(campaigns.filter(\.isLive).map(\.id))
        let costs = Dictionary(campaigns.map { ($0.id, $0.totalCostEUR) }, uniquingKeysWith: { a, _ in a })
        let effects = publication.effects.filter { !live.contains($0.campaignID) }.map { release in
            Self.effect(release, costEUR: costs[release.campaignID] ?? nil)
        }
        self.init(generatedAt: generatedAt, from: from, to: to, counts: counts, campaigns: campaigns, effects: effects)
        self.isPublication = true
        self.thresholds = thresholds
        self.publishedTotals = totals
        self.monthThresholds = monthThresholds
    }

    static func effect(_ release: EffectRelease, costEUR: Double?) -> CampaignEffect {
        guard let f = release.figures else {
            var e = CampaignEffect(
                campaignID: release.campaignID, helpline: release.helpline, channel: release.channel, extraContacts: 0, lower: 0, upper: 0)
            e.withheld = release.withheld.map(SuppressionGrid.Reason.init)
            e.costFromModel = true
            return e
        }
        let cost = release.costPerExtraContact(costEUR: costEUR)
        var e = CampaignEffect(
            campaignID: release.campaignID, helpline: release.helpline, channel: release.channel, extraContacts: Double(f.extraContacts),
            lower: Double(f.extraLow), upper: Double(f.extraHigh), relativeUpliftPercent: f.upliftPercent.map(Double.init),
            costPerExtraContactEUR: cost.map { Double($0.estimate) }, costPerExtraContactLowEUR: cost.map { Double($0.low) },
            costPerExtraContactHighEUR: cost.map { Double($0.high) })
        e.costFromModel = true
        e.baselineExtrapolated = f.baselineExtrapolated
        e.sensitivityDisagrees = f.sensitivityDisagrees
        return e
    }

    /// These figures as the disclosure engine would publish them under `policy`: each month decided on its own counts,
    /// each effect rounded or withheld. For figures that were never stored (the HTML report of a file, tests); what
    /// the service publishes comes from the stored releases (`PublicFigures.load`).
    public func publication(policy: DisclosurePolicy = DisclosurePolicy()) -> DashboardData {
        guard !isPublication else { return self }
        var byMonth: [[String]: [String: Int]] = [:]
        for count in counts where !count.partial {
            byMonth[[count.helpline, count.month], default: [:]][count.channel, default: 0] += count.contacts
        }
        let months = byMonth.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { key, counts in
            MonthlyRelease.decide(helpline: key[0], month: key[1], counts: counts, threshold: policy.threshold(for: key[0]))
        }
        var groups: [[String]: [EffectEstimate]] = [:]
        for e in effects {
            let helpline = e.helpline ?? ""
            groups[[e.campaignID, helpline], default: []].append(
                EffectEstimate(
                    campaignID: e.campaignID, helpline: helpline, channel: e.channel ?? "all", observedContacts: e.observedContacts ?? 0,
                    extraContacts: e.extraContacts, extraLow: e.extraContactsLower, extraHigh: e.extraContactsUpper,
                    upliftPercent: e.relativeUpliftPercent, upliftPercentLow: nil, upliftPercentHigh: nil,
                    baselineExtrapolated: e.baselineExtrapolated, sensitivityDisagrees: e.sensitivityDisagrees))
        }
        let order = Dictionary(
            effects.enumerated().map { ("\($0.element.campaignID)/\($0.element.helpline ?? "")/\($0.element.channel ?? "all")", $0.offset) },
            uniquingKeysWith: { a, _ in a })
        // Without the effects' windows, every released month of the helpline counts as spanned (the stricter reading).
        let released = groups.values.flatMap { group in
            EffectRelease.decide(
                group, threshold: policy.threshold(for: group[0].helpline), spanned: months.filter { $0.helpline == group[0].helpline })
        }
        .sorted { order["\($0.campaignID)/\($0.helpline)/\($0.channel)"]! < order["\($1.campaignID)/\($1.helpline)/\($1.channel)"]! }
        let publication = PublicFigures(months: months, effects: released, lastPublishableMonth: months.map(\.month).max() ?? "")
        var data = DashboardData(publication: publication, campaigns: campaigns, from: from, to: to, generatedAt: generatedAt)
        for i in data.effects.indices where data.effects[i].helpline == "" { data.effects[i].helpline = nil }
        return data
    }
}
