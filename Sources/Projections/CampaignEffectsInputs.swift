import Attribution
import Foundation
import Postgres

/// A campaign as the refitter reads it from `rm.campaigns` and `rm.campaign_costs`.
struct CampaignEffectsCampaign: Sendable, Hashable {
    var id: String
    var helplines: [String]
    var windowStart: LocalDay
    /// nil while the campaign runs.
    var windowEnd: LocalDay?
    /// Sum of the EUR cost items, nil when there is none.
    var costCents: Int?
    /// Currencies of cost items that are not EUR (not added up).
    var otherCurrencies: [String]
}

/// Everything one fit (helpline × channel) needs, and the hash that says whether it changed.
struct CampaignEffectsFitInput: Sendable {
    /// A campaign that cannot be evaluated on this series, and why.
    struct Excluded: Sendable, Hashable {
        var campaign: CampaignEffectsCampaign
        var windowEnd: LocalDay
        var reason: String
    }

    var helpline: String
    var channel: String
    /// nil when the helpline (or channel) has no contacts at all.
    var series: DailySeries?
    /// Answered contacts on the same days as `series`.
    var answered: [Double] = []
    /// The campaigns to evaluate, with running campaigns ending at the last day of data.
    var windows: [CampaignWindow]
    /// The campaigns behind `windows`, in the same order.
    var campaigns: [CampaignEffectsCampaign]
    /// The recorded baseline events of this helpline (and channel), given to the model as regressors.
    var events: [BaselineEvent] = []
    /// The helpline's holidays over the series' years (its settings' calendars and its own dates).
    var holidays: HolidayCalendar = .none
    var excluded: [Excluded]
    var fingerprint: String

    var key: String { "\(helpline)/\(channel)" }
}

/// Reads the refitter's inputs from the read models.
enum CampaignEffectsInputs {
    /// The channel name of the fit on all channels together.
    static let allChannels = "all"

    /// What the effects depend on (`rm.campaign_effects_source()`): the live projections' positions and each campaign
    /// helpline's last complete day (the fits read counts up to yesterday, so a new day changes them without any event).
    /// `at` replaces the current time, for tests.
    static func source(on c: PostgresConnection, at time: Date? = nil) async throws -> String {
        if let time { return try await c.query("SELECT rm.campaign_effects_source(\(time))")[0].decode(String.self, at: 0) }
        return try await c.query("SELECT rm.campaign_effects_source()")[0].decode(String.self, at: 0)
    }

    /// The source the stored effects were computed from, nil before the first refit.
    static func storedSource(on c: PostgresConnection) async throws -> String? {
        try await c.query("SELECT source FROM rm.campaign_effects_state").first?.decode(String.self, at: 0)
    }

    /// Whether the projections the effects read have applied every committed event.
    static func projectionsCaughtUp(on c: PostgresConnection) async throws -> Bool {
        try await c.query(
            """
            SELECT NOT EXISTS (
                SELECT 1 FROM rm.projection_checkpoints p
                 WHERE split_part(p.projection, ':', 1) IN ('contact_counts', 'campaigns', 'baseline_events') AND p.projection NOT LIKE '%:rebuild'
                   AND EXISTS (SELECT 1 FROM es.events e WHERE (e.transaction_id, e.global_position) > (p.transaction_id, p.global_position)))
            """)[0].decode(Bool.self, at: 0)
    }

    /// The campaigns that can be evaluated: not cancelled, with a window.
    static func campaigns(on c: PostgresConnection) async throws -> [CampaignEffectsCampaign] {
        let rows = try await c.query(
            """
            SELECT c.campaign_id, c.helplines, (c.window_start - DATE '1970-01-01'), (c.window_end - DATE '1970-01-01'),
                   (SELECT sum(k.amount_cents) FROM rm.campaign_costs k WHERE k.campaign_id = c.campaign_id AND k.currency = 'EUR')::bigint,
                   ARRAY(SELECT DISTINCT k.currency FROM rm.campaign_costs k WHERE k.campaign_id = c.campaign_id AND k.currency <> 'EUR'
                          ORDER BY 1)
              FROM rm.campaigns c
             WHERE NOT c.cancelled AND c.window_start IS NOT NULL
             ORDER BY c.window_start, c.campaign_id
            """)
        return try rows.map { r in
            CampaignEffectsCampaign(
                id: try r.decode(String.self, at: 0), helplines: try r.decode([String].self, at: 1),
                windowStart: LocalDay(daysSinceEpoch: try r.decode(Int.self, at: 2)),
                windowEnd: try r.decode(Int?.self, at: 3).map(LocalDay.init(daysSinceEpoch:)), costCents: try r.decode(Int?.self, at: 4),
                otherCurrencies: try r.decode([String].self, at: 5))
        }
    }

    /// The baseline events that are not withdrawn, with the helplines and channels they concern.
    static func baselineEvents(on c: PostgresConnection) async throws -> [(event: BaselineEvent, helplines: [String], channels: [String])] {
        let rows = try await c.query(
            """
            SELECT baseline_event_id, kind, (start_date - DATE '1970-01-01'), (end_date - DATE '1970-01-01'), label, helplines, channels
              FROM rm.baseline_events
             WHERE NOT withdrawn
             ORDER BY start_date, baseline_event_id
            """)
        return try rows.compactMap { r in
            guard let kind = BaselineEvent.Kind(rawValue: try r.decode(String.self, at: 1)) else { return nil }
            let event = BaselineEvent(
                id: try r.decode(String.self, at: 0), kind: kind, start: LocalDay(daysSinceEpoch: try r.decode(Int.self, at: 2)),
                end: try r.decode(Int?.self, at: 3).map(LocalDay.init(daysSinceEpoch:)), label: try r.decode(String.self, at: 4))
            return (event, try r.decode([String].self, at: 5), try r.decode([String].self, at: 6))
        }
    }

    /// A helpline's holiday settings: the named calendars (Belgium's public and the Flemish school holidays without a
    /// settings row) and its own dates.
    static func holidaySettings(helpline: String, on c: PostgresConnection) async throws -> (
        calendars: [HolidayCalendar.Named], own: [Holiday]
    ) {
        let names = try await c.query("SELECT holiday_calendars FROM rm.helpline_settings WHERE helpline = \(helpline)").first
            .map { try $0.decode([String].self, at: 0) }
        let calendars = (names ?? [HolidayCalendar.Named.belgium.rawValue, HolidayCalendar.Named.flandersSchool.rawValue])
            .compactMap(HolidayCalendar.Named.init(rawValue:))
        let own = try await c.query(
            "SELECT (date - DATE '1970-01-01'), name, category FROM rm.helpline_holidays WHERE helpline = \(helpline) ORDER BY date, category")
        return (
            calendars,
            try own.map { r in
                Holiday(
                    date: LocalDay(daysSinceEpoch: try r.decode(Int.self, at: 0)), name: try r.decode(String.self, at: 1),
                    category: try r.decode(String.self, at: 2))
            }
        )
    }

    /// Received contacts per channel and local day of `helpline`, up to yesterday in the helpline's time zone (today is
    /// not over yet: its partial count would look like a drop).
    static func dailyCounts(helpline: String, on c: PostgresConnection) async throws -> [String: [LocalDay: (received: Int, answered: Int)]] {
        let rows = try await c.query(
            """
            SELECT channel, (local_date - DATE '1970-01-01'), sum(received)::bigint, sum(answered)::bigint
              FROM rm.daily_contact_counts
             WHERE helpline = \(helpline) AND local_date < (now() AT TIME ZONE rm.helpline_time_zone(\(helpline)))::date
             GROUP BY channel, local_date
            """)
        var byChannel: [String: [LocalDay: (received: Int, answered: Int)]] = [:]
        for r in rows {
            let day = LocalDay(daysSinceEpoch: try r.decode(Int.self, at: 1))
            byChannel[try r.decode(String.self, at: 0), default: [:]][day] = (try r.decode(Int.self, at: 2), try r.decode(Int.self, at: 3))
        }
        return byChannel
    }

    /// The fits to run: per helpline with at least one campaign, one on all channels together and one per channel.
    static func load(options: AttributionOptions, on c: PostgresConnection) async throws -> [CampaignEffectsFitInput] {
        let campaigns = try await campaigns(on: c)
        let events = try await baselineEvents(on: c)
        let helplines = Set(campaigns.flatMap(\.helplines)).sorted()
        var inputs: [CampaignEffectsFitInput] = []
        for helpline in helplines {
            let mine = campaigns.filter { $0.helplines.contains(helpline) }
            let byChannel = try await dailyCounts(helpline: helpline, on: c)
            let holidays = try await holidaySettings(helpline: helpline, on: c)
            var total: [LocalDay: (received: Int, answered: Int)] = [:]
            for counts in byChannel.values { total.merge(counts) { ($0.received + $1.received, $0.answered + $1.answered) } }
            // An event on one channel also moves the total of all channels.
            let helplineEvents = events.filter { $0.helplines.contains(helpline) }
            inputs.append(
                input(
                    helpline: helpline, channel: allChannels, counts: total, campaigns: mine, events: helplineEvents.map(\.event),
                    holidays: holidays, options: options))
            for channel in byChannel.keys.sorted() where channel != allChannels {
                let channelEvents = helplineEvents.filter { $0.channels.isEmpty || $0.channels.contains(channel) }.map(\.event)
                inputs.append(
                    input(
                        helpline: helpline, channel: channel, counts: byChannel[channel]!, campaigns: mine, events: channelEvents,
                        holidays: holidays, options: options))
            }
        }
        return inputs
    }

    /// One fit's input: the series from the first to the last day with data (missing days 0) and the campaigns
    /// with at least one day inside it.
    static func input(
        helpline: String, channel: String, counts days: [LocalDay: (received: Int, answered: Int)], campaigns: [CampaignEffectsCampaign],
        events: [BaselineEvent] = [],
        holidays settings: (calendars: [HolidayCalendar.Named], own: [Holiday]) = ([.belgium, .flandersSchool], []),
        options: AttributionOptions
    ) -> CampaignEffectsFitInput {
        let series = DailySeries(counts: days.mapValues(\.received))
        let answered = series.map { s in (0..<s.count).map { Double(days[s.day(at: $0)]?.answered ?? 0) } } ?? []
        let holidays =
            series.map { series in
                HolidayCalendar.named(settings.calendars, years: series.start.year...max(series.start.year, series.end.year)).merged(
                    with: HolidayCalendar(settings.own.filter { $0.date >= series.start && $0.date <= series.end }))
            } ?? .none
        var windows: [CampaignWindow] = []
        var used: [CampaignEffectsCampaign] = []
        var excluded: [CampaignEffectsFitInput.Excluded] = []
        for campaign in campaigns {
            guard let series else {
                excluded.append(
                    .init(
                        campaign: campaign, windowEnd: campaign.windowEnd ?? campaign.windowStart,
                        reason: "no contacts recorded for helpline \(helpline)\(channel == allChannels ? "" : " on channel \(channel)")"))
                continue
            }
            let end = campaign.windowEnd ?? max(campaign.windowStart, series.end)
            if campaign.windowStart > series.end {
                excluded.append(
                    .init(
                        campaign: campaign, windowEnd: end,
                        reason: "the campaign starts after the last day of data (\(series.end)); its effect cannot be estimated yet"))
            } else if end < series.start {
                excluded.append(
                    .init(
                        campaign: campaign, windowEnd: end,
                        reason: "the campaign ended before the first day of data (\(series.start)); its effect cannot be estimated"))
            } else {
                windows.append(CampaignWindow(id: campaign.id, start: campaign.windowStart, end: end, costCents: campaign.costCents))
                used.append(campaign)
            }
        }
        var hash = FNV1a()
        hash.add("v\(CampaignEffectsRefitter.version)|\(helpline)|\(channel)|\(options)")
        if let series {
            hash.add("|\(series.start.daysSinceEpoch)")
            for (v, a) in zip(series.counts, answered) { hash.add(",\(Int(v))/\(Int(a))") }
        }
        for (w, k) in zip(windows, used) {
            hash.add("|\(w.id) \(w.start) \(w.end) \(w.costCents.map(String.init) ?? "-") \(k.windowEnd == nil) \(k.helplines) \(k.otherCurrencies)")
        }
        for x in excluded { hash.add("|x \(x.campaign.id) \(x.windowEnd) \(x.reason)") }
        for h in holidays.holidays { hash.add("|h \(h.date) \(h.category)") }
        for e in events { hash.add("|e \(e.id) \(e.kind.rawValue) \(e.start) \(e.end.map { "\($0)" } ?? "-") \(e.label)") }
        return CampaignEffectsFitInput(
            helpline: helpline, channel: channel, series: series, answered: answered, windows: windows, campaigns: used, events: events,
            holidays: holidays,
            excluded: excluded,
            fingerprint: hash.hex)
    }
}

/// 64-bit FNV-1a: a stable hash (unlike `Hasher`, the same in every process) for change detection only.
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ text: String) {
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
    }

    var hex: String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
