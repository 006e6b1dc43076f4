/// Reads the members of one JSON object strictly: each accessor checks the JSON type and records
/// a precise issue; ``finish()`` reports every member that was not read as an unknown field.
struct ObjectReader {
    let path: String
    let issues: IssueCollector
    private let members: [(key: String, value: JSONValue)]
    /// Whether each member was read (by index: objects are small, and hashing every key cost more than the scan).
    private var used: [Bool]

    /// A reader for `value`, or nil (with an issue) if it is not an object.
    init?(_ value: JSONValue, path: String, issues: IssueCollector) {
        guard case .object(let members) = value else {
            issues.add(path, "expected an object, got \(value.typeDescription)")
            return nil
        }
        self.path = path
        self.issues = issues
        self.members = members
        self.used = Array(repeating: false, count: members.count)
    }

    func field(_ key: String) -> String { joinPath(path, key) }

    /// The member `key`, marking it as read; a JSON null counts as absent.
    mutating func value(_ key: String, required: Bool) -> JSONValue? {
        let index = members.firstIndex { $0.key == key }
        if let index { used[index] = true }
        let found = index.map { members[$0].value }
        if let found, found != .null { return found }
        if required { issues.add(field(key), found == nil ? "is required" : "must not be null") }
        return nil
    }

    /// Marks members as read without looking at them (used when their meaning is unknown, for
    /// example after an unknown event type).
    mutating func skip(_ keys: String...) {
        for (i, member) in members.enumerated() where keys.contains(member.key) { used[i] = true }
    }

    /// Reports members that no accessor asked for.
    func finish() {
        for (i, member) in members.enumerated() where !used[i] {
            issues.add(field(member.key), "unknown field (not part of the schema; personal data must never be sent)")
        }
    }

    mutating func string(_ key: String, required: Bool = true) -> String? {
        guard let v = value(key, required: required) else { return nil }
        return Self.string(v, field(key), issues)
    }

    static func string(_ v: JSONValue, _ field: String, _ issues: IssueCollector) -> String? {
        guard case .string(let s) = v else {
            issues.add(field, "expected a string, got \(v.typeDescription)")
            return nil
        }
        return s
    }

    mutating func bool(_ key: String, required: Bool = true) -> Bool? {
        guard let v = value(key, required: required) else { return nil }
        guard case .bool(let b) = v else {
            issues.add(field(key), "expected true or false, got \(v.typeDescription)")
            return nil
        }
        return b
    }

    mutating func integer(_ key: String, required: Bool = true) -> Int64? {
        guard let v = value(key, required: required) else { return nil }
        switch v {
        case .integer(let i): return i
        case .double(let d): issues.add(field(key), "expected an integer, got \(d)")
        default: issues.add(field(key), "expected an integer, got \(v.typeDescription)")
        }
        return nil
    }

    /// An integer that must fit in `Int`; range checks are the validator's job.
    mutating func int(_ key: String, required: Bool = true) -> Int? {
        integer(key, required: required).map { Int(clamping: $0) }
    }

    mutating func number(_ key: String, required: Bool = true) -> Double? {
        guard let v = value(key, required: required) else { return nil }
        switch v {
        case .integer(let i): return Double(i)
        case .double(let d): return d
        default:
            issues.add(field(key), "expected a number, got \(v.typeDescription)")
            return nil
        }
    }

    mutating func enumValue<E: DomainEnum>(_ key: String, _: E.Type = E.self, required: Bool = true) -> E? {
        guard let v = value(key, required: required) else { return nil }
        return Self.enumValue(v, field(key), issues)
    }

    static func enumValue<E: DomainEnum>(_ v: JSONValue, _ field: String, _ issues: IssueCollector) -> E? {
        guard let s = string(v, field, issues) else { return nil }
        guard let e = E(rawValue: s) else {
            issues.add(field, E.rejection(of: s))
            return nil
        }
        return e
    }

    /// An array whose elements are read by `element`; duplicates are rejected.
    mutating func array<T: Hashable>(
        _ key: String, required: Bool = true, element: (JSONValue, String, IssueCollector) -> T?
    ) -> [T]? {
        guard let v = value(key, required: required) else { return nil }
        guard case .array(let elements) = v else {
            issues.add(field(key), "expected an array, got \(v.typeDescription)")
            return nil
        }
        var result: [T] = []
        var seen = Set<T>()
        var ok = true
        for (i, e) in elements.enumerated() {
            let elementField = "\(field(key))[\(i)]"
            guard let t = element(e, elementField, issues) else {
                ok = false
                continue
            }
            if !seen.insert(t).inserted {
                issues.add(elementField, "duplicate value")
                ok = false
            }
            result.append(t)
        }
        return ok ? result : nil
    }

    mutating func enumArray<E: DomainEnum>(_ key: String, _: E.Type = E.self, required: Bool = true) -> [E]? {
        array(key, required: required) { Self.enumValue($0, $1, $2) }
    }

    mutating func stringArray(_ key: String, required: Bool = true) -> [String]? {
        array(key, required: required) { Self.string($0, $1, $2) }
    }

    mutating func timestamp(_ key: String, required: Bool = true) -> Timestamp? {
        guard let s = string(key, required: required) else { return nil }
        switch RFC3339.parseTimestamp(s) {
        case .success(let t): return t
        case .failure(let f):
            issues.add(field(key), "\(f.message), got \(ValidationRules.quoted(s))")
            return nil
        }
    }

    mutating func date(_ key: String, required: Bool = true) -> CalendarDate? {
        guard let s = string(key, required: required) else { return nil }
        guard let d = CalendarDate(s) else {
            issues.add(field(key), "must be a valid date YYYY-MM-DD, got \(ValidationRules.quoted(s))")
            return nil
        }
        return d
    }

    mutating func currency(_ key: String, required: Bool = true) -> Currency? {
        guard let s = string(key, required: required) else { return nil }
        if let problem = Currency.problem(s) {
            issues.add(field(key), problem)
            return nil
        }
        return Currency(s)
    }

    /// A nested object's reader; the caller must call `finish()` on it.
    mutating func object(_ key: String, required: Bool = true) -> ObjectReader? {
        guard let v = value(key, required: required) else { return nil }
        return ObjectReader(v, path: field(key), issues: issues)
    }
}
