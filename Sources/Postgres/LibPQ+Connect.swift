import CLibPQ
import Foundation

extension LibPQ {
    /// Opens a blocking libpq connection (call it off the cooperative pool).
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
        let conn = PQconnectdbParams(&keyPointers, &valuePointers, 0)
        guard let conn, PQstatus(conn) == CONNECTION_OK else {
            let error = connectError(conn, configuration: configuration)
            if let conn { PQfinish(conn) }
            throw error
        }
        return conn
    }
}
