import Disclosure
import Foundation

/// One helpline's monthly counts per channel, with the suppression plan applied: what a chart and its data table
/// show. Built from `DashboardData`; shared by the dashboard page and the HTML monthly report.
struct HelplinePanel: Sendable {
    var helpline: String
    var months: [String]
    /// Channels, largest first (by their sum over the months).
    var channels: [String]
    /// `values[channel][month]`; a missing month had no row for that channel.
    var values: [String: [String: Int]]
    var partialMonths: Set<String>
    var grid: SuppressionGrid
    var suppression: Suppression
    /// From a publication: each month's released total (nil: the sum of the channels, internal figures).
    var publishedTotals: [String: Int]?
    /// From a publication: the threshold each month was released under.
    var monthThresholds: [String: Int] = [:]
    var campaigns: [DashboardData.Campaign]
    var baselines: [DashboardData.BaselinePoint]

    /// The panel of `helpline` in `data`. A publication's panel shows what was released, with the helpline's
    /// threshold; internal figures are all shown (`suppression` must then be off).
    init(helpline: String, months: [String], data: DashboardData, campaigns: [DashboardData.Campaign], baselines: [DashboardData.BaselinePoint]) {
        let suppression = data.isPublication ? Suppression(threshold: data.thresholds[helpline] ?? 10, enabled: true) : .off
        self.init(helpline: helpline, months: months, counts: data.counts, campaigns: campaigns, baselines: baselines, suppression: suppression)
        guard data.isPublication else { return }
        var totals: [String: Int] = [:]
        for month in months {
            guard let total = data.publishedTotals[[helpline, month]] else { continue }
            totals[month] = total.value ?? 0
            if let reason = total.withheld { grid.hidden[.init(row: month, column: Suppression.totalColumn)] = reason }
        }
        publishedTotals = totals
        for month in months { monthThresholds[month] = data.monthThresholds[[helpline, month]] }
    }

    private init(
        helpline: String, months: [String], counts: [DashboardData.MonthlyCount],
        campaigns: [DashboardData.Campaign],
        baselines: [DashboardData.BaselinePoint], suppression: Suppression
    ) {
        self.helpline = helpline
        self.months = months
        self.suppression = suppression
        let monthSet = Set(months)
        var values: [String: [String: Int]] = [:]
        var partial: Set<String> = []
        var grid = SuppressionGrid()
        for count in counts where count.helpline == helpline && monthSet.contains(count.month) {
            values[count.channel, default: [:]][count.month, default: 0] += count.contacts
            if let reason = count.withheld, suppression.isEnabled { grid.hidden[.init(row: count.month, column: count.channel)] = reason }
            if count.partial { partial.insert(count.month) }
        }
        self.values = values
        self.partialMonths = partial
        let sums = values.mapValues { $0.values.reduce(0, +) }
        self.channels = sums.keys.sorted { (-sums[$0]!, $0) < (-sums[$1]!, $1) }
        self.grid = grid
        self.publishedTotals = nil
        self.campaigns = campaigns.filter { $0.helplines.isEmpty || $0.helplines.contains(helpline) }
        // One band per chart: the baseline of the total (the model fitted on all channels together). Per-channel
        // bands would cover each other; their figures stay in `analytics.campaign_baselines`.
        self.baselines = baselines.filter { $0.helpline == helpline && $0.channel == nil && monthSet.contains($0.month) }
    }

    /// Whether a total line adds anything (more than one channel).
    var hasTotal: Bool { channels.count > 1 }

    /// The sum over channels for `month`, nil when no channel has a row.
    func total(_ month: String) -> Int? {
        if let publishedTotals { return publishedTotals[month] }
        var sum: Int?
        for channel in channels { if let v = values[channel]?[month] { sum = (sum ?? 0) + v } }
        return sum
    }

    /// The value of `channel` (or `Suppression.totalColumn`) in `month`, and why it is hidden (nil: shown).
    func cell(_ channel: String, _ month: String) -> (value: Int?, hidden: SuppressionGrid.Reason?) {
        let value = channel == Suppression.totalColumn ? total(month) : values[channel]?[month]
        guard value != nil else { return (nil, nil) }
        if channel == Suppression.totalColumn && !hasTotal, let only = channels.first {
            return (
                value,
                grid.hidden[.init(row: month, column: only)]
                    ?? grid.hidden[.init(row: month, column: channel)]
            )
        }
        return (value, grid.hidden[.init(row: month, column: channel)])
    }

    /// The text of a cell: the number, `<10` (primary), `x` (secondary) or `–` (no data).
    func text(_ channel: String, _ month: String) -> String {
        let (value, hidden) = cell(channel, month)
        if hidden == .primary, value != nil { return primaryLabel(month) }
        return suppression.display(value, reason: hidden)
    }

    /// `<10`, with the threshold `month` was released under.
    func primaryLabel(_ month: String) -> String { "<\(monthThresholds[month] ?? suppression.threshold)" }

    /// Change of the total against `offset` months earlier in percent, nil when either side is missing, zero or hidden.
    func totalChange(_ month: String, monthsBack offset: Int) -> (value: Double?, suppressed: Bool) {
        guard let base = MonthMath.adding(-offset, to: month) else { return (nil, false) }
        let current = cell(Suppression.totalColumn, month)
        let previous = cell(Suppression.totalColumn, base)
        guard current.value != nil, previous.value != nil else { return (nil, false) }
        // A withheld figure carries no value: the change is left out, marked as withheld.
        if current.hidden != nil || previous.hidden != nil { return (nil, true) }
        guard let c = current.value, let p = previous.value, let change = PublishedCount.shown(c).percentChange(from: .shown(p)) else {
            return (nil, false)
        }
        let shown = suppression.percent(
            change, valueHidden: current.hidden != nil, baseHidden: previous.hidden != nil)
        return (shown, shown == nil)
    }

    /// The series the chart draws: each channel, then the total when there is more than one channel.
    var seriesKeys: [String] { hasTotal ? channels + [Suppression.totalColumn] : channels }

    static func label(ofChannel channel: String) -> String {
        if channel == Suppression.totalColumn { return "Total" }
        return channel.prefix(1).uppercased()
            + channel.dropFirst().replacingOccurrences(of: "_", with: " ")
    }

    /// The campaign's months clipped to the chart: (first index, last index), nil when outside it or unscheduled.
    func monthIndices(of campaign: DashboardData.Campaign) -> (first: Int, last: Int)? {
        guard let start = campaign.windowStart, let firstMonth = months.first,
            let lastMonth = months.last
        else { return nil }
        let from = String(start.prefix(7))
        let to = campaign.windowEnd.map { String($0.prefix(7)) } ?? lastMonth
        guard from <= lastMonth, to >= firstMonth, from <= to else { return nil }
        let first = months.firstIndex(of: max(from, firstMonth)) ?? 0
        let last = months.firstIndex(of: min(to, lastMonth)) ?? months.count - 1
        return (first, last)
    }
}
