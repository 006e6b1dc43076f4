/// Parses the fields of one CSV row and derives the contact's events.
struct RowParser {
    let record: CSVRecord
    let index: [ContactCSVColumn: Int]
    let now: Timestamp
    var problems: [ContactCSVRowError.Problem] = []

    init(record: CSVRecord, index: [ContactCSVColumn: Int], now: Timestamp) {
        self.record = record
        self.index = index
        self.now = now
    }

    private mutating func problem(_ column: ContactCSVColumn, _ reason: String) {
        problems.append(.init(column: column.rawValue, reason: reason))
    }

    /// The field's bytes, or nil when the column is absent or the field is empty.
    private func bytes(_ column: ContactCSVColumn) -> ArraySlice<UInt8>? {
        guard let i = index[column] else { return nil }
        let field = record.field(i)
        return field.isEmpty ? nil : field
    }

    private mutating func text(_ column: ContactCSVColumn) -> String? {
        guard let field = bytes(column) else { return nil }
        guard let s = String(validating: field, as: UTF8.self) else {
            problem(column, "invalid UTF-8")
            return nil
        }
        return s
    }

    private mutating func identifier(_ column: ContactCSVColumn) -> String? {
        guard let s = text(column) else {
            if bytes(column) == nil { problem(column, "is required") }
            return nil
        }
        if let reason = ValidationRules.identifierProblem(s) {
            problem(column, reason)
            return nil
        }
        return s
    }

    private mutating func enumValue<E: DomainEnum>(_ column: ContactCSVColumn, _: E.Type = E.self) -> E? {
        guard let s = text(column) else { return nil }
        guard let value = E(rawValue: s) else {
            problem(column, E.rejection(of: s))
            return nil
        }
        return value
    }

    /// An optional whole number of seconds in 0..<86400. `ok` is false if the field is invalid.
    private mutating func seconds(_ column: ContactCSVColumn) -> (value: Int?, ok: Bool) {
        guard let field = bytes(column) else { return (nil, true) }
        var negative = false
        var digits = field[...]
        if digits.first == UInt8(ascii: "-") {
            negative = true
            digits = digits.dropFirst()
        }
        var value = 0
        var valid = !digits.isEmpty && digits.count <= 12
        for b in digits where valid {
            let d = b &- UInt8(ascii: "0")
            if d > 9 { valid = false } else { value = value * 10 + Int(d) }
        }
        guard valid else {
            let shown = String(validating: field, as: UTF8.self).map(ValidationRules.quoted) ?? "invalid UTF-8"
            problem(column, "must be a whole number of seconds, got \(shown)")
            return (nil, false)
        }
        if negative { value = -value }
        if value < 0 || value >= ValidationRules.maxSeconds {
            problem(column, "must be >= 0 and < \(ValidationRules.maxSeconds), got \(value)")
            return (nil, false)
        }
        return (value, true)
    }

    private mutating func receivedAt() -> Timestamp? {
        guard let field = bytes(.receivedAt) else {
            problem(.receivedAt, "is required")
            return nil
        }
        let result = field.withUnsafeBufferPointer { RFC3339.parseTimestamp($0) }
        switch result {
        case .success(let t):
            let latest = Timestamp(microsecondsSinceEpoch: now.microsecondsSinceEpoch + ValidationRules.maxFutureMicroseconds)
            if t < ValidationRules.earliestInstant || t > latest {
                problem(.receivedAt, "must be between \(ValidationRules.earliestInstant) and one day after now (\(latest)), got \(t)")
                return nil
            }
            return t
        case .failure(let f):
            let shown = String(validating: field, as: UTF8.self).map(ValidationRules.quoted) ?? "invalid UTF-8"
            problem(.receivedAt, "\(f.message), got \(shown)")
            return nil
        }
    }

    mutating func build(eventSource: String) -> ImportedContact? {
        let contactId = identifier(.contactId)
        let helpline = identifier(.helpline)
        let channel = enumValue(.channel, ContactChannel.self)
        if channel == nil, bytes(.channel) == nil { problem(.channel, "is required") }
        let received = receivedAt()
        let outcome = enumValue(.outcome, ContactOutcome.self)
        let (wait, waitOK) = seconds(.waitSeconds)
        let (duration, durationOK) = seconds(.durationSeconds)
        let contactType = enumValue(.contactType, ContactType.self)
        let role = enumValue(.contactorRole, ContactorRole.self)
        let ageBand = enumValue(.ageBand, AgeBand.self)
        let heardVia = enumValue(.heardVia, HeardVia.self)

        if waitOK, wait != nil, outcome == nil, bytes(.outcome) == nil {
            problem(.waitSeconds, "is given but outcome is empty")
        }
        if waitOK, wait == nil, outcome == .answered || outcome == .abandoned {
            problem(.waitSeconds, "is required when outcome is \(outcome!.rawValue)")
        }
        if durationOK, duration != nil, outcome != .answered, bytes(.outcome) == nil || outcome != nil {
            problem(.durationSeconds, "is only allowed when outcome is answered")
        }
        let classified = role != nil || ageBand != nil || heardVia != nil
        if contactType == nil, bytes(.contactType) == nil, classified {
            problem(.contactType, "is required when contactor_role, age_band or heard_via is given")
        }
        guard problems.isEmpty, let contactId, let helpline, let channel, let received else { return nil }

        func event(_ type: EventType, _ at: Timestamp, _ data: ContactEventData) -> HelplineEvent {
            .contact(
                eventId: EventIDs.contactEvent(helpline: helpline, contactId: contactId, type: type), occurredAt: at,
                source: eventSource, helpline: helpline, contactId: contactId, data)
        }
        var events = [event(.contactReceived, received, .received(ContactReceived(channel: channel, receivedAt: received)))]
        var last = received
        switch outcome {
        case .answered?:
            last = received.adding(seconds: wait ?? 0)
            events.append(event(.contactAnswered, last, .answered(ContactAnswered(waitSeconds: wait ?? 0))))
        case .abandoned?, .rejected?:
            let stage: AbandonStage = outcome == .rejected ? .rejected : .unknown
            last = received.adding(seconds: wait ?? 0)
            events.append(event(.contactAbandoned, last, .abandoned(ContactAbandoned(waitSeconds: wait ?? 0, stage: stage))))
        case nil:
            break
        }
        if let duration {
            last = last.adding(seconds: duration)
            events.append(event(.contactEnded, last, .ended(ContactEnded(durationSeconds: duration))))
        }
        if let contactType {
            let classification = ContactClassification(contactType: contactType, contactorRole: role, ageBand: ageBand, heardVia: heardVia)
            events.append(event(.contactClassified, last, .classified(ContactClassified(classification))))
        }
        return ImportedContact(line: record.line, helpline: helpline, contactId: contactId, events: events)
    }
}
