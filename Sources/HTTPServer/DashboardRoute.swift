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
        let data: DashboardData
        if publicMode {
            // Released months only: the current month and any month still in its embargo are never public.
            let figures = try await PublicFigures.load(pool: services.pool, helpline: query["helpline"], from: query["from"], to: query["to"])
            let campaigns = try await DashboardData.loadCampaigns(
                pool: services.pool, helpline: query["helpline"], from: query["from"], to: min(query["to"] ?? "9999-12", figures.lastPublishableMonth)
            )
            data = DashboardData(
                publication: figures, campaigns: campaigns, from: query["from"], to: query["to"].map { min($0, figures.lastPublishableMonth) })
        } else {
            data = try await DashboardData.load(pool: services.pool, helpline: query["helpline"], from: query["from"], to: query["to"])
        }
        let html = DashboardPage.render(data, options: DashboardOptions(publicMode: publicMode))
        var response = JSONResponse.text(html, contentType: "text/html; charset=utf-8")
        response.headers[.cacheControl] = publicMode ? "public, max-age=300" : "private, no-store"
        return response
    }
}
