import Attribution
import EventStore
import Foundation
import HelplineDomain
import Ingest
import Postgres
import PostgresTestSupport
import Projections
import Reports
import Testing

@Suite("Campaign effects and report campaigns")
struct CampaignReportTests {
    @Test("three years of contacts: the known uplift is recovered, stored, and reported in the contract JSON and plain words")
    func endToEnd() async throws {
        try await HorizonLock.run {
            try await effectsFixtureDatabase { store, configuration in
                try await EffectsFixture.load(store: store, configuration: configuration)
                let pool = store.pool
                let before = try await CampaignReport.load(.init(), pool: pool)
                #expect(before.campaigns.isEmpty)
                #expect(before.messages.contains { $0.contains("not been computed yet") && $0.contains("project run --until-caught-up") })

                let refitter = effectsFixtureRefitter(configuration)
                let outcome = try await refitter.refitNow()
                let shortFits: Set = ["effects-short/all", "effects-short/chat", "effects-short/phone"]
                #expect(Set(outcome.refitted) == shortFits.union(["1712/all", "1712/chat", "1712/phone"]))
                #expect(Set(outcome.failed) == shortFits)

                // The campaign with an effect: positive, significant, and its interval covers the true extra contacts.
                let truth = EffectsFixture.scenario.trueUplift()
                let spring = try #require(try await effectsFixtureRow(EffectsFixture.spring, helpline: "1712", pool: pool))
                let low = try #require(spring.low)
                let high = try #require(spring.high)
                #expect(try #require(spring.uplift) > 0)
                #expect(low <= truth[0] && truth[0] <= high, "true \(truth[0]) outside [\(low), \(high)]")
                #expect(spring.significant)
                #expect(spring.costPerContact != nil)

                // No effect: the interval reaches zero, so no cost per extra contact, and a warning says why.
                let null = try #require(try await effectsFixtureRow(EffectsFixture.null, helpline: "1712", pool: pool))
                #expect(try #require(null.low) <= 0)
                #expect(null.costPerContact == nil)
                #expect(null.warnings.contains { $0.contains("cost per extra contact not estimable") })

                // Running: evaluated up to the last day of data; no cost recorded.
                let running = try #require(try await effectsFixtureRow(EffectsFixture.running, helpline: "1712", pool: pool))
                #expect(running.running && running.windowEnd == EffectsFixture.series.end.description)
                #expect(running.warnings.contains { $0.contains("still running") })
                #expect(running.warnings.contains { $0.contains("no cost recorded") })

                // Too little data: the fit's error is stored and shown, not thrown.
                let fitError = try await pool.query(
                    "SELECT error_code, error FROM rm.campaign_effect_fits WHERE helpline = 'effects-short' AND channel = 'all'")
                #expect(try fitError[0].decode(String?.self, at: 0) == "insufficient_data")
                let short = try #require(
                    try await effectsFixtureRow(EffectsFixture.shortCampaign, helpline: EffectsFixture.shortHelpline, pool: pool))
                #expect(short.uplift == nil && short.costPerContact == nil)
                #expect(short.warnings.contains { $0.contains("too little data") })

                // The report: JSON with exactly the contract's keys, nulls where not estimable.
                let report = try await CampaignReport.load(.init(channel: "all"), pool: pool)
                #expect(report.messages.isEmpty, "\(report.messages)")
                // The report shows what the dashboard and an analyst read: analytics.campaign_effects, rounded there.
                for campaign in report.campaigns {
                    let view = try await pool.query(
                        """
                        SELECT uplift_contacts, uplift_low, uplift_high, expected_contacts, cost_per_extra_contact_eur
                          FROM analytics.campaign_effects
                         WHERE campaign_id = \(campaign.id) AND helpline = \(campaign.helpline) AND channel = \(campaign.channel)
                        """)
                    #expect(try view[0].decode(Double?.self, at: 0) == campaign.upliftContacts)
                    #expect(try view[0].decode(Double?.self, at: 1) == campaign.upliftLow)
                    #expect(try view[0].decode(Double?.self, at: 2) == campaign.upliftHigh)
                    #expect(try view[0].decode(Double?.self, at: 3) == campaign.expectedContacts)
                    #expect(try view[0].decode(Double?.self, at: 4) == campaign.costPerExtraContactEur)
                }
                let json = try #require(
                    try JSONSerialization.jsonObject(with: Data(try report.rendered(as: .json).utf8)) as? [String: Any])
                #expect(Set(json.keys) == EffectsFixture.reportKeys)
                let model = try #require(json["model"] as? [String: Any])
                #expect(Set(model.keys) == EffectsFixture.modelKeys)
                #expect(model["family"] as? String == "negative_binomial")
                #expect(Set(try #require(json["checks"] as? [String: Any]).keys) == EffectsFixture.checksKeys)
                let campaigns = try #require(json["campaigns"] as? [[String: Any]])
                #expect(campaigns.count == 4)
                for c in campaigns { #expect(Set(c.keys) == EffectsFixture.campaignKeys, "\(c["id"] ?? "?")") }
                func campaign(_ id: String) throws -> [String: Any] { try #require(campaigns.first { $0["id"] as? String == id }) }
                let springJSON = try campaign(EffectsFixture.spring)
                #expect(springJSON["costEur"] as? Double == 25_000)
                #expect(springJSON["start"] as? String == "2022-03-01" && springJSON["end"] as? String == "2022-04-30")
                #expect(springJSON["significant"] as? Bool == true)
                let uplift = try #require(springJSON["upliftContacts"] as? Double)
                #expect(uplift == (uplift * 10).rounded() / 10)
                // Every fixture contact is answered: the extra demand was answered in full, nothing left unanswered.
                #expect(springJSON["baselineAnswerRate"] as? Double == 1)
                let answered = try #require(springJSON["extraAnsweredContacts"] as? Double)
                let unanswered = try #require(springJSON["extraUnansweredContacts"] as? Double)
                let answeredLow = try #require(springJSON["extraAnsweredLow"] as? Double)
                #expect(abs(answered - uplift) < 0.11 && abs(unanswered) < 0.11)
                #expect(answeredLow < answered)
                let nullJSON = try campaign(EffectsFixture.null)
                #expect(nullJSON["costPerExtraContactEur"] is NSNull && nullJSON["costPerExtraContactLowEur"] is NSNull)
                #expect(nullJSON["costPerExtraContactHighEur"] is NSNull)
                #expect((nullJSON["warnings"] as? [String])?.isEmpty == false)
                let runningJSON = try campaign(EffectsFixture.running)
                #expect(runningJSON["costEur"] is NSNull && runningJSON["costPerExtraContactEur"] is NSNull)
                let shortJSON = try campaign(EffectsFixture.shortCampaign)
                #expect(shortJSON["upliftContacts"] is NSNull && shortJSON["observedContacts"] is NSNull)
                #expect(shortJSON["carryOverHalfLifeDays"] is NSNull)

                // Markdown: the parliamentary answer, in plain words.
                let markdown = try report.rendered(as: .markdown)
                let springRow = try #require(report.campaigns.first { $0.id == EffectsFixture.spring })
                let sentence = CampaignReport.evaluationSentence(springRow)
                #expect(
                    sentence.wholeMatch(
                        of: /about [0-9,]+ extra contacts \([0-9,]+–[0-9,]+\), \+[0-9]+%, EUR [0-9,]+ per extra contact \(EUR [0-9,]+–[0-9,]+\)/)
                        != nil, "\(sentence)")
                #expect(markdown.contains(sentence))
                #expect(markdown.contains("## Spring for 1712 (`effects-spring`)"))
                #expect(markdown.contains("EUR 25,000.00 (media buying: EUR 20,000.00; production: EUR 5,000.00)"))
                #expect(markdown.contains("bus_tram (Vlaanderen), radio"))
                #expect(markdown.contains("58,000 (reach, Instagram)"))
                #expect(markdown.contains("general public, young people"))
                #expect(markdown.contains("**Next steps:** Repeat in spring 2024 with a chat-focused message."))
                #expect(markdown.contains("2022-03-01 to 2022-04-30 (61 days)"))
                #expect(markdown.contains("not possible: too little data"))
                #expect(markdown.contains("still running"))
                #expect(markdown.contains("were answered") && markdown.contains("went unanswered"))
                #expect(markdown.contains("Other baselines") && markdown.contains("linear trend: about"))
                #expect(markdown.contains("Day-to-day correlation left in the data: lag-1"))
                let springSensitivity = try #require(springJSON["sensitivity"] as? [[String: Any]])
                #expect(springSensitivity.contains { $0["specification"] as? String == "linear trend" && $0["upliftContacts"] is Double })
                #expect(model["residualAutocorrelationLag1"] is Double && model["varianceInflation28Days"] is Double)

                // CSV and table render every row.
                #expect(try report.rendered(as: .csv).split(separator: "\n").count == 5)
                #expect(try report.rendered(as: .table).contains(EffectsFixture.spring))

                // Filters.
                let one = try await CampaignReport.load(.init(campaign: EffectsFixture.spring), pool: pool)
                #expect(Set(one.campaigns.map(\.channel)) == ["all", "phone", "chat"])
                #expect(one.campaigns.first?.channel == "all")
                let phone = try await CampaignReport.load(.init(helpline: "1712", channel: "phone"), pool: pool)
                #expect(phone.campaigns.count == 3 && phone.campaigns.allSatisfy { $0.channel == "phone" })
                #expect(CampaignReport.evaluationSentence(try #require(phone.campaigns.first)).contains("extra calls"))
                let unknown = try await CampaignReport.load(.init(campaign: "no-such-campaign"), pool: pool)
                #expect(unknown.messages == ["campaign no-such-campaign: no such campaign"])

                // Nothing changed: nothing is refitted.
                let fittedAt = try await effectsFixtureFittedAt(pool)
                let again = try await refitter.refitNow()
                #expect(again.refitted.isEmpty && again.unchanged == 6)
                #expect(try await effectsFixtureFittedAt(pool) == fittedAt)

                // New contacts for one helpline: only its fits are redone.
                _ = try await ContactImporter(pool: pool, logger: TestDatabase.logger).importCSV(
                    from: InMemoryChunkSource(
                        EffectsFixture.csv(
                            helpline: EffectsFixture.shortHelpline, start: EffectsFixture.shortStart.adding(days: 40), counts: [20, 21, 19],
                            idPrefix: "more")))
                try await effectsFixtureCatchUp(configuration)
                #expect(try await CampaignReport.load(.init(), pool: pool).messages.contains { $0.contains("changed after") })
                let third = try await refitter.refitNow()
                #expect(Set(third.refitted) == shortFits && third.unchanged == 3)
                let after = try await effectsFixtureFittedAt(pool)
                #expect(after["1712/all"] == fittedAt["1712/all"])
                #expect(after["effects-short/all"] != fittedAt["effects-short/all"])
            }
        }
    }

    @Test("the refitter service wakes on new events but refits at most once per minimum interval")
    func serviceDebounces() async throws {
        try await effectsFixtureDatabase { store, configuration in
            let importer = ContactImporter(pool: store.pool, logger: TestDatabase.logger)
            func addDays(_ from: Int, _ count: Int) async throws {
                _ = try await importer.importCSV(
                    from: InMemoryChunkSource(
                        EffectsFixture.csv(
                            helpline: EffectsFixture.shortHelpline, start: EffectsFixture.shortStart.adding(days: from),
                            counts: Array(EffectsFixture.shortCounts[0..<count]), idPrefix: "d\(from)")))
                try await effectsFixtureCatchUp(configuration)
            }
            try await addDays(0, 30)
            _ = try await CampaignRecorder(store: store).importFile(json: Array(EffectsFixture.campaignsJSON.utf8))
            try await effectsFixtureCatchUp(configuration)

            let refitter = effectsFixtureRefitter(configuration, minimumInterval: .seconds(3))
            let service = Task { try await refitter.run() }
            defer { service.cancel() }
            func waitForFit(after previous: Date?) async throws -> Date {
                for _ in 0..<300 {
                    if let at = try await effectsFixtureFittedAt(store.pool)["effects-short/all"], at != previous { return at }
                    try await Task.sleep(for: .milliseconds(50))
                }
                throw TestDatabaseError("no refit within 15 s")
            }
            let first = try await waitForFit(after: nil)
            try await addDays(30, 5)
            let second = try await waitForFit(after: first)
            #expect(second.timeIntervalSince(first) >= 2.9, "refitted after \(second.timeIntervalSince(first)) s")
            let error = try await store.pool.query("SELECT error FROM rm.campaign_effect_fits WHERE helpline = 'effects-short' AND channel = 'all'")
            #expect(try error[0].decode(String?.self, at: 0)?.contains("35 days") == true)
            service.cancel()
            _ = await service.result
        }
    }

    @Test("a fit of five years with ten campaigns is fast")
    func fitTime() async throws {
        try await effectsFixtureDatabase { store, configuration in
            let start = LocalDay(year: 2019, month: 1, day: 7)!
            let days = 1827
            let campaigns = (0..<10).map { j in
                SyntheticCampaign(
                    window: CampaignWindow(id: "perf-\(j)", start: start.adding(days: 400 + j * 135), end: start.adding(days: 400 + j * 135 + 34)),
                    gamma: 0.1 + 0.02 * Double(j), lambda: j % 3 == 0 ? 0.6 : 0)
            }
            let scenario = SyntheticScenario(
                start: start, days: days, level: 30, trendPerYear: 0.04, dayOfWeek: [-0.03, -0.06, -0.08, -0.15, -0.4, -0.5],
                fourier: [(0.1, 0.06), (-0.03, 0.02)], holiday: -0.3, alpha: 0.04, campaigns: campaigns)
            let series = scenario.simulate(seed: 5)
            // Straight into the read models: this measures the refit, not the import.
            try await store.pool.execute(
                """
                INSERT INTO rm.daily_contact_counts (helpline, channel, local_date, contact_type, received)
                SELECT 'perf', 'phone', \(start.description)::date + i::int - 1, 'counselling', n
                  FROM unnest(\(series.counts.map { Int($0) })::bigint[]) WITH ORDINALITY AS t(n, i) WHERE n > 0
                """)
            for c in campaigns {
                try await store.pool.execute(
                    """
                    INSERT INTO rm.campaigns (campaign_id, name, helplines, window_start, window_end)
                    VALUES (\(c.window.id), \(c.window.id), '{perf}', \(c.window.start.description)::date, \(c.window.end.description)::date)
                    """)
            }
            let outcome = try await effectsFixtureRefitter(configuration).refitNow()
            #expect(outcome.failed.isEmpty)
            let seconds = try #require(outcome.fitSeconds["perf/all"])
            print("campaign effects: 5 years x 10 campaigns: fit \(String(format: "%.3f", seconds)) s, whole refit of 2 fits \(outcome)")
            #if !DEBUG
                #expect(seconds < 1)
            #endif
            let stored = try await store.pool.query(
                "SELECT count(*) FROM rm.campaign_effects WHERE helpline = 'perf' AND uplift_contacts IS NOT NULL")
            #expect(try stored[0].decode(Int.self, at: 0) == 20)
        }
    }
}
