import Logging
import Postgres
import ServiceLifecycle

/// All projections, each in its own worker, as one service.
public struct ProjectionWorkers: Service {
    public let workers: [ProjectionWorker]

    public init(
        projections: [any Projection] = ProjectionCatalog.all, configuration: PostgresConfiguration,
        options: ProjectionWorker.Options = ProjectionWorker.Options(), logger: Logger
    ) {
        workers = projections.map { ProjectionWorker(projection: $0, configuration: configuration, options: options, logger: logger) }
    }

    /// Runs every worker until they return (caught up, or shutdown). Throws the first poison event when
    /// running until caught up.
    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in workers { group.addTask { try await worker.run() } }
            try await group.waitForAll()
        }
    }
}
