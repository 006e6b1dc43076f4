import EventStore
import Foundation
import HelplineDomain
import Postgres

extension EventStore {
    /// The stored type, canonical data, stream and position of the events with these ids: a recorder compares a
    /// repeated command with what is stored by content, whatever time it was recorded at.
    func storedContent(ids: [UUID]) async throws -> [UUID: (type: String, data: String, stream: String, position: Int64)] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await pool.query(
            "SELECT event_id, event_type, data::text, stream_id, global_position FROM es.events WHERE event_id = ANY(\(ids)::uuid[])")
        var stored: [UUID: (type: String, data: String, stream: String, position: Int64)] = [:]
        for row in rows {
            stored[try row.decode(UUID.self, at: 0)] = (
                try row.decode(String.self, at: 1), try row.decode(String.self, at: 2), try row.decode(String.self, at: 3),
                try row.decode(Int64.self, at: 4)
            )
        }
        // Compare canonical JSON with canonical JSON: re-serialise the stored jsonb the domain's way.
        return try stored.mapValues { value in
            let canonical = try HelplineDomain.CanonicalJSON.string(HelplineDomain.JSONParser.parse(Array(value.data.utf8)))
            return (value.type, canonical, value.stream, value.position)
        }
    }
}
