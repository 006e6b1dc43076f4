import Foundation

extension HelplineEvent {
    /// Checks every value rule of `docs/EVENTS.md` (identifiers, time window, durations, money,
    /// text lengths, date order). `now` defines "one day in the future".
    public func validate(now: Date = Date()) throws(ValidationError) {
        let issues = IssueCollector()
        validate(into: issues, path: "", now: Timestamp(now))
        try issues.throwIfAny()
    }

    func validate(into issues: IssueCollector, path: String, now: Timestamp) {
        let v = Validator(path: path, issues: issues, now: now)
        v.instant("occurredAt", occurredAt)
        v.identifier("source", source)
        switch body {
        case .contact(let helpline, let contactId, _):
            v.identifier("helpline", helpline)
            v.identifier("contactId", contactId)
        case .campaign(let campaignId, _):
            v.identifier("campaignId", campaignId)
        case .baseline(let id, _):
            v.identifier("baselineEventId", id)
        }
        payload.validate(v.nested("data"))
    }
}
