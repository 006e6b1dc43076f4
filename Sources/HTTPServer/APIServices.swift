import EventStore
import Ingest
import Logging
import Postgres

/// What the routes need, built once per process.
public struct APIServices: Sendable {
    public let pool: PostgresPool
    public let store: EventStore
    public let tokens: TokenStore
    public let configuration: ServerConfiguration
    public let metrics: APIMetrics
    public let logger: Logger

    public init(pool: PostgresPool, configuration: ServerConfiguration, logger: Logger) {
        self.pool = pool
        self.store = EventStore(pool: pool, logger: logger)
        self.tokens = TokenStore(pool: pool, cacheSeconds: configuration.tokenCacheSeconds)
        self.configuration = configuration
        self.metrics = APIMetrics.shared
        self.logger = logger
    }

    var campaigns: CampaignRecorder { CampaignRecorder(store: store) }
    var baselineEvents: BaselineEventRecorder { BaselineEventRecorder(store: store) }
}
