import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import SynthCore
import SynthStore
import UnixSignals

/// `synthforge serve`: every route of the table behind one gate that signs the caller in, checks
/// the role, limits the rate, reads the body within the size limit, writes the audit log and
/// turns every failure into a JSON error.
public enum ServerApp {
    /// Every route of the API, by feature.
    public static let routes: [APIRoute] =
        HealthRoutes.routes + SessionRoutes.routes + AccountRoutes.routes + DatasetRoutes.routes + TemplateRoutes.routes
        + JobRoutes.routes + ScheduleRoutes.routes + CommentRoutes.routes + ActivityRoutes.routes + WebhookRoutes.routes
        + AnalyticsRoutes.routes
    /// The web UI's pages and assets: served beside the API, not part of it (nor of its OpenAPI document).
    public static let pages: [APIRoute] = WebRoutes.routes

    /// The router over `routes`, with the server's middleware.
    public static func router(services: ServerServices) -> Router<ServerContext> {
        let router = Router(context: ServerContext.self)
        router.add(middleware: SecurityHeaders(corsOrigins: services.configuration.corsOrigins))
        for route in routes + pages {
            router.on(RouterPath(route.routerPath), method: route.method) { request, context in
                try await gate(route, request: request, context: context, services: services)
            }
        }
        return router
    }

    /// The application: the router, the listening address, and the background services.
    public static func application(
        services: ServerServices, background: [any Service] = [], logger: Logger? = nil,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var logger = logger ?? Logger(label: "synthforge.server")
        if logger.logLevel > .info { logger.logLevel = .info }
        return Application(
            router: router(services: services),
            configuration: .init(
                address: .hostname(services.configuration.host, port: services.configuration.port), serverName: "SynthForge"),
            services: background, onServerRunning: onServerRunning, logger: logger)
    }

    /// Creates the first organization and admin on an empty store; returns the one-time API key
    /// to print (nil when the store already has users).
    public static func bootstrap(services: ServerServices) async throws -> String? {
        let configuration = services.configuration
        return try await services.stores.with { store throws(SynthError) -> String? in
            let db = store.database
            guard try Accounts.isEmpty(db) else { return nil }
            return try db.transaction { () throws(SynthError) -> String in
                let org = try Accounts.createOrg(slug: "default", name: "Default organization", in: db)
                let user = try Accounts.createUser(
                    email: configuration.adminEmail, name: "Admin", password: configuration.adminPassword, in: db)
                try Accounts.setMembership(org: org.id, userID: user, role: .owner, in: db)
                return try Accounts.createKey(org: org.id, userID: user, name: "first admin key", role: .owner, in: db).key
            }
        }
    }

    /// Runs one route for one request.
    static func gate(_ route: APIRoute, request: Request, context: ServerContext, services: ServerServices) async throws -> Response {
        let started = ContinuousClock.now
        var principal: Principal?
        var response: Response
        do {
            // On an open route a stale or wrong credential (an old session cookie at login) is no sign-in, not a 401;
            // nor on a page, which then sends the browser to sign in again.
            principal =
                route.permission == .open || route.html
                ? try? await authenticate(request, services: services) : try await authenticate(request, services: services)
            if route.permission != .open {
                guard let principal else { throw APIError.unauthorized }
                guard principal.role.allows(route.permission) else { throw APIError.forbidden(principal.role, needs: route.permission) }
            }
            if let principal, let wait = services.limiter.take(principal.keyID.map { "key:\($0)" } ?? "user:\(principal.userID)") {
                var error = APIError(
                    .tooManyRequests, "rate-limited",
                    "too many requests: wait \(wait) s (the limit is \(services.limiter.perMinute) a minute)")
                error.headers[.retryAfter] = String(wait)
                throw error
            }
            let bytes: [UInt8]
            if route.method == .get || route.method == .head {
                bytes = []
            } else {
                do {
                    bytes = Array(buffer: try await request.body.collect(upTo: ServerConfiguration.maxBodyBytes))
                } catch {
                    throw APIError(
                        .contentTooLarge, "too-large", "the body is larger than \(ServerConfiguration.maxBodyBytes / 1_048_576) MiB")
                }
            }
            let call = APICall(request: request, context: context, principal: principal, services: services, bodyBytes: bytes)
            response = try await route.handler(call)
        } catch let error as APIError {
            response = route.html ? WebLayout.failure(error, request: request) : try error.response(from: request, context: context)
        } catch let error as SynthError {
            response = try APIError.from(error).response(from: request, context: context)
        } catch let error as HTTPError {
            response = try APIError(error.status, "http", error.body ?? error.status.reasonPhrase).response(from: request, context: context)
        } catch {
            context.logger.error("\(route.method) \(route.path) failed: \(error)")
            response = try APIError(.internalServerError, "internal", "the server failed: \(error)").response(
                from: request, context: context)
        }
        let status = Int(response.status.code)
        if route.mutates, let principal, status < 400 || status == 403 {
            try? await services.stores.with { store in
                try Accounts.audit(
                    org: principal.org.id, actor: principal.email, method: route.method.rawValue, path: request.uri.path, status: status,
                    detail: principal.keyID.map { "key \($0)" } ?? "session", in: store.database)
            }
        }
        let elapsed = ContinuousClock.now - started
        services.metrics.observe(
            route: "\(route.method.rawValue) \(route.path)", status: status,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        return response
    }

    /// Who the request signs in as: an API key or a session token, from `Authorization: Bearer`
    /// or the UI's session cookie. Nil when it carries neither; a 401 when what it carries is not valid.
    static func authenticate(_ request: Request, services: ServerServices) async throws -> Principal? {
        var token: String?
        if let header = request.headers[.authorization] {
            guard header.lowercased().hasPrefix("bearer ") else {
                throw APIError(.unauthorized, "unauthorized", "the Authorization header must be 'Bearer <API key or session token>'")
            }
            token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        } else if let cookie = request.cookies[SessionRoutes.cookieName]?.value, !cookie.isEmpty {
            token = cookie
        }
        guard let token else { return nil }
        if token.hasPrefix("sf_") {
            let found = try await services.stores.with { store in
                try Accounts.principal(forKey: token, now: ServerClock.nowMillis(), in: store.database)
            }
            guard let found else { throw APIError(.unauthorized, "unauthorized", "this API key is not valid: unknown, revoked or expired") }
            return found
        }
        guard let session = SessionToken.verify(token, with: services.sessionKey, now: ServerClock.nowMillis() / 1000) else {
            throw APIError(.unauthorized, "unauthorized", "this session is not valid or has expired: sign in again or refresh it")
        }
        let found = try await services.stores.with { store in try Accounts.principal(for: session, in: store.database) }
        guard let found else { throw APIError(.unauthorized, "unauthorized", "this session's user is no longer a member") }
        return found
    }

    /// Prints `lines` at once, so a log or pipe sees them even when the server is killed later.
    static func say(_ lines: String...) {
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    /// Runs the server until SIGINT or SIGTERM: migrates the store, bootstraps an empty one,
    /// prints where it listens, and stops gracefully (requests in flight finish, jobs stop
    /// keeping what they made).
    public static func run(configuration: ServerConfiguration, background: (ServerServices) -> [any Service] = { _ in [] }) async throws {
        let services = try await ServerServices(configuration: configuration)
        if let key = try await bootstrap(services: services) {
            say(
                "First start: created the organization 'default' and the owner \(configuration.adminEmail).",
                "Its API key, shown this once (store it now):", "", "    \(key)", "")
            if configuration.adminPassword == nil {
                say("Set SYNTHFORGE_ADMIN_PASSWORD before the first start to also sign in to the web UI with a password.")
            }
        }
        let location = services.stores.location
        let app = application(
            services: services, background: [services.jobs, Scheduler(services: services), services.webhooks] + background(services)
        ) { channel in
            // The port actually bound: `--port 0` asks for any free one.
            let port = channel.localAddress?.port ?? configuration.port
            say("SynthForge serving on http://\(configuration.host):\(port) (store: \(location))")
        }
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        services.stores.close()
    }
}
