import HelplineDomain
import Hummingbird
import Logging
import Postgres
import ServiceLifecycle

/// Builds the HTTP API: routes, middleware, scopes.
public enum APIApplication {
    /// The router with every route. `/health` and (when public) `/` are anonymous; everything else needs a
    /// bearer token with the route's scope.
    public static func buildRouter(_ services: APIServices) -> Router<AppRequestContext> {
        let router = Router(context: AppRequestContext.self)
        router.add(
            middleware: ProblemMiddleware(retryAfterSeconds: services.configuration.retryAfterSeconds, bodyLimit: services.configuration.bodyLimit))
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: LogRequestsMiddleware(.debug))

        let health = HealthRoutes(services: services)
        router.get("health", use: health.health)

        let events = EventsRoutes(services: services)
        let campaigns = CampaignRoutes(services: services)
        let baselineEvents = BaselineEventRoutes(services: services)
        let reports = ReportRoutes(services: services)
        let ingest = TokenAuthMiddleware(tokens: services.tokens, scope: .ingest)
        let read = TokenAuthMiddleware(tokens: services.tokens, scope: .read)

        router.group("v1").add(middleware: ingest)
            .post("events", use: events.post)
            .post("campaigns", use: campaigns.create)
            .post("campaigns/:id/channels") { try await campaigns.record(.campaignChannelAdded, $0, context: $1) }
            .post("campaigns/:id/start") { try await campaigns.record(.campaignStarted, $0, context: $1) }
            .post("campaigns/:id/stop") { try await campaigns.record(.campaignStopped, $0, context: $1) }
            .post("campaigns/:id/costs") { try await campaigns.record(.campaignCostRecorded, $0, context: $1) }
            .post("campaigns/:id/reach") { try await campaigns.record(.campaignReachRecorded, $0, context: $1) }
            .post("campaigns/:id/notes") { try await campaigns.record(.campaignNoteRecorded, $0, context: $1) }
            .post("campaigns/:id/corrections") { try await campaigns.record(.campaignCorrected, $0, context: $1) }
            .post("campaigns/:id/cancel") { try await campaigns.record(.campaignCancelled, $0, context: $1) }
            .put("baseline-events/:id", use: baselineEvents.record)
            .post("baseline-events/:id/withdraw", use: baselineEvents.withdraw)
        router.group("v1").add(middleware: read)
            .get("campaigns", use: campaigns.list)
            .get("campaigns/:id", use: campaigns.get)
            .get("baseline-events", use: baselineEvents.list)
        // The reports and the dashboard also serve a `public` token, with public figures only (docs/DISCLOSURE.md).
        let readOrPublic = TokenAuthMiddleware(tokens: services.tokens, scope: .read, orScope: .public)
        router.group("v1").add(middleware: readOrPublic)
            .get("reports/monthly", use: reports.monthly)
            .get("reports/campaigns", use: reports.campaigns)
        router.group().add(middleware: read)
            .get("metrics", use: health.metrics)
        router.group("v1").add(middleware: read)
            .get("health", use: health.details)
        let dashboard = DashboardRoute(services: services)
        router.group()
            .add(
                middleware: TokenAuthMiddleware(
                    tokens: services.tokens, scope: .read, allowAnonymous: services.configuration.publicDashboard, orScope: .public)
            )
            .get("/", use: dashboard.page)
        router.group().add(middleware: TokenAuthMiddleware(tokens: services.tokens, scope: nil))
            .get("openapi.yaml") { _, _ in JSONResponse.text(OpenAPIDocument.yaml, contentType: "application/yaml") }
        return router
    }

    /// The application: the server plus `services` (projection workers, …) in one `ServiceGroup`. The pool
    /// closes after the server and the workers have stopped.
    public static func build(
        _ services: APIServices, workers: [any Service] = [], logger: Logger,
        onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: buildRouter(services),
            configuration: .init(address: .hostname(services.configuration.host, port: services.configuration.port), serverName: "helpline-stats"),
            services: [PoolService(pool: services.pool)] + workers,
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? services.configuration.port) },
            logger: logger)
    }
}

/// Closes the pool when the service group shuts down (after the services listed after it have stopped).
struct PoolService: Service {
    let pool: PostgresPool
    func run() async throws {
        try? await gracefulShutdown()
        await pool.close()
    }
}
