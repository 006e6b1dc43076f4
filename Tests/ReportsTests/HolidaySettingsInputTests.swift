import Attribution
import EventStore
import Foundation
import HelplineDomain
import Ingest
import Postgres
import PostgresTestSupport
import Testing

@testable import Projections

@Suite("Holiday calendars per helpline in the refitter's inputs")
struct HolidaySettingsInputTests {
    @Test("default Belgian public and Flemish school holidays; a settings row chooses calendars; own dates are added; each change refits")
    func settings() async throws {
        // An import of 8,000 contacts is a transaction long enough to hold back other tests' catch-up readers.
        try await HorizonLock.run { try await settingsBody() }
    }

    func settingsBody() async throws {
        try await effectsFixtureDatabase { store, configuration in
            let pool = store.pool
            let counts = (0..<400).map { _ in 20.0 }
            _ = try await ContactImporter(pool: pool, logger: TestDatabase.logger).importCSV(
                from: InMemoryChunkSource(
                    EffectsFixture.csv(helpline: "1712", start: LocalDay(year: 2023, month: 1, day: 2)!, counts: counts, idPrefix: "h")))
            _ = try await CampaignRecorder(store: store).importFile(
                json: Array(
                    #"{"campaigns":[{"id":"c","name":"C","helplines":["1712"],"startedAt":"2023-05-01T00:00:00+02:00","stoppedAt":"2023-05-28T00:00:00+02:00"}]}"#
                        .utf8))
            try await effectsFixtureCatchUp(configuration)
            func all() async throws -> CampaignEffectsFitInput {
                try await pool.withConnection { c in try await CampaignEffectsInputs.load(options: .init(), on: c) }.first { $0.key == "1712/all" }!
            }
            let standard = try await all()
            #expect(standard.holidays.categories == [HolidayCalendar.publicHolidayCategory, HolidayCalendar.schoolHolidayCategory])
            #expect(standard.holidays.contains(LocalDay(year: 2023, month: 7, day: 15)!, category: HolidayCalendar.schoolHolidayCategory))

            try await pool.execute("INSERT INTO rm.helpline_settings (helpline, holiday_calendars) VALUES ('1712', '{belgium}')")
            let publicOnly = try await all()
            #expect(publicOnly.holidays.categories == [HolidayCalendar.publicHolidayCategory])
            #expect(publicOnly.fingerprint != standard.fingerprint, "a changed calendar refits")

            try await pool.execute(
                "INSERT INTO rm.helpline_holidays (helpline, date, name, category) VALUES ('1712', '2023-05-19', 'Bridge day', 'bridge day')")
            let own = try await all()
            #expect(own.holidays.categories == ["bridge day", HolidayCalendar.publicHolidayCategory])
            #expect(own.fingerprint != publicOnly.fingerprint)

            await #expect(throws: PostgresError.self) {
                try await pool.execute("UPDATE rm.helpline_settings SET holiday_calendars = '{belgium,wallonia_school}' WHERE helpline = '1712'")
            }
        }
    }
}
