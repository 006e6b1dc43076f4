import ArgumentParser
import Foundation
import HTTPServer
import Hummingbird
import Postgres
import Projections
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API, the dashboard and the projection workers in one process.",
        discussion: """
            Configuration by flags or environment: DATABASE_URL, HOST, PORT, LOG_LEVEL, PUBLIC_DASHBOARD=1.
            SIGTERM or SIGINT stops gracefully: in-flight requests finish, workers commit or roll back their batch.
            Create an API token first with `helpline-stats token create`.

            Examples:
              helpline-stats serve --port 8080
              DATABASE_URL=postgres://svc@db/helpline HOST=0.0.0.0 helpline-stats serve --no-workers
            """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Address to bind (default $HOST, else 127.0.0.1).") var host: String?
    @Option(help: "Port to bind, 0 for any free one (default $PORT, else 8080).") var port: Int?
    @Flag(help: "Run only the API, without projection workers (e.g. a second API instance).") var noWorkers = false
    @Flag(help: "Serve the dashboard at / without a token, with small counts suppressed.") var publicDashboard = false
    @Option(help: "Largest request body in bytes.") var bodyLimit = ServerConfiguration.defaultBodyLimit
    @Option(help: "Database connections for the API.") var poolSize = 16
    @Option(
        help: ArgumentHelp(
            "Longest a database statement may take, in seconds (0: no limit). A request whose statement runs longer, or whose database stops answering, gets 503 with Retry-After.",
            valueName: "seconds"))
    var queryTimeout = 30.0

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var configuration = ServerConfiguration()
        configuration.host = host ?? environment["HOST"] ?? configuration.host
        guard let resolvedPort = port ?? environment["PORT"].map({ Int($0) ?? -1 }) ?? Optional(configuration.port),
            (0...65535).contains(resolvedPort)
        else { throw ValidationError("--port / PORT must be 0–65535") }
        configuration.port = resolvedPort
        configuration.bodyLimit = bodyLimit
        configuration.publicDashboard = publicDashboard || ["1", "true", "yes"].contains(environment["PUBLIC_DASHBOARD"]?.lowercased() ?? "")
        guard queryTimeout >= 0, queryTimeout.isFinite else { throw ValidationError("--query-timeout must be a number of seconds ≥ 0") }
        let logger = database.logger
        try await database.withConfiguration { configured, _ in
            var connection = configured
            connection.queryTimeout = queryTimeout > 0 ? .milliseconds(Int((queryTimeout * 1000).rounded())) : nil
            let pool = PostgresPool(configuration: connection, pool: .init(size: poolSize, acquireTimeout: .seconds(5)), logger: logger)
            let services = APIServices(pool: pool, configuration: configuration, logger: logger)
            var workers: [any Service] = []
            if !noWorkers {
                workers.append(ProjectionWorkers(configuration: connection, logger: logger))
                workers.append(CampaignEffectsRefitter(configuration: connection, logger: logger))
            }
            let host = configuration.host
            let app = APIApplication.build(services, workers: workers, logger: logger) { port in
                // Written straight to the file descriptor: scripts and tests wait for this line.
                FileHandle.standardOutput.write(Data("helpline-stats listening on http://\(host):\(port)\(noWorkers ? " (no workers)" : "")\n".utf8))
            }
            try await app.runService()
        }
    }
}
