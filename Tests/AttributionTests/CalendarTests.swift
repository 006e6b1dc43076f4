import Attribution
import Testing

@Suite struct CalendarTests {
    @Test func dayArithmeticRoundTrips() throws {
        let d = try #require(LocalDay(year: 2024, month: 2, day: 29))
        #expect(d.description == "2024-02-29")
        #expect(LocalDay(iso: "2024-02-29") == d)
        #expect(LocalDay(iso: "2023-02-29") == nil)
        #expect(LocalDay(year: 1970, month: 1, day: 1)?.daysSinceEpoch == 0)
        #expect(d.adding(days: 1).description == "2024-03-01")
        #expect(d.dayOfYear == 60)
        #expect(LocalDay(year: 2024, month: 12, day: 31)?.dayOfYear == 366)
        #expect(d.isoWeekday == 4)  // Thursday
        #expect(LocalDay(year: 1969, month: 12, day: 28)?.isoWeekday == 7)
        for n in stride(from: -800_000, through: 800_000, by: 7919) {
            let day = LocalDay(daysSinceEpoch: n)
            let c = day.components
            #expect(LocalDay(year: c.year, month: c.month, day: c.day) == day)
        }
    }

    @Test func easterSundays() {
        let known = [(2000, 4, 23), (2019, 4, 21), (2022, 4, 17), (2023, 4, 9), (2024, 3, 31), (2025, 4, 20), (2038, 4, 25)]
        for (y, m, d) in known { #expect(Easter.sunday(year: y) == LocalDay(year: y, month: m, day: d), "Easter \(y)") }
    }

    @Test func belgianPublicHolidays2024() {
        let cal = HolidayCalendar.belgium(years: 2024...2024)
        let dates = Set(cal.holidays.map(\.date.description))
        #expect(cal.holidays.count == 10)
        for d in [
            "2024-01-01", "2024-04-01", "2024-05-01", "2024-05-09", "2024-05-20", "2024-07-21", "2024-08-15", "2024-11-01", "2024-11-11",
            "2024-12-25",
        ] {
            #expect(dates.contains(d), "missing \(d)")
        }
        #expect(cal.categories == [HolidayCalendar.publicHolidayCategory])
        let withCommunities = HolidayCalendar.belgium(years: 2024...2024, includeCommunityHolidays: true)
        #expect(withCommunities.holidays.count == 13)
        #expect(withCommunities.categories.count == 4)
    }
}
