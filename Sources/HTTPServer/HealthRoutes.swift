import EventStore
import Foundation
import Hummingbird
import Postgres
import Projections
import Prometheus

/// `GET /health` (anonymous: up or down, nothing else), `GET /v1/health` (scope read: database and projection lag) and
/// `GET /metrics` (Prometheus text format). The anonymous answer says nothing of the projections: how far behind
/// they are moves with every contact, a signal about the helpline's traffic that is not public (docs/DISCLOSURE.md).
struct HealthRoutes {
    let services: APIServices

    struct Health: Encodable {
        struct Projection: Encodable {
            let name: String
            let eventsBehind: Int
            let secondsBehind: Double
            let failed: Bool
        }
        let status: String
        let database: String
        let projections: [Projection]
    }

    /// The anonymous probe: `{"status":"ok"}`, or 503 `{"status":"unavailable"}` with `Retry-After`.
    func health(_ request: Request, context: AppRequestContext) async throws -> Response {
        struct Probe: Encodable { let status: String }
        do {
            _ = try await services.pool.query("SELECT 1")
            return try JSONResponse.make(Probe(status: "ok"))
        } catch let error as PostgresError where error.isConnectionFailure || error.code == .poolTimeout || error.isTransient {
            var response = try JSONResponse.make(Probe(status: "unavailable"), status: .serviceUnavailable)
            response.headers[.retryAfter] = String(services.configuration.retryAfterSeconds)
            return response
        }
    }

    /// For operators (scope read): the database and every projection's lag.
    func details(_ request: Request, context: AppRequestContext) async throws -> Response {
        do {
            let statuses = try await ProjectionStatus.load(ProjectionCatalog.all, pool: services.pool)
            let projections = statuses.map {
                Health.Projection(
                    name: $0.name, eventsBehind: $0.eventsBehind, secondsBehind: ($0.secondsBehind * 10).rounded() / 10, failed: $0.failed)
            }
            let degraded = statuses.contains(where: \.failed)
            return try JSONResponse.make(Health(status: degraded ? "degraded" : "ok", database: "ok", projections: projections))
        } catch let error as PostgresError where error.isConnectionFailure || error.code == .poolTimeout {
            var response = try JSONResponse.make(Health(status: "unavailable", database: "unreachable", projections: []), status: .serviceUnavailable)
            response.headers[.retryAfter] = String(services.configuration.retryAfterSeconds)
            return response
        }
    }

    func metrics(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let statuses = try? await ProjectionStatus.load(ProjectionCatalog.all, pool: services.pool) {
            for s in statuses {
                services.metrics.recordProjection(
                    name: s.name, position: s.cursor.globalPosition, eventsBehind: s.eventsBehind, secondsBehind: s.secondsBehind, failed: s.failed)
            }
        }
        return JSONResponse.text(services.metrics.registry.emitToString(), contentType: "text/plain; version=0.0.4; charset=utf-8")
    }
}
