import Foundation
import Hummingbird

/// An RFC 9457 problem: every 4xx/5xx of the API is `application/problem+json` with a specific `detail`.
public struct Problem: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    /// Short, stable, human-readable summary of the problem type.
    public var title: String
    /// What exactly was wrong with this request (which field, which rule).
    public var detail: String
    /// Field-level problems, for validation errors.
    public var errors: [FieldProblem]
    public var headers: HTTPFields

    public struct FieldProblem: Sendable, Equatable, Encodable {
        public var field: String
        public var message: String
    }

    public init(_ status: HTTPResponse.Status, _ title: String, detail: String, errors: [FieldProblem] = [], headers: HTTPFields = [:]) {
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    static func badRequest(_ detail: String, errors: [FieldProblem] = []) -> Problem {
        Problem(.badRequest, "Invalid request", detail: detail, errors: errors)
    }

    static func notFound(_ detail: String) -> Problem { Problem(.notFound, "Not found", detail: detail) }

    static func unauthorized(_ detail: String) -> Problem {
        Problem(.unauthorized, "Authentication required", detail: detail, headers: [.wwwAuthenticate: "Bearer realm=\"helpline-stats\""])
    }

    static func forbidden(_ detail: String) -> Problem { Problem(.forbidden, "Insufficient scope", detail: detail) }

    static func conflict(_ detail: String) -> Problem { Problem(.conflict, "Conflict", detail: detail) }

    struct Body: Encodable {
        let type: String
        let title: String
        let status: Int
        let detail: String
        let errors: [FieldProblem]?
    }

    /// The problem+json response.
    func response() -> Response {
        let body = Body(
            type: "about:blank", title: title, status: Int(status.code), detail: detail, errors: errors.isEmpty ? nil : errors)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(body)) ?? Data("{\"title\":\"Error\"}".utf8)
        var fields = headers
        fields[.contentType] = "application/problem+json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
