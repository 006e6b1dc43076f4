import CLibPQ
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension LibPQ {
    /// Opens a blocking libpq connection (call it off the cooperative pool).
    ///
    /// The connection is made with `PQconnectStartParams` and `PQconnectPoll` so that its error verbosity can be raised
    /// before the server says anything: an error the server sends while connecting (a wrong password, an unknown
    /// database, too many connections) then carries its SQLSTATE, and is classified by that rather than by its text,
    /// which the server words in its own `lc_messages` language. `connect_timeout` is applied here, as libpq leaves it
    /// to the caller of `PQconnectPoll`.
    /// - Throws: ``PostgresError`` classified by ``connectError(_:configuration:)``.
    static func connect(_ configuration: PostgresConfiguration) throws -> OpaquePointer {
        let pairs = configuration.libpqParameters
        let keys = pairs.map { strdup($0.0) }
        let values = pairs.map { strdup($0.1) }
        defer {
            keys.forEach { free($0) }
            values.forEach { free($0) }
        }
        var keyPointers = keys.map { UnsafePointer<CChar>($0) } + [nil]
        var valuePointers = values.map { UnsafePointer<CChar>($0) } + [nil]
        guard let conn = PQconnectStartParams(&keyPointers, &valuePointers, 0) else {
            throw PostgresError(code: .connectionFailed, message: "libpq could not allocate a connection")
        }
        PQsetErrorVerbosity(conn, PQERRORS_VERBOSE)
        let deadline = configuration.connectTimeoutSeconds > 0 ? Date().addingTimeInterval(Double(configuration.connectTimeoutSeconds)) : nil
        var status = PQstatus(conn) == CONNECTION_BAD ? PGRES_POLLING_FAILED : PGRES_POLLING_WRITING
        while status != PGRES_POLLING_OK {
            if status == PGRES_POLLING_FAILED {
                let error = connectError(conn, configuration: configuration)
                PQfinish(conn)
                throw error
            }
            var fd = pollfd(fd: PQsocket(conn), events: Int16(status == PGRES_POLLING_READING ? POLLIN : POLLOUT), revents: 0)
            let wait = deadline.map { max(0, Int32(($0.timeIntervalSinceNow * 1000).rounded(.up))) } ?? -1
            let ready = poll(&fd, 1, wait)
            if ready < 0, errno == EINTR { continue }
            if ready == 0 {
                PQfinish(conn)
                throw PostgresError(
                    code: .connectionFailed,
                    message:
                        "could not connect to \(configuration.endpointDescription) as user \"\(configuration.user)\", database \"\(configuration.database)\": no answer within connect_timeout (\(configuration.connectTimeoutSeconds) s)"
                )
            }
            status = PQconnectPoll(conn)
        }
        PQsetErrorVerbosity(conn, PQERRORS_DEFAULT)
        return conn
    }
}
