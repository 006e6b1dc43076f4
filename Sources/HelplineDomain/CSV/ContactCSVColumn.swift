/// The columns of a contact CSV file (see `docs/EVENTS.md`, "Contact CSV import").
public enum ContactCSVColumn: String, CaseIterable, Sendable {
    case contactId = "contact_id"
    case helpline
    case channel
    case receivedAt = "received_at"
    case outcome
    case waitSeconds = "wait_seconds"
    case durationSeconds = "duration_seconds"
    case contactType = "contact_type"
    case contactorRole = "contactor_role"
    case ageBand = "age_band"
    case heardVia = "heard_via"

    /// Columns every file must have.
    public static let required: [ContactCSVColumn] = [.contactId, .helpline, .channel, .receivedAt]
}

/// What happened to a contact in an imported log: the `outcome` column.
public enum ContactOutcome: String, DomainEnum {
    /// Taken by a counsellor (`ContactAnswered`).
    case answered
    /// Lost while waiting (`ContactAbandoned` with stage `unknown`).
    case abandoned
    /// Refused by the system (`ContactAbandoned` with stage `rejected`).
    case rejected
}
