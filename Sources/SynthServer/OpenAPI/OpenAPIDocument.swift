import Foundation
import HTTPTypes
import SynthCore

/// The OpenAPI 3.1 document, built from the route table itself, so a route cannot be served
/// without being documented, or documented without being served.
public enum OpenAPIDocument {
    public static func build(routes: [APIRoute]) -> Value {
        var paths: [(String, Fields)] = []
        for route in routes {
            let method = route.method.rawValue.lowercased()
            var operation: Fields = [
                "operationId": .string(operationID(route)), "summary": .string(route.summary), "tags": .array([.string(route.tag)]),
            ]
            var parameters: [Value] = route.path.split(separator: "/").filter { $0.hasPrefix("{") }.map { part in
                .object([
                    "name": .string(String(part.dropFirst().dropLast())), "in": .string("path"), "required": .bool(true),
                    "schema": Schema.string,
                ])
            }
            for q in route.query {
                parameters.append(
                    .object([
                        "name": .string(q.name), "in": .string("query"), "required": .bool(false), "schema": q.schema,
                        "description": .string(q.description),
                    ]))
            }
            if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
            if let body = route.requestSchema {
                operation["requestBody"] = .object([
                    "required": .bool(true), "content": .object(["application/json": .object(["schema": body])]),
                ])
            }
            var success: Fields = ["description": .string("success")]
            if let schema = route.responseSchema {
                success["content"] = .object([route.responseType: .object(["schema": schema])])
            } else if route.successStatus != 204 {
                success["content"] = .object([route.responseType: .object([:])])
            }
            var responses: Fields = [String(route.successStatus): .object(success)]
            let errorBody: Value = .object([
                "description": .string("an error, as JSON"),
                "content": .object(["application/json": .object(["schema": .object(["$ref": .string("#/components/schemas/Error")])])]),
            ])
            for code in errorStatuses(route) { responses[String(code)] = errorBody }
            operation["responses"] = .object(responses)
            if route.permission == .open {
                operation["security"] = .array([])
            } else {
                operation["description"] = .string("Needs the role '\(route.permission.minimumRole!.rawValue)' or above.")
            }
            if let i = paths.firstIndex(where: { $0.0 == route.path }) {
                paths[i].1[method] = .object(operation)
            } else {
                paths.append((route.path, [method: .object(operation)]))
            }
        }
        return .object([
            "openapi": .string("3.1.0"),
            "info": .object([
                "title": .string("SynthForge"), "version": .string("1"),
                "description": .string(
                    "Synthetic data generation, storage, review and export. Sign in with 'Authorization: Bearer <API key or session token>'."
                ),
            ]),
            "servers": .array([.object(["url": .string("/")])]),
            "security": .array([.object(["bearer": .array([])])]),
            "paths": .object(Fields(paths.map { ($0.0, Value.object($0.1)) })),
            "components": .object([
                "securitySchemes": .object(["bearer": .object(["type": .string("http"), "scheme": .string("bearer")])]),
                "schemas": .object(["Error": Schema.error]),
            ]),
        ])
    }

    /// `GET /api/v1/datasets/{dataset}` → `get_api_v1_datasets_dataset`.
    static func operationID(_ route: APIRoute) -> String {
        let parts = route.path.split(separator: "/").map {
            $0.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")
        }
        return ([route.method.rawValue.lowercased()] + parts).joined(separator: "_").replacingOccurrences(of: ".", with: "_")
            .replacingOccurrences(of: "-", with: "_")
    }

    /// The error statuses a route can answer with: any call can be malformed, fail, or be
    /// rate-limited (open routes too, when called with a key); routes that need sign-in refuse
    /// callers, as do open routes that take credentials in their body (login, refresh); a route
    /// that names an object, in its path or its body, may not find it; a change may conflict or
    /// be too large; a body may be well-formed but unusable.
    static func errorStatuses(_ route: APIRoute) -> [Int] {
        var codes = [400, 429, 500]
        if route.permission != .open || route.requestSchema != nil { codes.append(401) }
        if route.permission != .open { codes.append(403) }
        if route.path.contains("{") || route.requestSchema != nil { codes.append(404) }
        if route.mutates { codes += [409, 413] }
        if route.requestSchema != nil { codes.append(422) }
        return codes.sorted()
    }
}
