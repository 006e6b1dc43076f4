import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The account the server runs as when we are root: `initdb` and `pg_ctl` refuse to run as root, so they are run
/// through `runuser -u postgres --` and everything they write to is owned by that account.
struct ServiceUser: Sendable, Equatable {
    var name: String
    var uid: uid_t
    var gid: gid_t
    /// Primary and supplementary groups, for the permission checks.
    var groups: [gid_t]
    var runuser: URL

    static var isRoot: Bool { geteuid() == 0 }

    /// `nil` when not root (the tools run as the current user), else the `postgres` account.
    static func forCurrentProcess() throws -> ServiceUser? {
        guard isRoot else { return nil }
        return try lookUp("postgres")
    }

    static func lookUp(_ name: String) throws -> ServiceUser {
        guard let entry = getpwnam(name) else { throw LocalPostgresError.serviceUserMissing(name) }
        let uid = entry.pointee.pw_uid
        let gid = entry.pointee.pw_gid
        let candidates = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser"]
        guard let runuser = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw LocalPostgresError.runuserMissing
        }
        return ServiceUser(name: name, uid: uid, gid: gid, groups: groupList(name, gid), runuser: URL(fileURLWithPath: runuser))
    }

    private static func groupList(_ name: String, _ gid: gid_t) -> [gid_t] {
        var count: Int32 = 64
        var groups = [gid_t](repeating: 0, count: Int(count))
        #if canImport(Darwin)
            let found = groups.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: Int32.self, capacity: buffer.count) {
                    getgrouplist(name, Int32(bitPattern: gid), $0, &count)
                }
            }
        #else
            let found = getgrouplist(name, gid, &groups, &count)
        #endif
        return found < 0 ? [gid] : Array(groups.prefix(Int(count)))
    }

    /// Whether this account may enter (search) the directory at `path`, by its owner, group and mode bits.
    func canTraverse(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        let mode = info.st_mode
        if info.st_uid == uid { return mode & S_IXUSR != 0 }
        if groups.contains(info.st_gid) { return mode & S_IXGRP != 0 }
        return mode & S_IXOTH != 0
    }

    /// Hands a file or directory we created over to this account.
    func takeOwnership(of url: URL) throws {
        guard chown(url.path, uid, gid) == 0 else {
            let reason = String(cString: strerror(errno))
            throw LocalPostgresError.directoryNotUsable(path: url.path, reason: "cannot give it to the \(name) user: \(reason)")
        }
    }
}
