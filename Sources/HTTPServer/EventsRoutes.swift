import EventStore
import Foundation
import HelplineDomain
import Hummingbird
import Ingest
import Postgres
import Prometheus

/// `POST /v1/events`: one catalogue event, an array of them, or `{"events": [...], "expectedVersions": {stream: n}}`.
/// All-or-nothing per request; idempotent by event id (a retry returns 200 with the same positions).
struct EventsRoutes {
    let services: APIServices

    func post(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await JSONBody.read(request, limit: services.configuration.bodyLimit)
        var elements: [JSONValue]
        var expected: [String: ExpectedVersion] = [:]
        var prefix = ""
        switch body {
        case .array(let items):
            elements = items
        case .object(let members) where members.contains(where: { $0.key == "events" }):
            let wrapper = try JSONBody.object(body, allowed: ["events", "expectedVersions"], what: "the request")
            guard case .array(let items)? = wrapper["events"] else { throw Problem.badRequest("events must be an array of events") }
            elements = items
            prefix = "events"
            expected = try Self.expectedVersions(wrapper["expectedVersions"])
        default:
            elements = [body]
        }
        guard !elements.isEmpty else { throw Problem.badRequest("the request holds no events") }
        guard elements.count <= services.configuration.maxBatchEvents else {
            throw Problem.badRequest("a request may hold at most \(services.configuration.maxBatchEvents) events, got \(elements.count)")
        }
        let events: [HelplineEvent]
        if elements.count == 1 && prefix.isEmpty, case .object = body {
            events = [try HelplineEvent.decode(elements[0])]
        } else {
            events = try HelplineEvent.decode(elements: elements, pathPrefix: prefix)
        }
        let streams = Set(events.map(\.streamId))
        if let unknown = expected.keys.first(where: { !streams.contains($0) }) {
            throw Problem.badRequest("expectedVersions names stream \(unknown), which has no event in this request")
        }
        let appends = events.streamAppends { expected[$0] ?? .any }
        let result = try await services.store.appendBatch(appends)
        let written = events.count - result.alreadyStored
        services.metrics.eventsAppended.increment(by: Int64(written))
        services.metrics.eventsAlreadyStored.increment(by: Int64(result.alreadyStored))
        // Positions in request order (appendBatch returns them grouped by stream).
        let byID = Dictionary(uniqueKeysWithValues: result.positions.map { ($0.eventID, $0) })
        let positions = events.compactMap { byID[$0.eventId] }
        return JSONResponse.text(
            Self.resultJSON(written: written, alreadyStored: result.alreadyStored, positions: positions), contentType: "application/json",
            status: written > 0 ? .created : .ok)
    }

    /// The response, written directly (keys sorted, as `JSONResponse.make` writes them): JSONEncoder cost as much
    /// as the append itself for a batch of 100 (docs/PERFORMANCE.md).
    static func resultJSON(written: Int, alreadyStored: Int, positions: [EventPosition]) -> String {
        var out = "{\"alreadyStored\":\(alreadyStored),\"positions\":["
        out.reserveCapacity(64 + positions.count * 150)
        for (i, p) in positions.enumerated() {
            if i > 0 { out += "," }
            out += "{\"eventId\":\"\(p.eventID.lowercasedText)\",\"globalPosition\":\(p.globalPosition),\"streamId\":"
            CanonicalJSON.writeString(p.streamID, into: &out)
            out += ",\"streamPosition\":\(p.streamPosition)}"
        }
        out += "],\"written\":\(written)}"
        return out
    }

    static func expectedVersions(_ value: JSONValue?) throws -> [String: ExpectedVersion] {
        guard let value else { return [:] }
        guard case .object(let members) = value else { throw Problem.badRequest("expectedVersions must be an object {stream id: version}") }
        var result: [String: ExpectedVersion] = [:]
        for (stream, version) in members {
            guard case .integer(let n) = version, n >= 0 else {
                throw Problem.badRequest(
                    "expectedVersions.\(stream) must be an integer >= 0 (0 = the stream must not exist yet)",
                    errors: [.init(field: "expectedVersions.\(stream)", message: "must be an integer >= 0")])
            }
            result[stream] = n == 0 ? .noStream : .exact(Int(n))
        }
        return result
    }
}

/// JSON responses with stable key order.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(
            status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    static func text(_ text: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
