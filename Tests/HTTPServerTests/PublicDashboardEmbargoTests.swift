import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Testing

/// No live public figures: the anonymous dashboard ends at the last month out of its embargo, whatever `to` asks for;
/// a reader with a token sees the current month.
@Suite("Public dashboard: embargo")
struct PublicDashboardEmbargoTests {
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    @Test("an anonymous page shows an old month and not the current one, even with ?to= in the future; a read token shows both")
    func currentMonthIsNotPublic() async throws {
        try await withAPI(configure: { $0.publicDashboard = true }) { client, tokens, _, configuration in
            let yesterday = Date().addingTimeInterval(-86_400)
            let stamp = ISO8601DateFormatter().string(from: yesterday)
            let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: yesterday)
            let recent = "\(Self.monthNames[parts.month! - 1]) \(parts.year!)"
            for n in 0..<12 {
                for at in ["2023-03-02T09:15:00Z", stamp] {
                    let response = try await client.execute(
                        uri: "/v1/events", method: .post, headers: jsonHeaders(tokens.ingest),
                        body: json(receivedEvent(contact: "e\(n)-\(at.prefix(7))", at: at)))
                    #expect(response.status == .created)
                }
            }
            try await catchUpProjections(configuration)
            for uri in ["/", "/?to=2099-12", "/?from=2023-01&to=2099-12"] {
                let anonymous = String(buffer: try await client.execute(uri: uri, method: .get).body)
                #expect(anonymous.contains("Mar 2023"), "\(uri)")
                #expect(!anonymous.contains(recent), "\(uri) shows \(recent) to anyone")
            }
            let withToken = String(buffer: try await client.execute(uri: "/", method: .get, headers: bearer(tokens.read)).body)
            #expect(withToken.contains("Mar 2023") && withToken.contains(recent))
        }
    }
}
