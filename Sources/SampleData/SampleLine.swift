import Attribution
import HelplineDomain

/// One contact line of the sample data set (a helpline on one channel) and the synthetic habits of its
/// contacts: level, trend, weekday and yearly pattern, opening hours, outcomes and who gets in touch.
public struct SampleLine: Sendable {
    public let helpline: String
    public let channel: ContactChannel
    /// Short code in contact ids (`tel`, `chat`).
    let code: String
    /// Expected contacts on an average weekday-mix day at the start of 2019, before season and campaigns.
    let level: Double
    /// Log growth per year (0.05 ≈ +5% a year).
    let trendPerYear: Double
    /// Multipliers Monday … Sunday.
    let weekday: [Double]
    /// Multipliers in the middle of each month, January … December, interpolated linearly in between.
    let monthly: [Double]
    /// Multiplier on Belgian public holidays (closed).
    let holiday: Double
    /// NB2 overdispersion.
    let alpha: Double
    /// Opening hours on weekdays, in seconds after local midnight.
    let opens: Int
    let closes: Int
    /// Share of a weekday's contacts that arrive within opening hours.
    let withinHours: Double
    /// Probability that a contact within opening hours is answered (else abandoned in the queue).
    let answered: Double
    let answeredWaitMean: Double
    let abandonedWaitMean: Double
    /// Contact types of answered contacts (CHI: counselling vs non-counselling), with their median duration in seconds.
    let types: [(ContactType, share: Double, medianSeconds: Double)]
    let roles: [(ContactorRole, Double)]
    let ages: [(AgeBand, Double)]
    /// How contactors say they heard of the line when no campaign is involved.
    let heardVia: [(HeardVia, Double)]

    /// The seasonal multiplier of `day`.
    func season(_ day: LocalDay) -> Double {
        let (y, m, d) = day.components
        let length = Double(LocalDay.daysInMonth(year: y, month: m))
        let middle = (length + 1) / 2
        let here = monthly[m - 1]
        if Double(d) >= middle {
            let (ny, nm) = m == 12 ? (y + 1, 1) : (y, m + 1)
            let nextMiddle = (Double(LocalDay.daysInMonth(year: ny, month: nm)) + 1) / 2
            return here + (monthly[nm - 1] - here) * (Double(d) - middle) / (length - middle + nextMiddle)
        }
        let (py, pm) = m == 1 ? (y - 1, 12) : (y, m - 1)
        let previousLength = Double(LocalDay.daysInMonth(year: py, month: pm))
        let previousMiddle = (previousLength + 1) / 2
        let previous = monthly[pm - 1]
        return previous + (here - previous) * (Double(d) + previousLength - previousMiddle) / (previousLength - previousMiddle + middle)
    }

    /// 1712 on the phone: the helpline for violence, abuse and child abuse, open on weekdays 9:00–17:00.
    static let phone1712 = SampleLine(
        helpline: "1712", channel: .phone, code: "tel", level: 21.5, trendPerYear: 0.045,
        weekday: [1.32, 1.22, 1.16, 1.16, 1.06, 0.30, 0.26],
        monthly: [1.00, 1.02, 1.04, 0.99, 1.02, 0.99, 0.87, 0.88, 1.02, 1.06, 1.05, 0.92], holiday: 0.32, alpha: 0.025,
        opens: 9 * 3600, closes: 17 * 3600, withinHours: 0.93, answered: 0.84, answeredWaitMean: 38, abandonedWaitMean: 75,
        types: [
            (.counselling, 0.62, 780), (.information, 0.12, 260), (.silent, 0.07, 25), (.hangUp, 0.06, 6), (.prank, 0.05, 70),
            (.abusive, 0.02, 90), (.wrongNumber, 0.04, 30), (.other, 0.02, 200),
        ],
        roles: [
            (.bystander, 0.34), (.adultSelf, 0.21), (.parent, 0.15), (.childSelf, 0.09), (.professional, 0.11), (.perpetrator, 0.04),
            (.other, 0.03), (.unknown, 0.03),
        ],
        ages: [
            (.age0to6, 0.14), (.age7to9, 0.09), (.age10to12, 0.10), (.age13to15, 0.11), (.age16to17, 0.06), (.age18to24, 0.08),
            (.age25plus, 0.30), (.unknown, 0.12),
        ],
        heardVia: [
            (.internet, 0.30), (.wordOfMouth, 0.14), (.professional, 0.16), (.previousContact, 0.13), (.socialMedia, 0.09), (.school, 0.03),
            (.press, 0.03), (.other, 0.04), (.unknown, 0.08),
        ])

    /// 1712 by chat, same hours, growing faster than the phone line.
    static let chat1712 = SampleLine(
        helpline: "1712", channel: .chat, code: "chat", level: 16.0, trendPerYear: 0.10,
        weekday: [1.25, 1.22, 1.18, 1.15, 1.05, 0.35, 0.33],
        monthly: [1.00, 1.02, 1.03, 0.98, 1.01, 0.97, 0.88, 0.90, 1.02, 1.05, 1.05, 0.95], holiday: 0.38, alpha: 0.03,
        opens: 9 * 3600, closes: 17 * 3600, withinHours: 0.90, answered: 0.74, answeredWaitMean: 110, abandonedWaitMean: 240,
        types: [
            (.counselling, 0.58, 1_680), (.information, 0.10, 420), (.silent, 0.11, 40), (.hangUp, 0.08, 12), (.prank, 0.08, 120),
            (.abusive, 0.02, 150), (.wrongNumber, 0.01, 60), (.other, 0.02, 300),
        ],
        roles: [
            (.bystander, 0.28), (.adultSelf, 0.20), (.parent, 0.10), (.childSelf, 0.22), (.professional, 0.07), (.perpetrator, 0.04),
            (.other, 0.04), (.unknown, 0.05),
        ],
        ages: [
            (.age0to6, 0.07), (.age7to9, 0.06), (.age10to12, 0.10), (.age13to15, 0.16), (.age16to17, 0.11), (.age18to24, 0.14),
            (.age25plus, 0.24), (.unknown, 0.12),
        ],
        heardVia: [
            (.internet, 0.33), (.wordOfMouth, 0.12), (.professional, 0.10), (.previousContact, 0.12), (.socialMedia, 0.16), (.school, 0.06),
            (.other, 0.04), (.unknown, 0.07),
        ])

    /// Nupraatikerover.be: the chat for children and young people, open on weekday evenings (17:00–21:00); during a
    /// chat marathon it is open every day from 12:00 to 23:00.
    static let youthChat = SampleLine(
        helpline: "nupraatikerover", channel: .chat, code: "chat", level: 22.0, trendPerYear: 0.06,
        weekday: [1.22, 1.25, 1.28, 1.20, 0.95, 0.55, 0.55],
        monthly: [0.95, 1.03, 1.05, 1.00, 1.03, 0.93, 0.80, 0.84, 1.06, 1.10, 1.08, 0.96], holiday: 0.45, alpha: 0.04,
        opens: 17 * 3600, closes: 21 * 3600, withinHours: 0.80, answered: 0.70, answeredWaitMean: 150, abandonedWaitMean: 300,
        types: [
            (.counselling, 0.52, 2_100), (.information, 0.07, 480), (.silent, 0.13, 45), (.hangUp, 0.09, 15), (.prank, 0.12, 150),
            (.abusive, 0.03, 120), (.wrongNumber, 0.01, 60), (.other, 0.03, 300),
        ],
        roles: [(.childSelf, 0.80), (.bystander, 0.11), (.other, 0.04), (.unknown, 0.05)],
        ages: [(.age10to12, 0.14), (.age13to15, 0.38), (.age16to17, 0.27), (.age18to24, 0.12), (.unknown, 0.09)],
        heardVia: [
            (.socialMedia, 0.30), (.school, 0.22), (.internet, 0.18), (.wordOfMouth, 0.12), (.previousContact, 0.08), (.other, 0.03),
            (.unknown, 0.07),
        ])

    static let all = [phone1712, chat1712, youthChat]
}
