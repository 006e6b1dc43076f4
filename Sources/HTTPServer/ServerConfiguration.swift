/// How the HTTP service runs. Defaults are safe for a first run on one machine.
public struct ServerConfiguration: Sendable {
    public static let defaultBodyLimit = 1 << 20

    /// Address to bind. Default 127.0.0.1 (use 0.0.0.0 in a container).
    public var host = "127.0.0.1"
    /// Port to bind; 0 picks a free one. Default 8080.
    public var port = 8080
    /// Largest request body in bytes; larger bodies get 413. Default 1 MiB.
    public var bodyLimit = defaultBodyLimit
    /// Largest number of events in one `POST /v1/events`. Default 1,000.
    public var maxBatchEvents = 1_000
    /// Whether `GET /` answers without a token (public figures only, docs/DISCLOSURE.md). Default false. The
    /// thresholds and the embargo are stored in the database (`helpline-stats disclosure`).
    public var publicDashboard = false
    /// How long a verified token is trusted without asking the database again; a revocation takes effect
    /// within this time. Default 5 s.
    public var tokenCacheSeconds = 5.0
    /// Seconds clients are told to wait when the database is unavailable (`Retry-After`). Default 5.
    public var retryAfterSeconds = 5

    public init() {}
}
