import HTTPTypes
import Hummingbird

/// Security headers on every response, CORS only for the origins configured (none by default),
/// and a JSON error for a path or method the route table does not have.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = ServerContext
    let corsOrigins: [String]
    /// The error code of a request no route answers (a route's own 404 says `not-found`).
    static let noRoute = "no-route"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let origin = request.headers[.origin]
        let allowed = origin.map { corsOrigins.contains($0) || corsOrigins.contains("*") } ?? false
        var response: Response
        if request.method == .options, allowed {
            response = Response(status: .noContent)
            response.headers[.accessControlAllowMethods] = "GET, POST, PUT, PATCH, DELETE"
            response.headers[.accessControlAllowHeaders] = "Authorization, Content-Type"
        } else {
            do {
                response = try await next(request, context)
            } catch let error as HTTPError where error.status == .notFound {
                response = try APIError(
                    .notFound, Self.noRoute, "no route \(request.method.rawValue) \(request.uri.path): see /openapi.json for the routes"
                ).response(from: request, context: context)
            }
        }
        if allowed, let origin { response.headers[.accessControlAllowOrigin] = origin }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] =
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'"
        }
        response.headers[.cacheControl] = response.headers[.cacheControl] ?? "no-store"
        return response
    }
}
