import Disclosure
import Foundation
import Hummingbird
import Reports

/// `GET /`: the dashboard. Anonymous only when the public dashboard is enabled, and then with small counts
/// suppressed; a request with a read token sees every figure.
struct DashboardRoute {
    let services: APIServices

    func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = try QueryParameters(request, allowed: ["helpline", "from", "to"])
        let publicMode = context.principal == nil
        // No live public figures: an anonymous page ends at the last month out of its embargo (docs/DISCLOSURE.md).
        var to = query["to"]
        if publicMode {
            let today = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date())
            to = services.configuration.embargo.clamp(to: to, today: (today.year!, today.month!, today.day!))
        }
        let data = try await DashboardData.load(pool: services.pool, helpline: query["helpline"], from: query["from"], to: to)
        let html = DashboardPage.render(data, options: DashboardOptions(publicMode: publicMode))
        var response = JSONResponse.text(html, contentType: "text/html; charset=utf-8")
        response.headers[.cacheControl] = publicMode ? "public, max-age=60" : "private, no-store"
        return response
    }
}
