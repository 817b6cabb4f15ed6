import Hummingbird

/// The request context of every route: Hummingbird's core and the body size limit.
public struct ServerContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: Source) { coreContext = .init(source: source) }

    /// Bodies above this many bytes get 413 (imports are the largest requests).
    public var maxUploadSize: Int { ServerConfiguration.maxBodyBytes }
}
