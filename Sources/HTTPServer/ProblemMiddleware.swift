import EventStore
import Foundation
import HelplineDomain
import Hummingbird
import Ingest
import Logging
import Postgres
import Reports

/// Turns every error into `application/problem+json`: specific for the client's mistakes, generic (and logged)
/// for ours — never a stack trace or SQL text in a response. A database outage is 503 with `Retry-After`.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    let retryAfterSeconds: Int
    let bodyLimit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return problem(for: error, request: request, context: context).response()
        }
    }

    func problem(for error: any Error, request: Request, context: Context) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as HTTPError:
            switch error.status {
            case .notFound:
                return .notFound("no route for \(request.method) \(request.uri.path)")
            case .contentTooLarge:
                return Problem(.contentTooLarge, "Request body too large", detail: "the request body exceeds the limit of \(bodyLimit) bytes")
            case .methodNotAllowed:
                return Problem(.methodNotAllowed, "Method not allowed", detail: "\(request.method) is not allowed on \(request.uri.path)")
            default:
                return Problem(error.status, error.status.reasonPhrase, detail: error.body ?? error.status.reasonPhrase)
            }
        case let error as ValidationError:
            return .badRequest(
                "the request does not validate: "
                    + error.issues.prefix(3).map { "\($0.field.isEmpty ? "body" : $0.field): \($0.message)" }
                    .joined(separator: "; "),
                errors: error.issues.map { .init(field: $0.field.isEmpty ? "body" : $0.field, message: $0.message) })
        case let error as WrongExpectedVersion:
            return .conflict(error.description)
        case let error as EventIDConflict:
            return .conflict(error.description)
        case let error as InvalidAppend:
            return .badRequest(error.description)
        case let error as CampaignError:
            switch error {
            case .unknownCampaign: return .notFound(error.description)
            case .alreadyPlanned: return .conflict(error.description)
            }
        case let error as ReportError:
            return .badRequest(error.description)
        case let error as AppendContention:
            context.logger.warning("append still racing after retries: \(error)")
            return Problem(
                .serviceUnavailable, "Service unavailable",
                detail: "concurrent writes to the same streams kept colliding and nothing was stored; retry in \(retryAfterSeconds) seconds",
                headers: [.retryAfter: String(retryAfterSeconds)])
        case let error as PostgresError where error.isTransient:
            // Still racing after the store's own retries, or the database is short of resources: nothing was stored.
            context.logger.warning("database busy: \(error)")
            return Problem(
                .serviceUnavailable, "Service unavailable",
                detail: "the database is busy and nothing was stored; retry in \(retryAfterSeconds) seconds",
                headers: [.retryAfter: String(retryAfterSeconds)])
        case let error as PostgresError where error.isConnectionFailure || error.code == .poolTimeout:
            context.logger.warning("database unavailable: \(error)")
            return Problem(
                .serviceUnavailable, "Service unavailable",
                detail: "the database is unavailable; retry in \(retryAfterSeconds) seconds",
                headers: [.retryAfter: String(retryAfterSeconds)])
        default:
            context.logger.error("unhandled error on \(request.method) \(request.uri.path): \(error)")
            return Problem(.internalServerError, "Internal error", detail: "the server failed to handle the request; it has been logged")
        }
    }
}
