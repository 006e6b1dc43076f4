extension HolidayCalendar {
    /// The category of school holidays: one model column of their own, apart from public holidays.
    public static let schoolHolidayCategory = "school holiday"

    /// The Flemish Community's school holidays for the school years that touch `years`, by the rules of the
    /// Flemish school calendar (every day of each holiday, weekends included):
    /// - autumn: one week from the Monday of the week of 1 November (from 2 November when 1 November is a Sunday);
    /// - Christmas: two weeks from the Monday of the week of 25 December (from the Monday after when it is a Saturday
    ///   or Sunday);
    /// - spring (krokus): one week from the Monday 48 days before Easter;
    /// - Easter: two weeks from the first Monday of April; from Easter Monday when Easter is in March; from the second
    ///   Monday before Easter when Easter is after 15 April;
    /// - summer: 1 July to 31 August.
    public static func flandersSchoolHolidays(years: ClosedRange<Int>) -> HolidayCalendar {
        var out: [Holiday] = []
        func span(_ first: LocalDay, days: Int, _ name: String) {
            for i in 0..<days { out.append(Holiday(date: first.adding(days: i), name: name, category: schoolHolidayCategory)) }
        }
        /// The Monday of the ISO week holding `day`.
        func monday(of day: LocalDay) -> LocalDay { day.adding(days: 1 - day.isoWeekday) }
        for y in years {
            let november = LocalDay(year: y, month: 11, day: 1)!
            span(november.isoWeekday == 7 ? november.adding(days: 1) : monday(of: november), days: 7, "Autumn break")
            let christmas = LocalDay(year: y, month: 12, day: 25)!
            span(christmas.isoWeekday >= 6 ? christmas.adding(days: 8 - christmas.isoWeekday) : monday(of: christmas), days: 14, "Christmas holidays")
            let easter = Easter.sunday(year: y)
            span(easter.adding(days: -48), days: 7, "Spring break")
            let easterStart: LocalDay
            if easter.components.month == 3 {
                easterStart = easter.adding(days: 1)
            } else if easter.components.month == 4 && easter.components.day > 15 {
                easterStart = easter.adding(days: -13)
            } else {
                let april = LocalDay(year: y, month: 4, day: 1)!
                easterStart = april.adding(days: (8 - april.isoWeekday) % 7)
            }
            span(easterStart, days: 14, "Easter holidays")
            span(LocalDay(year: y, month: 7, day: 1)!, days: 62, "Summer holidays")
        }
        return HolidayCalendar(out)
    }

    /// The calendars a helpline can name in its settings (`rm.helpline_settings.holiday_calendars`).
    public enum Named: String, Sendable, CaseIterable {
        /// Belgium's ten national public holidays.
        case belgium
        /// The three Belgian community days, each its own category.
        case belgiumCommunities = "belgium_communities"
        /// The Flemish Community's school holidays.
        case flandersSchool = "flanders_school"
    }

    /// The named calendars merged, for every year in `years`.
    public static func named(_ names: [Named], years: ClosedRange<Int>) -> HolidayCalendar {
        var calendar = HolidayCalendar.none
        for name in Set(names) {
            switch name {
            case .belgium: calendar = calendar.merged(with: belgium(years: years))
            case .belgiumCommunities:
                calendar = calendar.merged(
                    with: HolidayCalendar(
                        belgium(years: years, includeCommunityHolidays: true).holidays.filter { $0.category.hasPrefix("community") }))
            case .flandersSchool: calendar = calendar.merged(with: flandersSchoolHolidays(years: years))
            }
        }
        return calendar
    }
}
