import EventStore
import Foundation
import Postgres
import PostgresTestSupport
import Testing

@testable import Projections

@Suite("One campaign-effects refitter at a time")
struct RefitterLeadershipTests {
    @Test("refitNow refits nothing and says so while another refitter leads, and refits once it has stopped")
    func refitNowDefersToTheLeader() async throws {
        try await effectsFixtureDatabase { store, configuration in
            let leader = try await PostgresConnection.connect(configuration: configuration, logger: TestDatabase.logger)
            #expect(try await leader.query("SELECT pg_try_advisory_lock(hashtext('campaign_effects'))")[0].decode(Bool.self, at: 0))
            let deferred = try await effectsFixtureRefitter(configuration).refitNow()
            #expect(deferred.ledElsewhere && deferred.refitted.isEmpty)
            #expect(deferred.description.contains("leads the campaign effects"))
            let state = try await store.pool.query("SELECT count(*) FROM rm.campaign_effects_state")[0].decode(Int.self, at: 0)
            #expect(state == 0, "nothing was written")
            await leader.close()
            let own = try await effectsFixtureRefitter(configuration).refitNow()
            #expect(!own.ledElsewhere)
            let saved = try await store.pool.query("SELECT count(*) FROM rm.campaign_effects_state")[0].decode(Int.self, at: 0)
            #expect(saved == 1)
        }
    }
}
