/// One holiday on one date. Holidays with the same `category` share one model column.
public struct Holiday: Sendable, Hashable, Codable {
    public let date: LocalDay
    public let name: String
    public let category: String

    public init(date: LocalDay, name: String, category: String = HolidayCalendar.publicHolidayCategory) {
        self.date = date
        self.name = name
        self.category = category
    }
}

/// Holidays as data: the model gets one 0/1 column per category, 1 on the category's dates.
public struct HolidayCalendar: Sendable, Hashable, Codable {
    /// The category used by the built-in calendars.
    public static let publicHolidayCategory = "public holiday"

    public private(set) var holidays: [Holiday]

    /// A calendar holding `holidays` (order does not matter).
    public init(_ holidays: [Holiday]) {
        self.holidays = holidays.sorted { ($0.date, $0.name) < ($1.date, $1.name) }
    }

    /// No holidays.
    public static let none = HolidayCalendar([])

    /// This calendar plus `other`'s holidays.
    public func merged(with other: HolidayCalendar) -> HolidayCalendar {
        HolidayCalendar(holidays + other.holidays)
    }

    /// Distinct categories, sorted.
    public var categories: [String] {
        Array(Set(holidays.map(\.category))).sorted()
    }

    /// Whether `day` is a holiday of `category`.
    public func contains(_ day: LocalDay, category: String) -> Bool {
        holidays.contains { $0.date == day && $0.category == category }
    }

    /// Belgium's ten national public holidays for every year in `years`: New Year, Easter Monday,
    /// Labour Day, Ascension (Easter + 39), Whit Monday (Easter + 50), National Day (21 July),
    /// Assumption, All Saints, Armistice, Christmas. With `includeCommunityHolidays`, also the
    /// Flemish (11 July), French-speaking (27 September) and German-speaking (15 November)
    /// community days, each in its own category.
    public static func belgium(years: ClosedRange<Int>, includeCommunityHolidays: Bool = false) -> HolidayCalendar {
        var out: [Holiday] = []
        for y in years {
            let easter = Easter.sunday(year: y)
            func fixed(_ m: Int, _ d: Int, _ name: String, _ category: String = publicHolidayCategory) {
                out.append(Holiday(date: LocalDay(year: y, month: m, day: d)!, name: name, category: category))
            }
            fixed(1, 1, "New Year's Day")
            out.append(Holiday(date: easter.adding(days: 1), name: "Easter Monday"))
            fixed(5, 1, "Labour Day")
            out.append(Holiday(date: easter.adding(days: 39), name: "Ascension Day"))
            out.append(Holiday(date: easter.adding(days: 50), name: "Whit Monday"))
            fixed(7, 21, "Belgian National Day")
            fixed(8, 15, "Assumption Day")
            fixed(11, 1, "All Saints' Day")
            fixed(11, 11, "Armistice Day")
            fixed(12, 25, "Christmas Day")
            if includeCommunityHolidays {
                fixed(7, 11, "Day of the Flemish Community", "community: Flemish")
                fixed(9, 27, "Day of the French Community", "community: French")
                fixed(11, 15, "Day of the German-speaking Community", "community: German-speaking")
            }
        }
        return HolidayCalendar(out)
    }

    /// Belgium's national public holidays for every year touched by `first...last`.
    public static func belgium(from first: LocalDay, through last: LocalDay) -> HolidayCalendar {
        belgium(years: first.year...max(first.year, last.year))
    }
}
