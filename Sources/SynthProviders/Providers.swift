import AsyncHTTPClient
import Foundation
import NIOCore
import SynthCore
import SynthLLM

/// Builds providers from configs, over one HTTP client shared by the whole process.
public enum Providers {
    /// The client every provider sends through: one connection pool per host, sized for 64+ requests
    /// in flight, on the process-wide event loops. It lives as long as the process, like `HTTPClient.shared`.
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 256)
        // A refused connection fails the request at once; the request scheduler above decides when to try again.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout = .init(connect: .seconds(10))
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// The provider `config` describes, with its key read from `environment[config.apiKeyEnv]`.
    ///
    /// A config without `api_key_env`, or whose variable is unset, sends no key: local servers need none,
    /// and a hosted API answers `unauthorized` with a message that names the variable.
    public static func make(
        _ config: ProviderConfig, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(SynthError) -> any LLMProvider {
        let root = config.root
        guard root.hasPrefix("http://") || root.hasPrefix("https://") else {
            throw SynthError(.invalidSpec, "provider '\(config.name)': base_url '\(config.baseURL)' must start with http:// or https://")
        }
        let key = config.apiKeyEnv.flatMap { environment[$0] }
        switch config.kind {
        case .openai: return OpenAICompatible(config, key: key)
        case .anthropic: return Anthropic(config, key: key)
        }
    }

    /// The fallback chain a providers file names, each provider made by `make(_:environment:)`.
    public static func fallback(
        _ file: ProvidersFile, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(SynthError) -> FallbackProvider {
        var chain: [any LLMProvider] = []
        for config in file.chain { chain.append(try make(config, environment: environment)) }
        guard !chain.isEmpty else { throw SynthError(.invalidSpec, "the providers file names no provider to use") }
        return FallbackProvider(chain, failuresBeforeMoving: file.fallbackAfter)
    }

    /// The fallback chain of the providers file at `path`.
    public static func fallback(
        path: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(SynthError) -> FallbackProvider {
        try fallback(ProvidersFile.load(path: path), environment: environment)
    }
}
