import Foundation
import Hummingbird
import Reports

/// `GET /v1/reports/monthly` and `/v1/reports/campaigns`: the same parameters and JSON as `helpline-stats report
/// monthly|campaigns`. With `public=true`, or for a token with the `public` scope only, the public reports
/// (`--public`, docs/DISCLOSURE.md).
struct ReportRoutes {
    let services: APIServices

    func monthly(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = try QueryParameters(request, allowed: ["from", "to", "month", "helpline", "channel", "public"])
        var from = query["from"]
        var to = query["to"]
        if let month = query["month"] {
            guard from == nil, to == nil else { throw Problem.badRequest("month cannot be combined with from or to") }
            from = month
            to = month
        }
        let filter = MonthlyReport.Filter(from: from, to: to, helpline: query["helpline"], channel: query["channel"])
        try filter.validate()
        if try PublicUse.isPublic(query, context: context) {
            return JSONResponse.text(
                try await PublicMonthlyReport.load(filter, pool: services.pool).rendered(as: .json), contentType: "application/json")
        }
        let report = try await MonthlyReport.load(filter, pool: services.pool)
        return JSONResponse.text(try report.rendered(as: .json), contentType: "application/json")
    }

    func campaigns(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = try QueryParameters(request, allowed: ["campaign", "helpline", "channel", "public"])
        let filter = CampaignReport.Filter(campaign: query["campaign"], helpline: query["helpline"], channel: query["channel"])
        if try PublicUse.isPublic(query, context: context) {
            return JSONResponse.text(
                try await PublicCampaignReport.load(filter, pool: services.pool).rendered(as: .json), contentType: "application/json")
        }
        let report = try await CampaignReport.load(filter, pool: services.pool)
        return JSONResponse.text(try report.rendered(as: .json), contentType: "application/json")
    }
}
