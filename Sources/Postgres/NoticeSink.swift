import CLibPQ
import Logging

/// Receives the server's NOTICE/WARNING messages and logs them with swift-log instead of libpq's default of
/// printing to stderr.
final class NoticeSink: Sendable {
    let logger: Logger

    init(logger: Logger) { self.logger = logger }

    func receive(_ result: OpaquePointer) {
        func field(_ code: Character) -> String? {
            guard let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        let severity = field("V") ?? field("S") ?? "NOTICE"
        let message = field("M") ?? "(no message)"
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
        logger.log(level: level, "\(message)", metadata: metadata)
    }

    /// Installs this sink on `connection`; the returned reference must be released after `PQfinish`.
    func install(on connection: OpaquePointer) -> Unmanaged<NoticeSink> {
        let retained = Unmanaged.passRetained(self)
        PQsetNoticeReceiver(
            connection,
            { context, result in
                guard let context, let result else { return }
                Unmanaged<NoticeSink>.fromOpaque(context).takeUnretainedValue().receive(result)
            }, retained.toOpaque())
        return retained
    }
}
