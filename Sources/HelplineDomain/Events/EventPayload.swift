/// The `data` object of one event type. The synthesized `Codable` conformance uses the wire
/// field names, but does not validate: decode untrusted input with ``HelplineEvent/decode(json:now:)``.
public protocol EventPayload: Sendable, Hashable, Codable {
    /// The event type this payload belongs to.
    static var eventType: EventType { get }
}

/// How a payload is read from and written to JSON and validated (internal).
protocol PayloadCoding: EventPayload {
    /// Reads the payload from a `data` reader, recording issues; nil if anything is wrong.
    init?(reading r: inout ObjectReader)
    /// Writes the payload's members.
    func write(into m: inout Members)
    /// Checks value rules.
    func validate(_ v: Validator)
}

/// Object members being written, in any order (canonical writing sorts them).
struct Members {
    var list: [(key: String, value: JSONValue)] = []

    mutating func put(_ key: String, _ value: JSONValue?) {
        if let value { list.append((key, value)) }
    }

    mutating func put(_ key: String, _ s: String?) { put(key, s.map(JSONValue.string)) }
    mutating func put(_ key: String, _ i: Int?) { put(key, i.map { JSONValue.integer(Int64($0)) }) }
    mutating func put(_ key: String, _ t: Timestamp?) { put(key, t.map { JSONValue.string($0.description) }) }
    mutating func put(_ key: String, _ d: CalendarDate?) { put(key, d.map { JSONValue.string($0.description) }) }
    mutating func put<E: DomainEnum>(_ key: String, _ e: E?) { put(key, e.map { JSONValue.string($0.rawValue) }) }
    mutating func put<E: DomainEnum>(_ key: String, _ list: [E]) { put(key, JSONValue.array(list.map { .string($0.rawValue) })) }
    mutating func put(_ key: String, _ list: [String]) { put(key, JSONValue.array(list.map(JSONValue.string))) }

    var value: JSONValue { .object(list) }
}
