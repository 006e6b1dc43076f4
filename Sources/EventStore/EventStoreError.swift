import Foundation
import Postgres

/// The stream's version was not what the appender expected (or another appender won a race).
public struct WrongExpectedVersion: Error, Sendable, Equatable, CustomStringConvertible {
    public var streamID: String
    public var expected: ExpectedVersion
    /// The stream's version when the append was refused.
    public var actual: Int

    public init(streamID: String, expected: ExpectedVersion, actual: Int) {
        self.streamID = streamID
        self.expected = expected
        self.actual = actual
    }

    public var description: String {
        "wrong expected version for stream \(streamID): expected \(expected), actual \(actual)"
    }
}

/// An event id is already stored with different content: ids must identify one event forever.
public struct EventIDConflict: Error, Sendable, Equatable, CustomStringConvertible {
    public var eventID: UUID
    public var storedStreamID: String
    public var storedPosition: Int64

    public init(eventID: UUID, storedStreamID: String, storedPosition: Int64) {
        self.eventID = eventID
        self.storedStreamID = storedStreamID
        self.storedPosition = storedPosition
    }

    public var description: String {
        "event \(eventID.uuidString.lowercased()) is already stored (stream \(storedStreamID), position \(storedPosition)) with different content"
    }
}

/// A request the store refuses before touching the database.
public struct InvalidAppend: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(description: String) { self.description = description }
}

/// An append that kept colliding with concurrent writes to the same streams (unique violation, deadlock or
/// serialization failure) on every retry: nothing of it was stored, and sending it again is safe.
public struct AppendContention: Error, Sendable, CustomStringConvertible {
    public var attempts: Int
    public var underlying: PostgresError

    public var description: String { "append gave up after \(attempts) attempts racing concurrent writers: \(underlying)" }
}
