import Attribution
import EventStore
import Foundation
import Postgres
import PostgresTestSupport
import Testing

@testable import Projections

/// A refit that takes long must not store a stale result: it stops writing once its leadership is gone, and every
/// write is a compare-and-set against what it started from. A new day changes its input without any event.
@Suite("Campaign-effects refits never store a stale fit as current")
struct RefitterWriteGuardTests {
    /// A campaign for `helpline` with no contacts: its fit is quick ("no contacts recorded") but is still a fit to write.
    private func insertCampaign(_ id: String, helpline: String, on pool: PostgresPool) async throws {
        try await pool.execute(
            """
            INSERT INTO rm.campaigns (campaign_id, name, helplines, window_start, window_end)
            VALUES (\(id), \(id), ARRAY[\(helpline)], DATE '2024-03-01', DATE '2024-03-31')
            """)
    }

    private func count(_ table: String, _ pool: PostgresPool) async throws -> Int {
        try await pool.query("SELECT count(*)::int FROM \(unescaped: table)")[0].decode(Int.self, at: 0)
    }

    @Test("saving the source is a compare-and-set against the source the refit started from")
    func saveSourceComparesAndSets() async throws {
        try await effectsFixtureDatabase { store, _ in
            try await store.pool.withConnection { (c: PostgresConnection) async throws in
                #expect(try await CampaignEffectsStore.saveSource("first", expected: nil, on: c))
                #expect(try await !CampaignEffectsStore.saveSource("stale", expected: nil, on: c), "another refit saved meanwhile")
                #expect(try await CampaignEffectsStore.saveSource("second", expected: "first", on: c))
                #expect(try await CampaignEffectsInputs.storedSource(on: c) == "second")
            }
        }
    }

    @Test("a fit is not written over a newer one stored while it ran")
    func replaceKeepsTheNewerFit() async throws {
        try await effectsFixtureDatabase { store, _ in
            try await insertCampaign("guard-a", helpline: "guard-line", on: store.pool)
            try await store.pool.withConnection { (c: PostgresConnection) async throws in
                let inputs = try await CampaignEffectsInputs.load(options: AttributionOptions(), on: c)
                let input = try #require(inputs.first)
                let result = CampaignEffectsRefitter.fitNow(input, options: AttributionOptions())
                #expect(try await CampaignEffectsStore.replace(result, expected: nil, on: c))
                var older = result
                older.input.fingerprint = "an older input"
                #expect(try await !CampaignEffectsStore.replace(older, expected: nil, on: c), "started before the first was stored")
                let stored = try await CampaignEffectsStore.storedFingerprints(on: c)
                #expect(stored[input.key] == input.fingerprint)
                #expect(try await CampaignEffectsStore.replace(older, expected: input.fingerprint, on: c))
            }
        }
    }

    @Test("a refit whose leadership is lost before it writes stores nothing")
    func lostLeadershipStopsTheWrites() async throws {
        try await effectsFixtureDatabase { store, configuration in
            try await insertCampaign("guard-b", helpline: "guard-line", on: store.pool)
            struct Lost: Error {}
            _ = try await store.pool.withConnection { (c: PostgresConnection) async throws in
                await #expect(throws: Lost.self) {
                    try await effectsFixtureRefitter(configuration).refit(force: true, on: c) { throw Lost() }
                }
            }
            #expect(try await count("rm.campaign_effect_fits", store.pool) == 0)
            #expect(try await count("rm.campaign_effects_state", store.pool) == 0)
            // Leading, the same refit writes the fit and its source.
            let outcome = try await store.pool.withConnection { (c: PostgresConnection) async throws in
                try await effectsFixtureRefitter(configuration).refit(force: true, on: c) {}
            }
            #expect(outcome.refitted == ["guard-line/all"])
            #expect(try await count("rm.campaign_effect_fits", store.pool) == 1)
            #expect(try await count("rm.campaign_effects_state", store.pool) == 1)
        }
    }

    @Test("the source changes when a new day is complete, although no event arrived")
    func sourceNamesTheLastCompleteDay() async throws {
        try await effectsFixtureDatabase { store, _ in
            try await insertCampaign("guard-c", helpline: "guard-line", on: store.pool)
            try await store.pool.withConnection { (c: PostgresConnection) async throws in
                let now = Date()
                let today = try await CampaignEffectsInputs.source(on: c, at: now)
                let tomorrow = try await CampaignEffectsInputs.source(on: c, at: now.addingTimeInterval(86_400))
                #expect(today != tomorrow)
                #expect(try await CampaignEffectsInputs.source(on: c) == today, "the current time by default")
                #expect(today.contains("guard-line@"))
            }
        }
    }
}
