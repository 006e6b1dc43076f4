import Hummingbird

/// The request context of the API: Hummingbird's core storage plus who is calling.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The verified bearer token, set by ``TokenAuthMiddleware``.
    public var principal: TokenPrincipal?
    /// The largest request body accepted (1 MiB unless configured otherwise).
    public var maxUploadSize: Int

    public init(source: Source) {
        coreContext = .init(source: source)
        principal = nil
        maxUploadSize = ServerConfiguration.defaultBodyLimit
    }
}
