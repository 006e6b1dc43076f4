import TimeArithmetic

/// No live public figures: a month is published only once it is complete and `days` more have passed, so that a
/// public page is not a counter a reader can poll ("one more chat at 14:03") and late events have arrived.
public struct Embargo: Sendable, Equatable {
    /// Days after a month's end before it is published. Default 7.
    public var days: Int

    public init(days: Int = 7) {
        precondition(days >= 0, "an embargo is zero or more days")
        self.days = days
    }

    /// The last month (`YYYY-MM`) that may be published on `today` (year, month, day): a month is published from the
    /// first day after it plus `days` whole days (with 7, November on 8 December; with 0, on 1 December).
    public func lastPublishableMonth(today: (year: Int, month: Int, day: Int)) -> String {
        // The last day whose month may be complete: `days` + 1 days before today (today itself is not over). If it is
        // the last day of its month, that month is published; otherwise the month before.
        let cutoff = CivilCalendar.civilFromDays(CivilCalendar.daysFromCivil(today.year, today.month, today.day) - Int64(days) - 1)
        var (year, month) = (cutoff.year, cutoff.month)
        if cutoff.day < CivilCalendar.daysInMonth(year, month) {
            month -= 1
            if month == 0 { (year, month) = (year - 1, 12) }
        }
        let digits = String(year)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + (month < 10 ? "-0" : "-") + String(month)
    }
}

extension Embargo {
    /// Whether a period whose last day is `lastDay` has been over for `days` whole days on `today` (a campaign's
    /// attribution window, its carry-over included).
    public func isOver(lastDay: (year: Int, month: Int, day: Int), today: (year: Int, month: Int, day: Int)) -> Bool {
        CivilCalendar.daysFromCivil(today.year, today.month, today.day)
            > CivilCalendar.daysFromCivil(lastDay.year, lastDay.month, lastDay.day) + Int64(days)
    }
}
