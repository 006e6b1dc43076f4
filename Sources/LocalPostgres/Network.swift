import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension LocalPostgres {
    /// Whether nothing listens on 127.0.0.1 at `port` (binds with SO_REUSEADDR, as the server does).
    static func isPortFree(_ port: Int) -> Bool {
        (try? withBoundSocket(port: port) { _ in () }) != nil
    }

    /// A TCP port on 127.0.0.1 that is free right now (the kernel's choice), e.g. for a throwaway test cluster.
    public static func freeTCPPort() throws -> Int {
        try withBoundSocket(port: 0) { descriptor in
            var address = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let result = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
            }
            guard result == 0 else { throw LocalPostgresError.portInUse(0) }
            return Int(UInt16(bigEndian: address.sin_port))
        }
    }

    private static func withBoundSocket<T>(port: Int, _ body: (Int32) throws -> T) throws -> T {
        #if canImport(Darwin)
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #else
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #endif
        guard descriptor >= 0 else { throw LocalPostgresError.portInUse(port) }
        defer { close(descriptor) }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw LocalPostgresError.portInUse(port) }
        return try body(descriptor)
    }
}
