import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a finished child process printed and how it ended.
struct ChildProcessResult: Sendable {
    var commandLine: String
    /// The exit status, or 128 + the signal number when a signal ended it.
    var exitCode: Int32
    /// Standard output and standard error, interleaved as written.
    var output: String

    var succeeded: Bool { exitCode == 0 }
}

/// Runs short-lived tools (`initdb`, `pg_ctl`, `pg_config`, …) with `posix_spawn`.
///
/// Not Foundation's `Process`: on Linux it learns that a child ended from a socket it leaks into the child, and the
/// server that `pg_ctl start` leaves running inherits that socket, so the wait would last as long as the server
/// (swift-corelibs-foundation issue 4795); the child also inherits the calling thread's blocked signals (issue 4772).
/// Here the child gets an empty signal mask, default signal handlers, `/dev/null` as input, a temporary file as
/// output (no pipe a lingering server could hold open) and no other descriptor of ours. The wait (`waitpid`) runs on
/// a thread of its own and resumes a continuation, so no thread of the cooperative pool blocks.
enum ChildProcess {
    static func run(
        _ executable: URL, _ arguments: [String], runAs user: ServiceUser? = nil, currentDirectory: URL? = nil
    ) async throws -> ChildProcessResult {
        var argv = [executable.path] + arguments
        if let user { argv = [user.runuser.path, "-u", user.name, "--"] + argv }
        let commandLine = argv.joined(separator: " ")
        func failure(_ what: String, _ code: Int32) -> LocalPostgresError {
            .commandFailed(command: commandLine, exitCode: -1, output: "\(what): \(String(cString: strerror(code)))", logTail: nil)
        }

        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("local-postgres-\(UUID().uuidString).out").path
        let output = open(outputPath, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw failure("cannot create \(outputPath)", errno) }
        defer {
            close(output)
            unlink(outputPath)
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        if let currentDirectory { _ = SpawnExtensions.addChdir(&actions, currentDirectory.path) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        #if canImport(Darwin)
            flags |= Int32(POSIX_SPAWN_CLOEXEC_DEFAULT)
        #else
            _ = SpawnExtensions.addCloseFrom(&actions, 3)
        #endif
        posix_spawnattr_setflags(&attributes, Int16(flags))
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        var pid = pid_t()
        let spawned = withCStrings(argv) { cArguments in
            withCStrings(environment) { cEnvironment in
                posix_spawn(&pid, argv[0], &actions, &attributes, cArguments, cEnvironment)
            }
        }
        guard spawned == 0 else { throw failure("cannot run \(argv[0])", spawned) }

        let exitCode = await waitForExit(pid)
        var text = Data()
        lseek(output, 0, SEEK_SET)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            if count > 0 {
                text.append(contentsOf: buffer[0..<count])
            } else if count < 0, errno == EINTR {
                continue
            } else {
                break
            }
        }
        return ChildProcessResult(commandLine: commandLine, exitCode: exitCode, output: String(decoding: text, as: UTF8.self))
    }

    /// `waitpid` on a dedicated thread; the exit status, 128 + signal, or -1 if the status was lost.
    private static func waitForExit(_ pid: pid_t) async -> Int32 {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                var status: Int32 = 0
                var result: pid_t
                repeat { result = waitpid(pid, &status, 0) } while result < 0 && errno == EINTR
                guard result == pid else { return continuation.resume(returning: -1) }
                let signal = status & 0x7f
                continuation.resume(returning: signal == 0 ? (status >> 8) & 0xff : 128 + signal)
            }
            thread.name = "LocalPostgres waitpid \(pid)"
            thread.start()
        }
    }

    /// Calls `body` with a NULL-terminated C array of copies of `strings`.
    private static func withCStrings<T>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> T) -> T {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return body(pointers)
    }
}

/// `posix_spawn_file_actions_addchdir_np` and `…_addclosefrom_np`: glibc (2.29, 2.34) declares them only for
/// `_GNU_SOURCE`, which Swift's Glibc module does not set, so on Linux they are looked up at run time; where one is
/// missing it is skipped (the child then keeps the current folder, or inherits descriptors not marked close-on-exec).
enum SpawnExtensions {
    #if canImport(Darwin)
        static func addChdir(_ actions: inout posix_spawn_file_actions_t, _ path: String) -> Int32 {
            posix_spawn_file_actions_addchdir_np(&actions, path)
        }
    #else
        private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
        private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

        private static func symbol<T>(_ name: String, as type: T.Type) -> T? {
            guard let handle = dlopen(nil, RTLD_NOW), let address = dlsym(handle, name) else { return nil }
            return unsafeBitCast(address, to: type)
        }

        static func addChdir(_ actions: inout posix_spawn_file_actions_t, _ path: String) -> Int32 {
            guard let function = symbol("posix_spawn_file_actions_addchdir_np", as: AddChdir.self) else { return ENOSYS }
            return function(&actions, path)
        }

        static func addCloseFrom(_ actions: inout posix_spawn_file_actions_t, _ lowest: Int32) -> Int32 {
            guard let function = symbol("posix_spawn_file_actions_addclosefrom_np", as: AddCloseFrom.self) else { return ENOSYS }
            return function(&actions, lowest)
        }
    #endif
}
