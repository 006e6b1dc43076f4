import Foundation
import Hummingbird
import Reports

/// `GET /`: the dashboard. Anonymous (when the public dashboard is enabled), with a `public` token or with
/// `?public=true` it shows the released public figures only (docs/DISCLOSURE.md); a `read` token sees every figure.
struct DashboardRoute {
    let services: APIServices

    func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = try QueryParameters(request, allowed: ["helpline", "from", "to", "public"])
        let publicMode = try PublicUse.isPublic(query, context: context)
        // Public: released months only, so the current month and any month still in its embargo are never shown.
        let data =
            publicMode
            ? try await DashboardData.loadPublication(pool: services.pool, helpline: query["helpline"], from: query["from"], to: query["to"])
            : try await DashboardData.load(pool: services.pool, helpline: query["helpline"], from: query["from"], to: query["to"])
        let html = DashboardPage.render(data, options: DashboardOptions(publicMode: publicMode))
        var response = JSONResponse.text(html, contentType: "text/html; charset=utf-8")
        response.headers[.cacheControl] = publicMode ? "public, max-age=300" : "private, no-store"
        return response
    }
}
