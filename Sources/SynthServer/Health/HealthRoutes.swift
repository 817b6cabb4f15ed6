import Hummingbird
import NIOCore
import SynthCore
import SynthStore

/// Liveness, readiness, Prometheus metrics and the OpenAPI document: open to all.
enum HealthRoutes {
    static let routes: [APIRoute] = [
        APIRoute(
            .get, "/health", permission: .open, tag: "health", summary: "Liveness: the process answers.",
            response: Schema.object(["status": Schema.string])
        ) { _ in JSONBody.response(.object(["status": .string("ok")])) },
        APIRoute(
            .get, "/ready", permission: .open, tag: "health", summary: "Readiness: the store answers a query.",
            response: Schema.object(["status": Schema.string])
        ) { call in
            _ = try await call.store { access in try access.db.first("SELECT 1") }
            return JSONBody.response(.object(["status": .string("ready")]))
        },
        APIRoute(
            .get, "/metrics", permission: .open, tag: "health",
            summary: "Prometheus metrics: requests, latency, jobs, records, tokens, cost.",
            responseType: "text/plain"
        ) { call in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: call.services.metrics.render())))
        },
        APIRoute(
            .get, "/openapi.json", permission: .open, tag: "health", summary: "This API's OpenAPI 3.1 document.",
            response: Schema.object([:], required: [])
        ) { _ in JSONBody.response(OpenAPIDocument.build(routes: ServerApp.routes)) },
    ]
}
