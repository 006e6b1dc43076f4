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

@Suite("Flemish school holidays")
struct FlandersSchoolHolidayTests {
    static func days(_ year: Int, category: String = HolidayCalendar.schoolHolidayCategory) -> Set<LocalDay> {
        Set(HolidayCalendar.flandersSchoolHolidays(years: year...year).holidays.filter { $0.category == category }.map(\.date))
    }

    static func range(_ from: (Int, Int, Int), _ to: (Int, Int, Int)) -> Set<LocalDay> {
        let a = LocalDay(year: from.0, month: from.1, day: from.2)!
        let b = LocalDay(year: to.0, month: to.1, day: to.2)!
        return Set((0...a.days(to: b)).map { a.adding(days: $0) })
    }

    @Test(
        "the published holidays of the school years 2021–22 to 2025–26 follow from the rules",
        arguments: [
            // Easter in April before the 16th: from the first Monday of April.
            ((2023, 4, 3), (2023, 4, 16)), ((2026, 4, 6), (2026, 4, 19)),
            // Easter after 15 April: from the second Monday before Easter.
            ((2022, 4, 4), (2022, 4, 17)), ((2025, 4, 7), (2025, 4, 20)),
            // Easter in March: from Easter Monday.
            ((2024, 4, 1), (2024, 4, 14)),
            // Spring break: the week from the Monday 48 days before Easter.
            ((2024, 2, 12), (2024, 2, 18)), ((2025, 3, 3), (2025, 3, 9)), ((2026, 2, 16), (2026, 2, 22)),
            // Autumn: the week of 1 November; Christmas: two weeks from the Monday of the week of 25 December.
            ((2023, 10, 30), (2023, 11, 5)), ((2024, 10, 28), (2024, 11, 3)), ((2025, 10, 27), (2025, 11, 2)),
            ((2023, 12, 25), (2024, 1, 7)), ((2024, 12, 23), (2025, 1, 5)), ((2025, 12, 22), (2026, 1, 4)),
            ((2024, 7, 1), (2024, 8, 31)),
        ])
    func published(from: (Int, Int, Int), to: (Int, Int, Int)) {
        let expected = Self.range(from, to)
        let years = Set([from.0, to.0, to.0 - 1])
        let all = years.reduce(into: Set<LocalDay>()) { $0.formUnion(Self.days($1)) }
        #expect(expected.isSubset(of: all), "missing \(expected.subtracting(all).sorted { $0 < $1 })")
        // The day before and the day after are school days.
        let before = LocalDay(year: from.0, month: from.1, day: from.2)!.adding(days: -1)
        let after = LocalDay(year: to.0, month: to.1, day: to.2)!.adding(days: 1)
        #expect(!all.contains(before) && !all.contains(after), "\(before) or \(after) marked as a holiday")
    }

    @Test("named calendars: school holidays are their own category beside the public holidays")
    func named() {
        let calendar = HolidayCalendar.named([.belgium, .flandersSchool], years: 2024...2024)
        #expect(calendar.categories == [HolidayCalendar.publicHolidayCategory, HolidayCalendar.schoolHolidayCategory])
        #expect(HolidayCalendar.named([.belgium], years: 2024...2024).categories == [HolidayCalendar.publicHolidayCategory])
        #expect(HolidayCalendar.named([.belgiumCommunities], years: 2024...2024).holidays.count == 3)
    }
}
