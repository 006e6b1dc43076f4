import CLibPQ
import Foundation
import Logging
import Synchronization

/// Receives the server's NOTICE/WARNING messages and logs them with swift-log instead of libpq's default of
/// printing to stderr.
///
/// libpq copies a connection's notice receiver, with its context pointer, into every result it makes, and a result
/// may outlive its connection (a `PostgresRows` kept after `close()`, or libpq's own notice about a result it is
/// asked to read). So the context is not a pointer to an object whose lifetime would have to be matched to every
/// result, but a number: the receiver looks the number up here, and a notice arriving after its connection is gone
/// goes to a fallback logger instead of to freed memory.
enum NoticeSinks {
    private struct Table {
        var next = 1
        var loggers: [Int: Logger] = [:]
        var orphaned = 0
    }

    private static let table = Mutex(Table())
    private static let fallback = Logger(label: "postgres.notice")

    /// Routes `connection`'s notices to `logger` until ``remove(_:)``; returns the number that identifies it.
    static func install(on connection: OpaquePointer, logger: Logger) -> Int {
        let id = table.withLock { table -> Int in
            defer { table.next += 1 }
            table.loggers[table.next] = logger
            return table.next
        }
        PQsetNoticeReceiver(
            connection,
            { context, result in
                guard let result else { return }
                NoticeSinks.deliver(result, to: Int(bitPattern: context))
            }, UnsafeMutableRawPointer(bitPattern: id))
        return id
    }

    /// Forgets a connection's logger (after `PQfinish`, or before: the order does not matter).
    static func remove(_ id: Int) {
        _ = table.withLock { $0.loggers.removeValue(forKey: id) }
    }

    /// Notices that arrived for a connection already closed (logged to the fallback logger).
    static var orphanedNotices: Int { table.withLock { $0.orphaned } }

    static func deliver(_ result: OpaquePointer, to id: Int) {
        let logger = table.withLock { table -> Logger? in
            if let logger = table.loggers[id] { return logger }
            table.orphaned += 1
            return nil
        }
        log(result, to: logger ?? fallback)
    }

    private static func log(_ result: OpaquePointer, to logger: Logger) {
        func field(_ code: Character) -> String? {
            guard let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        let severity = field("V") ?? field("S") ?? "NOTICE"
        let message = field("M") ?? String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
        var metadata: Logger.Metadata = ["pg.severity": "\(severity)"]
        if let state = field("C") { metadata["pg.sqlstate"] = "\(state)" }
        if let detail = field("D") { metadata["pg.detail"] = "\(detail)" }
        if let hint = field("H") { metadata["pg.hint"] = "\(hint)" }
        let level: Logger.Level =
            switch severity {
            case "WARNING": .warning
            case "NOTICE": .notice
            case "INFO", "LOG": .info
            default: .debug
            }
        logger.log(level: level, "\(message.isEmpty ? "(no message)" : message)", metadata: metadata)
    }
}
