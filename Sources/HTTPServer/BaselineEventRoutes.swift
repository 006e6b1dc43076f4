import EventStore
import Foundation
import HelplineDomain
import Hummingbird
import Ingest
import Postgres

/// Baseline-event endpoints, equivalent to `helpline-stats baseline-event`: ids are derived from the content, so a
/// retried request changes nothing.
struct BaselineEventRoutes {
    let services: APIServices

    struct Written: Encodable {
        let baselineEventId: String
        let written: Int
        let alreadyPresent: Int
    }

    struct Listed: Encodable {
        let id: String
        let kind: String
        let start: String
        let end: String?
        let helplines: [String]
        let channels: [String]
        let label: String
        let withdrawn: Bool
    }

    /// `PUT /v1/baseline-events/{id}`: the body is the `BaselineEventRecorded` data object; other content for the same
    /// id corrects it.
    func record(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let body = try await JSONBody.read(request, limit: services.configuration.bodyLimit)
        let now = Date()
        let envelope: JSONValue = .object([
            ("eventId", .string(UUID().uuidString)), ("type", .string(EventType.baselineEventRecorded.rawValue)), ("schemaVersion", .integer(1)),
            ("occurredAt", .string(Timestamp(now).description)), ("source", .string("api")), ("baselineEventId", .string(id)), ("data", body),
        ])
        let event: HelplineEvent
        do {
            event = try HelplineEvent.decode(envelope, now: now)
        } catch {
            throw ValidationError(
                issues: error.issues.map { ValidationIssue(field: CampaignRoutes.strip($0.field, prefix: "data"), message: $0.message) })
        }
        guard case .baseline(_, .recorded(let data)) = event.body else { throw Problem.badRequest("not a baseline event") }
        let outcome = try await services.baselineEvents.record(id: id, data, source: "api", now: now)
        return try JSONResponse.make(
            Written(baselineEventId: id, written: outcome.written, alreadyPresent: outcome.alreadyPresent),
            status: outcome.written > 0 ? .created : .ok)
    }

    /// `POST /v1/baseline-events/{id}/withdraw`: no body.
    func withdraw(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard ValidationRules.isValidIdentifier(id) else {
            throw ValidationError(field: "id", message: "must be at most 64 characters of [A-Za-z0-9._:-]")
        }
        do {
            let outcome = try await services.baselineEvents.withdraw(id: id, source: "api")
            return try JSONResponse.make(
                Written(baselineEventId: id, written: outcome.written, alreadyPresent: outcome.alreadyPresent),
                status: outcome.written > 0 ? .created : .ok)
        } catch let error as BaselineEventError {
            throw Problem.notFound(error.description)
        }
    }

    /// `GET /v1/baseline-events`
    func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        let rows = try await services.pool.query(
            """
            SELECT baseline_event_id, kind, start_date::text, end_date::text, helplines, channels, label, withdrawn
              FROM rm.baseline_events ORDER BY start_date, baseline_event_id
            """)
        let events = try rows.map { r in
            Listed(
                id: try r.decode(String.self, at: 0), kind: try r.decode(String.self, at: 1), start: try r.decode(String.self, at: 2),
                end: try r.decode(String?.self, at: 3), helplines: try r.decode([String].self, at: 4), channels: try r.decode([String].self, at: 5),
                label: try r.decode(String.self, at: 6), withdrawn: try r.decode(Bool.self, at: 7))
        }
        return try JSONResponse.make(["baselineEvents": events])
    }
}
