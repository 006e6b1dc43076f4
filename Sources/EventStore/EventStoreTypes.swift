import Foundation
import Postgres

/// An event to append. `data` and `metadata` are JSON documents (text).
public struct NewEvent: Sendable, Equatable {
    public var id: UUID
    public var type: String
    public var occurredAt: Date
    public var data: String
    public var metadata: String
    public var schemaVersion: Int16

    public init(id: UUID, type: String, occurredAt: Date, data: String, metadata: String = "{}", schemaVersion: Int16 = 1) {
        self.id = id
        self.type = type
        self.occurredAt = occurredAt
        self.data = data
        self.metadata = metadata
        self.schemaVersion = schemaVersion
    }
}

/// What the appender believes the stream's version (its number of events) to be.
public enum ExpectedVersion: Sendable, Equatable, CustomStringConvertible {
    /// Append whatever the stream holds.
    case any
    /// The stream must not exist yet.
    case noStream
    /// The stream must hold exactly this many events.
    case exact(Int)

    public var description: String {
        switch self {
        case .any: "any"
        case .noStream: "no stream"
        case .exact(let n): "\(n)"
        }
    }
}

/// Events for one stream, as part of a batch.
public struct StreamAppend: Sendable {
    public var streamID: String
    public var expectedVersion: ExpectedVersion
    public var events: [NewEvent]

    public init(streamID: String, expectedVersion: ExpectedVersion = .any, events: [NewEvent]) {
        self.streamID = streamID
        self.expectedVersion = expectedVersion
        self.events = events
    }
}

/// Where an event is stored.
public struct EventPosition: Sendable, Equatable, Codable {
    public var eventID: UUID
    public var streamID: String
    public var streamPosition: Int
    public var globalPosition: Int64
}

/// The outcome of an append: the position of every event in request order.
public struct AppendResult: Sendable, Equatable {
    public var positions: [EventPosition]
    /// How many of the events were already stored (an idempotent retry) and were not written again.
    public var alreadyStored: Int
}

/// A stored event.
public struct RecordedEvent: Sendable, Equatable {
    public var globalPosition: Int64
    public var transactionID: UInt64
    public var streamID: String
    public var streamPosition: Int
    public var id: UUID
    public var type: String
    public var schemaVersion: Int16
    public var occurredAt: Date
    public var recordedAt: Date
    public var data: String
    public var metadata: String

    /// The cursor that reads continue after, once this event has been handled.
    public var cursor: ReadCursor { ReadCursor(transactionID: transactionID, globalPosition: globalPosition) }
}

/// The two-part position of the gap-safe catch-up read: events are read in (transaction id, global position)
/// order, only from transactions older than every transaction still running.
public struct ReadCursor: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var transactionID: UInt64
    public var globalPosition: Int64

    public init(transactionID: UInt64, globalPosition: Int64) {
        self.transactionID = transactionID
        self.globalPosition = globalPosition
    }

    /// Before every event.
    public static let start = ReadCursor(transactionID: 0, globalPosition: 0)

    public static func < (a: ReadCursor, b: ReadCursor) -> Bool {
        (a.transactionID, a.globalPosition) < (b.transactionID, b.globalPosition)
    }

    /// `transactionID:globalPosition`.
    public var description: String { "\(transactionID):\(globalPosition)" }

    public init?(_ text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let tx = UInt64(parts[0]), let pos = Int64(parts[1]) else { return nil }
        self.init(transactionID: tx, globalPosition: pos)
    }
}

extension ReadCursor {
    /// A cursor from two columns of a row: `transaction_id` (xid8) at `index`, `global_position` right after it.
    public init(_ row: PostgresRow, at index: Int = 0) throws {
        self.init(transactionID: try row.decode(UInt64.self, at: index), globalPosition: try row.decode(Int64.self, at: index + 1))
    }
}
