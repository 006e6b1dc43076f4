import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback TCP proxy in front of PostgreSQL that can stop forwarding bytes in both directions **without
/// closing or resetting any socket** (a black hole: a hung server, a stuck middlebox, a partition the kernel has not
/// noticed yet), and resume later.
///
/// While blackholed, open connections stay open and carry nothing (what arrives waits in the socket buffers, it is
/// neither read nor answered); new connections are accepted by the kernel and by the proxy, but get no upstream
/// connection (and so no answer) until forwarding resumes. Plain POSIX sockets, one thread per connection, polling
/// every 20–50 ms; `stop()` ends every thread and closes every socket within about 100 ms.
final class BlackholeProxy: Sendable {
    enum Upstream: Sendable {
        /// A PostgreSQL Unix socket, e.g. `<dir>/.s.PGSQL.5432` (local connections: no password).
        case unix(String)
        case tcp(port: Int)
    }

    let port: Int
    let upstream: Upstream
    private let listener: Int32
    private let blackholed = Atomic<Bool>(false)
    private let stopping = Atomic<Bool>(false)
    private let threads = Atomic<Int>(0)
    /// Pumps between their check of `blackholed` and the end of passing one chunk on.
    private let forwarding = Atomic<Int>(0)
    let accepted = Atomic<Int>(0)
    let bytesForwarded = Atomic<Int>(0)

    init(upstream: Upstream) throws {
        self.upstream = upstream
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchError("proxy: socket() failed, errno \(errno)") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        guard bound == 0, listen(fd, 128) == 0 else {
            close(fd)
            throw BenchError("proxy: bind/listen failed, errno \(errno)")
        }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        listener = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
        spawn { self.acceptLoop() }
    }

    /// Stop (true) or resume (false) forwarding. Stopping returns once no chunk is still being passed on: from then
    /// on not one byte goes through until forwarding resumes.
    func setBlackholed(_ on: Bool) {
        blackholed.store(on, ordering: .sequentiallyConsistent)
        guard on else { return }
        let deadline = Date().addingTimeInterval(1)
        while forwarding.load(ordering: .sequentiallyConsistent) > 0 && Date() < deadline { usleep(1_000) }
    }
    var isBlackholed: Bool { blackholed.load(ordering: .sequentiallyConsistent) }
    private var isStopping: Bool { stopping.load(ordering: .sequentiallyConsistent) }

    /// Ends every connection and the listener; waits up to 3 s for the threads.
    func stop() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        let deadline = Date().addingTimeInterval(3)
        while threads.load(ordering: .sequentiallyConsistent) > 0 && Date() < deadline { usleep(10_000) }
    }

    private func spawn(_ body: @escaping @Sendable () -> Void) {
        threads.add(1, ordering: .sequentiallyConsistent)
        let thread = Thread {
            body()
            self.threads.subtract(1, ordering: .sequentiallyConsistent)
        }
        thread.start()
    }

    private func acceptLoop() {
        defer { close(listener) }
        while !isStopping {
            var p = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 100) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            accepted.add(1, ordering: .relaxed)
            spawn { self.pump(client) }
        }
    }

    private func connectUpstream() -> Int32 {
        switch upstream {
        case .tcp(let port):
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            addr.sin_port = UInt16(port).bigEndian
            let ok = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if ok != 0 {
                close(fd)
                return -1
            }
            return fd
        case .unix(let path):
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var addr = sockaddr_un()
            addr.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            guard bytes.count < MemoryLayout.size(ofValue: addr.sun_path) else {
                close(fd)
                return -1
            }
            withUnsafeMutableBytes(of: &addr.sun_path) { raw in
                for (i, b) in bytes.enumerated() { raw[i] = b }
                raw[bytes.count] = 0
            }
            let ok = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            if ok != 0 {
                close(fd)
                return -1
            }
            return fd
        }
    }

    /// Forwards between `client` and a new upstream connection until either side closes or the proxy stops.
    private func pump(_ client: Int32) {
        defer { close(client) }
        // Accepted while blackholed: no upstream (so no answer, not even an error) until forwarding resumes.
        while isBlackholed && !isStopping { usleep(20_000) }
        guard !isStopping else { return }
        let server = connectUpstream()
        guard server >= 0 else { return }
        defer { close(server) }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while !isStopping {
            if isBlackholed {
                usleep(20_000)
                continue
            }
            var fds = [pollfd(fd: client, events: Int16(POLLIN), revents: 0), pollfd(fd: server, events: Int16(POLLIN), revents: 0)]
            guard poll(&fds, 2, 50) > 0 else { continue }
            for (index, from, to) in [(0, client, server), (1, server, client)] where fds[index].revents != 0 {
                // Counted before the check, so that `setBlackholed(true)` can wait for a chunk already let through.
                forwarding.add(1, ordering: .sequentiallyConsistent)
                defer { forwarding.subtract(1, ordering: .sequentiallyConsistent) }
                if isBlackholed { break }
                let n = buffer.withUnsafeMutableBytes { read(from, $0.baseAddress, $0.count) }
                if n <= 0 { return }
                var sent = 0
                while sent < n {
                    let w = buffer.withUnsafeBytes { send(to, $0.baseAddress! + sent, n - sent, Int32(MSG_NOSIGNAL)) }
                    if w <= 0 { return }
                    sent += w
                }
                bytesForwarded.add(n, ordering: .relaxed)
            }
        }
    }
}
