import Foundation

/// The folder holding the server programs (`initdb`, `pg_ctl`).
struct PostgresBinaries: Sendable, Equatable {
    static let environmentVariable = "HELPLINE_PG_BINDIR"

    var directory: URL
    var initdb: URL { directory.appendingPathComponent("initdb") }
    var pgCtl: URL { directory.appendingPathComponent("pg_ctl") }

    static func isComplete(_ directory: URL) -> Bool {
        ["initdb", "pg_ctl"].allSatisfy { FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent($0).path) }
    }

    /// Finds the programs, trying in order: `explicit`, `$HELPLINE_PG_BINDIR` (either of these, when given, is the
    /// only place looked at), the version that made an existing cluster (`/usr/lib/postgresql/<PG_VERSION>/bin`),
    /// `pg_config --bindir`, the newest `/usr/lib/postgresql/*/bin`, then `PATH`.
    static func locate(
        explicit: URL?, environment: [String: String], clusterVersion: String?,
        debianRoot: URL = URL(fileURLWithPath: "/usr/lib/postgresql")
    ) async throws -> PostgresBinaries {
        if let forced = explicit ?? environment[environmentVariable].flatMap({ $0.isEmpty ? nil : URL(fileURLWithPath: $0) }) {
            guard isComplete(forced) else {
                let origin = explicit == nil ? " (from \(environmentVariable))" : ""
                throw LocalPostgresError.binariesNotFound(searched: [forced.path + origin])
            }
            return PostgresBinaries(directory: forced)
        }
        var searched: [String] = []
        func accept(_ directory: URL?) -> PostgresBinaries? {
            guard let directory else { return nil }
            if searched.contains(directory.path) { return nil }
            searched.append(directory.path)
            return isComplete(directory) ? PostgresBinaries(directory: directory) : nil
        }
        let path = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map { URL(fileURLWithPath: String($0)) }

        if let clusterVersion, let found = accept(debianRoot.appendingPathComponent(clusterVersion).appendingPathComponent("bin")) {
            return found
        }
        if let pgConfig = path.map({ $0.appendingPathComponent("pg_config") }).first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }
        ),
            let result = try? await ChildProcess.run(pgConfig, ["--bindir"]), result.succeeded
        {
            let bindir = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
            if !bindir.isEmpty, let found = accept(URL(fileURLWithPath: bindir)) { return found }
        }
        let versions = installedVersions(under: debianRoot)
        for version in versions {
            if let found = accept(debianRoot.appendingPathComponent(version).appendingPathComponent("bin")) { return found }
        }
        if versions.isEmpty { searched.append(debianRoot.path + "/*/bin") }
        for directory in path {
            if let found = accept(directory) { return found }
        }
        throw LocalPostgresError.binariesNotFound(searched: searched)
    }

    /// Version folder names under `/usr/lib/postgresql`, newest first (15 before 9.6).
    static func installedVersions(under root: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        func key(_ name: String) -> [Int] { name.split(separator: ".").map { Int($0) ?? -1 } }
        return names.filter { !$0.isEmpty && key($0).allSatisfy { $0 >= 0 } }.sorted { key($1).lexicographicallyPrecedes(key($0)) }
    }
}
