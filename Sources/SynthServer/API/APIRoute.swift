import Foundation
import HTTPTypes
import Hummingbird
import SynthCore

/// One endpoint of the server, declared once: its method and path, what it needs of the caller,
/// how the OpenAPI document describes it, and its handler.
///
/// The router, the OpenAPI document and the role-matrix test all read the same table
/// (`ServerApp.routes`), so they cannot disagree. Paths use `{name}` for parameters.
public struct APIRoute: Sendable {
    public var method: HTTPRequest.Method
    /// Such as `/api/v1/datasets/{dataset}/records`.
    public var path: String
    public var permission: Permission
    /// The OpenAPI tag: the feature it belongs to.
    public var tag: String
    /// One line for the OpenAPI document.
    public var summary: String
    /// The JSON Schema of the request body, when it takes one.
    public var requestSchema: Value?
    /// The JSON Schema of a successful response body (nil: not JSON, such as an export or a stream).
    public var responseSchema: Value?
    /// The status of a successful response.
    public var successStatus: Int
    /// The media type of a successful response.
    public var responseType: String
    /// Query parameters: name, JSON Schema, description.
    public var query: [QueryParameter]
    /// A page or asset of the web UI (`ServerApp.pages`): a missing or stale session sends the
    /// browser to the sign-in page instead of a JSON 401.
    public var html: Bool
    /// True when a successful call changes something, so it is written to the audit log.
    public var mutates: Bool { method != .get && method != .head && method != .options }
    public var handler: @Sendable (APICall) async throws -> Response

    public struct QueryParameter: Sendable {
        public var name: String
        public var schema: Value
        public var description: String
        public init(_ name: String, _ schema: Value, _ description: String) {
            self.name = name
            self.schema = schema
            self.description = description
        }
    }

    public init(
        _ method: HTTPRequest.Method, _ path: String, permission: Permission, tag: String, summary: String,
        request: Value? = nil, response: Value? = nil, status: Int = 200, responseType: String = "application/json",
        query: [QueryParameter] = [], html: Bool = false, handler: @escaping @Sendable (APICall) async throws -> Response
    ) {
        self.method = method
        self.path = path
        self.permission = permission
        self.tag = tag
        self.summary = summary
        requestSchema = request
        responseSchema = response
        successStatus = status
        self.responseType = responseType
        self.query = query
        self.html = html
        self.handler = handler
    }

    /// The path in the router's syntax (`:name` for `{name}`).
    var routerPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? ":" + part.dropFirst().dropLast() : String(part)
        }.joined(separator: "/")
    }
}

/// What a handler gets: the request, its body, the caller, path and query parameters, and the
/// server's services.
public struct APICall: Sendable {
    public let request: Request
    public let context: ServerContext
    /// The caller; nil only on `.open` routes called without signing in.
    public let principal: Principal?
    public let services: ServerServices
    /// The body, read up to the server's size limit (empty for GET).
    public let bodyBytes: [UInt8]

    /// The caller of a route that needs sign-in (every route but `.open` ones).
    public var caller: Principal {
        get throws(APIError) {
            guard let principal else { throw APIError.unauthorized }
            return principal
        }
    }

    /// The body as a JSON object.
    public func json() throws(APIError) -> JSONBody { try JSONBody(bytes: bodyBytes) }

    /// A path parameter, such as `dataset` in `/datasets/{dataset}`.
    public func parameter(_ name: String) throws(APIError) -> String {
        guard let value = context.parameters.get(name) else { throw APIError.invalid(name, "the path needs '\(name)'") }
        return value.removingPercentEncoding ?? value
    }

    /// A query parameter, or nil.
    public func query(_ name: String) -> String? { request.uri.queryParameters.get(name) }

    /// An integer query parameter in `range`, or `fallback` when absent; a 400 naming it otherwise.
    public func query(_ name: String, in range: ClosedRange<Int>, default fallback: Int) throws(APIError) -> Int {
        guard let text = query(name) else { return fallback }
        guard let n = Int(text), range.contains(n) else {
            throw APIError.invalid(name, "'\(name)' must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }

    /// Runs `body` on a store connection of the caller's (or the server's), turning store
    /// failures into API errors.
    public func store<T>(_ body: (StoreAccess) throws -> T) async throws -> T {
        let actor = principal?.email ?? "server"
        do {
            return try await services.stores.with(as: actor) { store in try body(StoreAccess(store: store)) }
        } catch let error as SynthError {
            throw APIError.from(error)
        }
    }
}
