import Foundation

/// Builds the model's design matrix for a daily series: intercept, trend t/365.25 (t = days since
/// the first day), six day-of-week dummies (Monday is the reference), K yearly Fourier pairs
/// sin/cos(2πk·doy/365.25), one 0/1 column per holiday category, one slope-change column per
/// trend knot, one 0/1 column per recorded baseline event, and one carry-over column per campaign.
public struct DesignBuilder: Sendable {
    /// First day of the series.
    public let start: LocalDay
    /// Number of days.
    public let days: Int
    /// Yearly Fourier pairs actually used.
    public let fourierTerms: Int
    /// The columns that do not depend on campaigns.
    public let base: DesignMatrix

    /// Fourier pairs to use for `days` days of data when `requested` are asked for: none with
    /// less than a year (the yearly cycle cannot be told apart from trend), at most 2 with less
    /// than two years, else `requested`.
    public static func effectiveFourierTerms(requested: Int, days: Int) -> Int {
        if days < 365 { return 0 }
        if days < 730 { return min(requested, 2) }
        return requested
    }

    /// - Parameters:
    ///   - dropEmptyHolidays: leave out holiday categories with no day in the data (they could not
    ///     be estimated).
    ///   - trend: straight line (default) or piecewise-linear with knots.
    ///   - events: recorded non-campaign events, one column each (events without a day in the data are left out).
    public init(
        start: LocalDay, days: Int, holidays: HolidayCalendar, fourierTerms requested: Int, dropEmptyHolidays: Bool = true,
        trend: TrendSpecification = .linear, events: [BaselineEvent] = []
    ) {
        self.start = start
        self.days = days
        let k = DesignBuilder.effectiveFourierTerms(requested: max(0, requested), days: days)
        self.fourierTerms = k
        var x = DesignMatrix(rows: days)
        x.append([Double](repeating: 1, count: days), name: "intercept", kind: .intercept)
        x.append((0..<days).map { Double($0) / 365.25 }, name: "trend", kind: .trend)
        for knot in trend.knots(days: days) {
            x.append((0..<days).map { Double(max(0, $0 - knot)) / 365.25 }, name: "trend_knot_\(knot)", kind: .trendKnot(knot))
        }
        let dayList = (0..<days).map { start.adding(days: $0) }
        let weekdays = dayList.map(\.isoWeekday)
        let labels = ["", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        for d in 2...7 {
            x.append(weekdays.map { $0 == d ? 1 : 0 }, name: "dow_\(labels[d])", kind: .dayOfWeek(d))
        }
        let doy = dayList.map { Double($0.dayOfYear) }
        for kk in stride(from: 1, through: k, by: 1) {
            let f = 2 * Double.pi * Double(kk) / 365.25
            x.append(doy.map { sin(f * $0) }, name: "sin\(kk)", kind: .fourierSin(kk))
            x.append(doy.map { cos(f * $0) }, name: "cos\(kk)", kind: .fourierCos(kk))
        }
        for category in holidays.categories {
            var col = [Double](repeating: 0, count: days)
            for h in holidays.holidays where h.category == category {
                let i = start.days(to: h.date)
                if i >= 0 && i < days { col[i] = 1 }
            }
            if dropEmptyHolidays && !col.contains(1) { continue }
            x.append(col, name: "holiday:\(category)", kind: .holiday(category: category))
        }
        for event in events {
            let col = event.column(seriesStart: start, days: days)
            // An event covering every day is the intercept; one with no day in the data has nothing to estimate.
            guard col.contains(1), col.contains(0) else { continue }
            x.append(col, name: "event:\(event.id)", kind: .baselineEvent(id: event.id))
        }
        self.base = x
    }

    /// 1 on the days (within the data) the campaign ran, else 0.
    public func onIndicator(_ campaign: CampaignWindow) -> [Double] {
        var on = [Double](repeating: 0, count: days)
        let a = max(0, start.days(to: campaign.start))
        let b = min(days - 1, start.days(to: campaign.end))
        if a <= b { for i in a...b { on[i] = 1 } }
        return on
    }

    /// The carry-over column of `campaign` with carry-over `lambda`. The recursion starts at the
    /// campaign's first day, so days run before the data still carry over into it.
    public func campaignColumn(_ campaign: CampaignWindow, lambda: Double) -> [Double] {
        let first = min(0, start.days(to: campaign.start))
        let n = days - first
        guard n > 0 else { return [Double](repeating: 0, count: days) }
        var on = [Double](repeating: 0, count: n)
        let a = start.days(to: campaign.start) - first
        let b = min(n - 1, start.days(to: campaign.end) - first)
        if a <= b { for i in a...b { on[i] = 1 } }
        let z = Adstock.transform(on, lambda: lambda)
        return Array(z[(-first)...])
    }

    /// The full design: base columns then one column `campaign:<id>` per campaign, in order.
    public func build(campaigns: [CampaignWindow], lambdas: [Double]) -> DesignMatrix {
        precondition(campaigns.count == lambdas.count)
        var x = base
        for (c, l) in zip(campaigns, lambdas) {
            x.append(campaignColumn(c, lambda: l), name: "campaign:\(c.id)", kind: .campaign(id: c.id))
        }
        return x
    }
}
