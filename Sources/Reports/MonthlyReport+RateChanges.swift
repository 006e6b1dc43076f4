import Foundation
import Postgres

extension MonthlyReport {
    /// One helpline channel's month as days: the complete days' counts (zero-filled; a partial month up to yesterday).
    struct MonthDays {
        /// Days since 1970-01-01 (a Thursday) of the month's first day.
        var firstDay: Int
        var counts: [Int]
        var partial: Bool
        var total: Int { counts.reduce(0, +) }
        func total(firstDays n: Int) -> Int { counts.prefix(n).reduce(0, +) }
    }

    /// Fills `rateChangeVsPreviousMonth` and `rateChangeVsSameMonthLastYear` from the daily counts of the report's
    /// months and of the twelve months before them (the comparison months and the noise estimate).
    mutating func addRateChanges(_ filter: Filter, pool: PostgresPool) async throws {
        guard !rows.isEmpty else { return }
        let lowerMonth = filter.from.flatMap { MonthMath.adding(-12, to: $0) }
        let upperMonth = filter.to.flatMap { MonthMath.adding(1, to: $0) }
        // The daily counts of every channel when the report asks for `all` (the sum of the channels).
        let dailyChannel = filter.channel == "all" ? nil : filter.channel
        let frames = try await pool.query(
            """
            SELECT helpline, channel, month, partial, days_counted,
                   ((month_start + interval '1 month')::date - month_start)::int AS days_in_month,
                   (month_start - DATE '1970-01-01')::int AS first_day
              FROM analytics.monthly_contacts
             WHERE (\(lowerMonth)::text IS NULL OR month >= \(lowerMonth))
               AND (\(filter.to)::text IS NULL OR month <= \(filter.to))
               AND (\(filter.helpline)::text IS NULL OR helpline = \(filter.helpline))
               AND (\(filter.channel)::text IS NULL OR channel = \(filter.channel))
            """)
        var months: [String: [Int: MonthDays]] = [:]
        for frame in frames {
            let key = try frame.decode(String.self, at: 0) + "\u{1F}" + frame.decode(String.self, at: 1)
            guard let index = MonthMath.index(try frame.decode(String.self, at: 2)) else { continue }
            let partial = try frame.decode(Bool.self, at: 3)
            // days_counted includes today for the current month; today is not over, so it is left out.
            let complete = partial ? try frame.decode(Int.self, at: 4) - 1 : try frame.decode(Int.self, at: 5)
            months[key, default: [:]][index] = MonthDays(
                firstDay: try frame.decode(Int.self, at: 6), counts: Array(repeating: 0, count: max(0, complete)), partial: partial)
        }
        let days = try await pool.query(
            """
            SELECT helpline, channel, to_char(local_date, 'YYYY-MM'), extract(day FROM local_date)::int, contacts
              FROM analytics.daily_contacts
             WHERE (\(lowerMonth)::text IS NULL OR local_date >= (\(lowerMonth) || '-01')::date)
               AND (\(upperMonth)::text IS NULL OR local_date < (\(upperMonth) || '-01')::date)
               AND (\(filter.helpline)::text IS NULL OR helpline = \(filter.helpline))
               AND (\(dailyChannel)::text IS NULL OR channel = \(dailyChannel))
            """)
        for day in days {
            let helpline = try day.decode(String.self, at: 0)
            guard let index = MonthMath.index(try day.decode(String.self, at: 2)) else { continue }
            let dayOfMonth = try day.decode(Int.self, at: 3)
            let contacts = try day.decode(Int.self, at: 4)
            let channel = try day.decode(String.self, at: 1)
            for key in [helpline + "\u{1F}" + channel, helpline + "\u{1F}all"] {
                guard let month = months[key]?[index], dayOfMonth <= month.counts.count else { continue }
                months[key]![index]!.counts[dayOfMonth - 1] += contacts
            }
        }
        let noise = months.mapValues(Self.noise)
        for i in rows.indices {
            let key = rows[i].helpline + "\u{1F}" + rows[i].channel
            guard let index = MonthMath.index(rows[i].month), let series = months[key], let current = series[index] else { continue }
            func change(against offset: Int) -> RateChange? {
                guard let base = series[index - offset] else { return nil }
                let baseDays = current.partial ? min(current.counts.count, base.counts.count) : base.counts.count
                return RateChange.compare(
                    contacts: current.total, days: current.counts.count, baseContacts: base.total(firstDays: baseDays), baseDays: baseDays,
                    noise: noise[key] ?? nil)
            }
            rows[i].rateChangeVsPreviousMonth = change(against: 1)
            rows[i].rateChangeVsSameMonthLastYear = change(against: 12)
        }
    }

    /// The noise of one channel's daily counts, each month a run of days; cells are (quarter, weekday).
    static func noise(_ months: [Int: MonthDays]) -> DailyNoise? {
        let runs = months.keys.sorted().map { index in
            let month = months[index]!
            return month.counts.enumerated().map { d, count in
                (count: count, cell: (index / 3) * 7 + ((month.firstDay + d + 3) % 7 + 7) % 7)
            }
        }
        return DailyNoise.estimate(runs: runs)
    }
}

extension MonthMath {
    /// Months since year 0 (`YYYY-MM`), so that the month before is `index - 1` and a year before `index - 12`.
    static func index(_ month: String) -> Int? {
        guard let (year, month) = parse(month) else { return nil }
        return year * 12 + month - 1
    }
}
