import EventStore
import Foundation
import HelplineDomain
import Hummingbird
import Ingest
import Reports

/// Campaign endpoints, equivalent to the CLI: each write appends one event whose id is derived from its
/// content, so a retried request changes nothing.
struct CampaignRoutes {
    let services: APIServices

    struct Written: Encodable {
        let campaignId: String
        let written: Int
        let alreadyPresent: Int
    }

    /// `POST /v1/campaigns`: one campaign in the shape of an entry of the campaign import file.
    func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSONBody.read(request, limit: services.configuration.bodyLimit)
        guard case .object(let members) = body, case .string(let id)? = members.first(where: { $0.key == "id" })?.value else {
            throw Problem.badRequest("the body must be a campaign object with at least id, name and helplines")
        }
        let file = Data("{\"campaigns\":[".utf8) + Data(CanonicalJSON.string(body).utf8) + Data("]}".utf8)
        do {
            let outcome = try await services.campaigns.importFile(json: file)
            return try JSONResponse.make(
                Written(campaignId: id, written: outcome.written, alreadyPresent: outcome.alreadyPresent),
                status: outcome.written > 0 ? .created : .ok)
        } catch let error as ValidationError {
            throw ValidationError(
                issues: error.issues.map { ValidationIssue(field: Self.strip($0.field, prefix: "campaigns[0]"), message: $0.message) })
        }
    }

    /// `POST /v1/campaigns/{id}/<fact>`: the body is the event's data object (e.g. `{"startedAt": "…"}`).
    func record(_ type: EventType, _ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let body = try await JSONBody.read(request, limit: services.configuration.bodyLimit)
        let now = Date()
        let envelope: JSONValue = .object([
            ("eventId", .string(UUID().uuidString)), ("type", .string(type.rawValue)), ("schemaVersion", .integer(1)),
            ("occurredAt", .string(Timestamp(now).description)), ("source", .string("api")), ("campaignId", .string(id)), ("data", body),
        ])
        var event: HelplineEvent
        do {
            event = try HelplineEvent.decode(envelope, now: now)
        } catch {
            throw ValidationError(issues: error.issues.map { ValidationIssue(field: Self.strip($0.field, prefix: "data"), message: $0.message) })
        }
        guard case .campaign(_, let data) = event.body else { throw Problem.badRequest("not a campaign event") }
        event.eventId = data.eventID(campaignId: id)
        switch data {
        case .started(let s): event.occurredAt = s.startedAt
        case .stopped(let s): event.occurredAt = s.stoppedAt
        default: break
        }
        do {
            let outcome = try await services.campaigns.record(event, now: now)
            return try JSONResponse.make(
                Written(campaignId: id, written: outcome.written, alreadyPresent: outcome.alreadyPresent),
                status: outcome.written > 0 ? .created : .ok)
        } catch let conflict as EventIDConflict {
            throw Problem.conflict(
                "campaign \(id) already has a \(type.rawValue) with other details (event \(conflict.eventID.uuidString.lowercased())); "
                    + "record the change with POST /v1/campaigns/\(id)/corrections")
        }
    }

    /// `GET /v1/campaigns`
    func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        return try JSONResponse.make(["campaigns": try await CampaignOverview.load(pool: services.pool)])
    }

    /// `GET /v1/campaigns/{id}`
    func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let campaign = try await CampaignOverview.load(pool: services.pool, id: id).first else {
            throw Problem.notFound("no campaign \(id) (read models are updated by the projection workers within seconds of recording)")
        }
        return try JSONResponse.make(campaign)
    }

    static func strip(_ field: String, prefix: String) -> String {
        if field == prefix { return "body" }
        if field.hasPrefix(prefix + ".") { return String(field.dropFirst(prefix.count + 1)) }
        return field
    }
}
