/// Checks the values of a typed event against ``ValidationRules``, recording one issue per
/// broken rule with the field's path.
struct Validator {
    let path: String
    let issues: IssueCollector
    let now: Timestamp

    func nested(_ key: String) -> Validator { Validator(path: joinPath(path, key), issues: issues, now: now) }

    func field(_ key: String) -> String { joinPath(path, key) }

    func identifier(_ key: String, _ value: String) {
        if let problem = ValidationRules.identifierProblem(value) { issues.add(field(key), problem) }
    }

    func seconds(_ key: String, _ value: Int) {
        if value < 0 || value >= ValidationRules.maxSeconds {
            issues.add(field(key), "must be >= 0 and < \(ValidationRules.maxSeconds), got \(value)")
        }
    }

    func instant(_ key: String, _ t: Timestamp) {
        let latest = Timestamp(microsecondsSinceEpoch: now.microsecondsSinceEpoch + ValidationRules.maxFutureMicroseconds)
        if t < ValidationRules.earliestInstant || t > latest {
            issues.add(field(key), "must be between \(ValidationRules.earliestInstant) and one day after now (\(latest)), got \(t)")
        }
    }

    func date(_ key: String, _ d: CalendarDate) {
        let range = ValidationRules.dateRange
        if !range.contains(d) { issues.add(field(key), "must be between \(range.lowerBound) and \(range.upperBound), got \(d)") }
    }

    /// Bounded text (names, notes, cost items, labels): not blank, not too long, no control characters, and no
    /// contact details or other personal data (``ValidationRules/contactDetailsProblem(_:)``).
    func text(_ key: String, _ s: String, max: Int, allowNewlines: Bool = false) {
        if let problem = ValidationRules.textProblem(s, maxLength: max, allowNewlines: allowNewlines) {
            issues.add(field(key), problem)
        } else if let problem = ValidationRules.contactDetailsProblem(s) {
            issues.add(field(key), problem)
        }
    }

    func amountCents(_ key: String, _ value: Int64) {
        if value < 0 || value > ValidationRules.maxAmountCents {
            issues.add(field(key), "must be an integer number of cents >= 0 and <= \(ValidationRules.maxAmountCents), got \(value)")
        }
    }

    func dateOrder(startKey: String, _ start: CalendarDate?, endKey: String, _ end: CalendarDate?) {
        if let start, let end, end < start { issues.add(field(endKey), "must not be before \(startKey) (\(start)), got \(end)") }
    }

    func instantOrder(startKey: String, _ start: Timestamp?, endKey: String, _ end: Timestamp?) {
        if let start, let end, end < start { issues.add(field(endKey), "must not be before \(startKey) (\(start)), got \(end)") }
    }
}
