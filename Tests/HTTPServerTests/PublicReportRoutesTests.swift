import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Reports
import Testing

/// The API's public reports (docs/DISCLOSURE.md): `public=true` for a read token, always for a `public` token, and
/// the same bytes as `report monthly|campaigns --public` (one engine, one release).
@Suite("API: public reports and the public scope")
struct PublicReportRoutesTests {
    /// 120 phone calls and 4 chats to 1712 in March 2023.
    static func post(_ client: any TestClientProtocol, _ tokens: APITokens) async throws {
        var events: [String] = []
        for n in 0..<120 { events.append(receivedEvent(contact: "p\(n)")) }
        for n in 0..<4 {
            events.append(receivedEvent(contact: "c\(n)").replacingOccurrences(of: "\"channel\":\"phone\"", with: "\"channel\":\"chat\""))
        }
        let response = try await client.execute(
            uri: "/v1/events", method: .post, headers: jsonHeaders(tokens.ingest), body: json("[" + events.joined(separator: ",") + "]"))
        #expect(response.status == .created)
    }

    static func rows(_ response: TestResponse) throws -> [String: String] {
        let rows = try object(response)["rows"] as! [[String: Any]]
        return Dictionary(uniqueKeysWithValues: rows.map { ("\($0["month"]!)/\($0["channel"]!)", $0["shownAs"] as! String) })
    }

    @Test("public=true and a public token get the released table; the same bytes as the CLI's --public apart from generatedAt")
    func publicMonthly() async throws {
        try await withAPI { client, tokens, pool, configuration in
            try await Self.post(client, tokens)
            try await catchUpProjections(configuration)
            let publicToken = try await TokenStore(pool: pool).create(name: "website", scopes: [.public]).token
            let viaRead = try await client.execute(uri: "/v1/reports/monthly?helpline=1712&public=true", method: .get, headers: bearer(tokens.read))
            #expect(viaRead.status == .ok)
            #expect(try Self.rows(viaRead) == ["2023-03/chat": "<10", "2023-03/phone": "120", "2023-03/all": "x"])
            let viaPublic = try await client.execute(uri: "/v1/reports/monthly?helpline=1712", method: .get, headers: bearer(publicToken))
            #expect(try Self.rows(viaPublic) == Self.rows(viaRead), "a public token always gets the public table")
            let cli = try await PublicMonthlyReport.load(.init(helpline: "1712"), pool: pool).rendered(as: .json)
            func dropStamp(_ text: String) -> String {
                text.split(separator: "\n").filter { !$0.contains("\"generatedAt\"") }.joined(separator: "\n")
            }
            #expect(dropStamp(String(buffer: viaRead.body)) == dropStamp(cli))
            // The internal report shows the 4 chats to a read token.
            let internalRows = try object(
                try await client.execute(uri: "/v1/reports/monthly?helpline=1712", method: .get, headers: bearer(tokens.read)))
            #expect((internalRows["rows"] as! [[String: Any]]).contains { $0["channel"] as? String == "chat" && $0["contacts"] as? Int == 4 })
            let campaigns = try await client.execute(uri: "/v1/reports/campaigns", method: .get, headers: bearer(publicToken))
            let campaignReport = try object(campaigns)
            #expect(campaigns.status == .ok && campaignReport["embargoDays"] as? Int == 7)
        }
    }

    @Test("a public token reads the public reports and dashboard only: every other read route is 403; bad public= is 400")
    func publicScopeIsNarrow() async throws {
        try await withAPI { client, tokens, pool, configuration in
            try await Self.post(client, tokens)
            try await catchUpProjections(configuration)
            let publicToken = try await TokenStore(pool: pool).create(name: "website", scopes: [.public]).token
            for uri in ["/v1/campaigns", "/v1/baseline-events", "/metrics", "/v1/health"] {
                let response = try await client.execute(uri: uri, method: .get, headers: bearer(publicToken))
                #expect(response.status == .forbidden, "\(uri)")
            }
            let post = try await client.execute(
                uri: "/v1/events", method: .post, headers: jsonHeaders(publicToken), body: json(receivedEvent(contact: "x")))
            #expect(post.status == .forbidden)
            let page = String(buffer: try await client.execute(uri: "/", method: .get, headers: bearer(publicToken)).body)
            #expect(page.contains("To protect callers") && page.contains("&lt;10") && !page.contains("Internal view"))
            #expect(!page.contains(">4<"))
            let bad = try await client.execute(uri: "/v1/reports/monthly?public=yes", method: .get, headers: bearer(tokens.read))
            #expect(bad.status == .badRequest)
            let anonymous = try await client.execute(uri: "/v1/reports/monthly?public=true", method: .get)
            #expect(anonymous.status == .unauthorized)
            let readPage = String(buffer: try await client.execute(uri: "/?public=true", method: .get, headers: bearer(tokens.read)).body)
            #expect(readPage.contains("To protect callers"))
        }
    }
}
