import EventStore
import Postgres

/// A read model kept up to date from the event store.
///
/// The runtime hands a projection consecutive ranges of the catch-up order and applies each inside one
/// transaction together with the checkpoint update, so a crash at any point neither loses nor double-counts.
public protocol Projection: Sendable {
    /// A short name, e.g. `contact_counts`.
    var name: String { get }
    /// Bumped when the projection's logic changes; a change calls for `project rebuild`.
    var version: Int { get }
    /// The tables in schema `rm` this projection writes (rebuilt together).
    var tables: [String] { get }
    /// Applies the events in `range` to the tables in `schema` (`rm`, or the rebuild schema).
    func apply(_ range: EventRange, schema: String, on connection: PostgresConnection) async throws
}

extension Projection {
    /// The checkpoint row's key: `name:vN`.
    public var checkpointName: String { "\(name):v\(version)" }
}

/// Consecutive events of the catch-up order: after `from`, up to and including `to`.
public struct EventRange: Sendable, Equatable, CustomStringConvertible {
    public var from: ReadCursor
    public var to: ReadCursor
    public var count: Int

    /// The SQL predicate selecting the range's rows of `es.events` (aliased `alias`). The bounds are integers
    /// of our own cursors, written as literals so the fragment can be pasted into larger statements.
    public func predicate(alias: String = "e") -> String {
        "(\(alias).transaction_id, \(alias).global_position) > ('\(from.transactionID)'::xid8, \(from.globalPosition)) "
            + "AND (\(alias).transaction_id, \(alias).global_position) <= ('\(to.transactionID)'::xid8, \(to.globalPosition))"
    }

    public var description: String { "(\(from), \(to)] \(count) events" }
}

/// A projection failed on one event; the runtime stops it there and reports the event.
public struct PoisonEvent: Error, Sendable, CustomStringConvertible {
    public var projection: String
    public var eventID: String
    public var position: Int64
    public var underlying: String

    public var description: String {
        "projection \(projection) cannot apply event \(eventID) at position \(position): \(underlying)"
    }
}
