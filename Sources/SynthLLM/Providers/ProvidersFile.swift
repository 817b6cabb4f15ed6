import Foundation
import SynthCore
import Yams

/// A YAML file naming several providers and the order to fall back through them.
///
/// ```yaml
/// providers:
///   openai:
///     kind: openai                     # openai | anthropic
///     base_url: https://api.openai.com # required for openai; anthropic defaults to https://api.anthropic.com
///     model: gpt-4o-mini
///     api_key_env: OPENAI_API_KEY      # no key is sent without it
///     schema_style: openai             # openai | json_object | none
///     timeout: 120                     # seconds
///     stream: false
///     max_tokens: 4096                 # when a request sets none
///     embedding_model: text-embedding-3-small
///     drop_parameters: [top_k]         # sampling parameters this server rejects
///     prices: {gpt-4o-mini: {input: 0.15, output: 0.60}}   # USD per 1M tokens
///   local: {kind: openai, base_url: "http://127.0.0.1:8080", schema_style: json_object}
/// fallback: [openai, local]            # default: the providers in file order
/// fallback_after: 3                    # consecutive retryable failures before moving on
/// ```
/// Errors name the file, line and field.
public struct ProvidersFile: Sendable, Hashable {
    /// The providers, in file order.
    public var providers: [ProviderConfig]
    /// Provider names in the order a fallback chain tries them.
    public var fallback: [String]
    /// How many consecutive retryable failures of one provider move the chain to the next.
    public var fallbackAfter: Int

    /// Makes a providers file's contents.
    public init(providers: [ProviderConfig], fallback: [String]? = nil, fallbackAfter: Int = 3) {
        self.providers = providers
        self.fallback = fallback ?? providers.map(\.name)
        self.fallbackAfter = fallbackAfter
    }

    /// The provider called `name`, if the file has one.
    public func provider(named name: String) -> ProviderConfig? { providers.first { $0.name == name } }

    /// The fallback chain's providers, in order.
    public var chain: [ProviderConfig] { fallback.compactMap(provider(named:)) }

    /// Reads and parses the file at `path`.
    public static func load(path: String) throws(SynthError) -> ProvidersFile {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw SynthError(.io, "cannot read the providers file \(path): \(error.localizedDescription)")
        }
        return try parse(yaml: text, file: path)
    }

    /// Parses a providers file's text; `file` is the name errors give.
    public static func parse(yaml text: String, file: String) throws(SynthError) -> ProvidersFile {
        try Reader(file: file).file(text)
    }
}

/// Walks the YAML nodes, naming `file:line` and the field in every error.
private struct Reader {
    let file: String

    func at(_ node: Node) -> String { node.mark.map { "\(file):\($0.line)" } ?? file }

    func fail(_ node: Node, _ field: String, _ problem: String) -> SynthError {
        SynthError(.invalidSpec, "\(at(node)): \(field) \(problem)")
    }

    func entries(_ node: Node, _ field: String) throws(SynthError) -> [(key: String, node: Node, value: Node)] {
        guard let mapping = node.mapping else { throw fail(node, field, "must be a mapping") }
        return mapping.map { (key: $0.key.string ?? "\($0.key)", node: $0.key, value: $0.value) }
    }

    func string(_ node: Node, _ field: String) throws(SynthError) -> String {
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty else { throw fail(node, field, "must be a non-empty text") }
        return scalar.string
    }

    func number(_ node: Node, _ field: String) throws(SynthError) -> Double {
        guard case .scalar = node, let value = node.float, value.isFinite, value >= 0 else {
            throw fail(node, field, "must be a number of 0 or more")
        }
        return value
    }

    func positiveInt(_ node: Node, _ field: String) throws(SynthError) -> Int {
        guard case .scalar = node, let value = node.int, value >= 1 else { throw fail(node, field, "must be a whole number of 1 or more") }
        return value
    }

    func strings(_ node: Node, _ field: String) throws(SynthError) -> [String] {
        guard let sequence = node.sequence else { throw fail(node, field, "must be a list") }
        var out: [String] = []
        for item in sequence { out.append(try string(item, field)) }
        return out
    }

    func choice<T: RawRepresentable & CaseIterable>(_ node: Node, _ field: String, _: T.Type) throws(SynthError) -> T
    where T.RawValue == String {
        let text = try string(node, field)
        guard let value = T(rawValue: text) else {
            throw fail(node, field, "is '\(text)'; use one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    func file(_ text: String) throws(SynthError) -> ProvidersFile {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw SynthError(.invalidSpec, "\(file): the file is empty") }
            root = node
        } catch let error as SynthError {
            throw error
        } catch let YamlError.scanner(_, problem, mark, _), let YamlError.parser(_, problem, mark, _),
            let YamlError.composer(_, problem, mark, _)
        {
            throw SynthError(.invalidSpec, "\(file):\(mark.line): not valid YAML: \(problem)")
        } catch {
            throw SynthError(.invalidSpec, "\(file): not valid YAML (\(error))")
        }

        var providers: [ProviderConfig] = []
        var fallback: (names: [String], node: Node)?
        var fallbackAfter = 3
        for (key, keyNode, value) in try entries(root, "the file") {
            switch key {
            case "providers":
                for (name, nameNode, body) in try entries(value, "providers") {
                    if providers.contains(where: { $0.name == name }) {
                        throw fail(nameNode, "providers.\(name)", "is named twice")
                    }
                    providers.append(try provider(name, body))
                }
            case "fallback": fallback = (try strings(value, "fallback"), value)
            case "fallback_after": fallbackAfter = try positiveInt(value, "fallback_after")
            default: throw fail(keyNode, key, "is not a known key; use providers, fallback, fallback_after")
            }
        }
        if providers.isEmpty { throw fail(root, "providers", "is missing or empty: name at least one provider") }
        if let fallback {
            for name in fallback.names where !providers.contains(where: { $0.name == name }) {
                throw fail(fallback.node, "fallback", "names '\(name)', which is not among the providers")
            }
        }
        return ProvidersFile(providers: providers, fallback: fallback?.names, fallbackAfter: fallbackAfter)
    }

    func provider(_ name: String, _ node: Node) throws(SynthError) -> ProviderConfig {
        let path = "providers.\(name)"
        let fields = try entries(node, path)
        guard let kindNode = fields.first(where: { $0.key == "kind" })?.value else {
            throw fail(node, "\(path).kind", "is missing: give openai or anthropic")
        }
        let kind = try choice(kindNode, "\(path).kind", ProviderConfig.Kind.self)
        var config = ProviderConfig(
            name: name, kind: kind, baseURL: kind == .anthropic ? ProviderConfig.anthropic().baseURL : "",
            schemaStyle: kind == .anthropic ? .none : .openai)
        for (key, keyNode, value) in fields {
            let field = "\(path).\(key)"
            switch key {
            case "kind": break
            case "base_url":
                config.baseURL = try string(value, field)
                guard config.baseURL.hasPrefix("http://") || config.baseURL.hasPrefix("https://") else {
                    throw fail(value, field, "must start with http:// or https://")
                }
            case "model": config.model = try string(value, field)
            case "api_key_env": config.apiKeyEnv = try string(value, field)
            case "schema_style": config.schemaStyle = try choice(value, field, ProviderConfig.SchemaStyle.self)
            case "timeout":
                let seconds = try number(value, field)
                guard seconds > 0 else { throw fail(value, field, "must be more than 0 seconds") }
                config.timeout = .milliseconds(Int64(seconds * 1000))
            case "stream":
                guard let flag = value.bool else { throw fail(value, field, "must be true or false") }
                config.stream = flag
            case "max_tokens": config.defaultMaxTokens = try positiveInt(value, field)
            case "embedding_model": config.embeddingModel = try string(value, field)
            case "drop_parameters":
                let known: Set = ["temperature", "top_p", "top_k", "max_tokens", "stop", "seed"]
                let names = try strings(value, field)
                if let stray = names.first(where: { !known.contains($0) }) {
                    throw fail(value, field, "names '\(stray)'; use temperature, top_p, top_k, max_tokens, stop or seed")
                }
                config.dropParameters = Set(names)
            case "prices":
                for (model, _, price) in try entries(value, field) { config.prices[model] = try self.price(price, "\(field).\(model)") }
            default:
                throw fail(
                    keyNode, field,
                    "is not a known key; use kind, base_url, model, api_key_env, schema_style, timeout, stream, max_tokens, embedding_model, drop_parameters, prices"
                )
            }
        }
        if config.baseURL.isEmpty { throw fail(node, "\(path).base_url", "is missing: give the server's address") }
        return config
    }

    func price(_ node: Node, _ path: String) throws(SynthError) -> Price {
        var input: Double?
        var output: Double?
        for (key, keyNode, value) in try entries(node, path) {
            switch key {
            case "input": input = try number(value, "\(path).input")
            case "output": output = try number(value, "\(path).output")
            default: throw fail(keyNode, "\(path).\(key)", "is not a known key; use input and output (USD per 1M tokens)")
            }
        }
        guard let input, let output else {
            throw fail(node, path, "needs both input and output (USD per 1M tokens)")
        }
        return Price(input: input, output: output)
    }
}
