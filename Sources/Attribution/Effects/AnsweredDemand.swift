import Foundation

/// How much of a campaign's extra demand the line answered (docs/STATISTICS.md §3, "Offered and answered").
///
/// Without the campaign, (observed − uplift) contacts would have been offered; at the line's answer rate r₀ of the
/// eight weeks before the campaign, r₀·(observed − uplift) of them would have been answered. The extra answered
/// contacts are what was answered beyond that, and the extra demand left unanswered is the rest of the uplift. When
/// the line answered everything, extra answered = uplift; when the campaign only filled the queue, it is about 0.
public struct AnsweredDemand: Sendable, Hashable, Codable {
    /// Answered contacts from the campaign's start to its attribution end.
    public var answeredContacts: Double
    /// Answered / received over the baseline days before the campaign.
    public var baselineAnswerRate: Double
    public var extraAnsweredContacts: Double
    public var extraAnsweredLow: Double
    public var extraAnsweredHigh: Double
    /// uplift − extra answered.
    public var extraUnansweredContacts: Double

    /// Days before the campaign whose answer rate is the baseline.
    public static let baselineDays = 56

    /// The share of the extra demand that went unanswered above which a significant campaign gets a warning.
    public static let warningShare = 0.5

    /// `received` and `answered` are the fit's daily series (the same days). Nil when there is no day with contacts
    /// in the eight weeks before the campaign, or the campaign starts outside the series.
    public static func estimate(
        effect: CampaignEffect, seriesStart: LocalDay, received: [Double], answered: [Double]
    ) -> AnsweredDemand? {
        guard received.count == answered.count else { return nil }
        let first = seriesStart.days(to: effect.start)
        let last = min(received.count - 1, seriesStart.days(to: effect.attributionEnd))
        guard first > 0, first <= last else { return nil }
        let before = max(0, first - baselineDays)..<first
        let receivedBefore = received[before].reduce(0, +)
        guard receivedBefore > 0 else { return nil }
        let rate = min(1, answered[before].reduce(0, +) / receivedBefore)
        let answeredDuring = answered[first...last].reduce(0, +)
        let counterfactual = effect.observedContacts - effect.upliftContacts
        let extra = answeredDuring - rate * counterfactual
        // Var = r₀²·SE(uplift)² + (counterfactual)²·r₀(1 − r₀)/n₀: the uplift's uncertainty and the baseline rate's.
        let se =
            (rate * rate * effect.upliftStandardError * effect.upliftStandardError
            + counterfactual * counterfactual * rate * (1 - rate) / receivedBefore).squareRoot()
        return AnsweredDemand(
            answeredContacts: answeredDuring, baselineAnswerRate: rate, extraAnsweredContacts: extra,
            extraAnsweredLow: extra - 1.959_963_985 * se, extraAnsweredHigh: extra + 1.959_963_985 * se,
            extraUnansweredContacts: effect.upliftContacts - extra)
    }

    /// The warning for a campaign whose extra demand was mostly not answered, or nil.
    public func warning(for effect: CampaignEffect) -> String? {
        guard effect.significant, effect.upliftContacts > 0, extraUnansweredContacts > Self.warningShare * effect.upliftContacts else {
            return nil
        }
        let observedRate = effect.observedContacts > 0 ? answeredContacts / effect.observedContacts : 0
        return String(
            format:
                "most of the extra demand went unanswered: of about %.0f extra contacts offered, about %.0f were answered "
                + "(answer rate %.0f%% during the campaign against %.0f%% in the eight weeks before); a campaign that overwhelms "
                + "the line is not a success",
            effect.upliftContacts, max(0, extraAnsweredContacts), observedRate * 100, baselineAnswerRate * 100)
    }
}
