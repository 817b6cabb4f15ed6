import Foundation
import HTTPTypes
import Hummingbird
import SynthCore
import SynthServer
import SynthTesting
import Testing

@Suite struct OpenAPITests {
    @Test func theDocumentIsValidOpenAPI31ByTheReferenceValidator() async throws {
        let server = try await TestServer.make()
        let text = try await server.run { client in try await client.call(.get, "/openapi.json", key: "").text }
        let path = server.folder + "/openapi.json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let verdict = try Processes.python(
            """
            import json, sys
            from openapi_spec_validator import validate
            from openapi_spec_validator.validation import OpenAPIV31SpecValidator
            spec = json.load(open(sys.argv[1]))
            validate(spec, cls=OpenAPIV31SpecValidator)
            print(spec["openapi"], len(spec["paths"]))
            """, [path])
        let paths = Set(ServerApp.routes.map(\.path)).count
        #expect(verdict.trimmingCharacters(in: .whitespacesAndNewlines) == "3.1.0 \(paths)")
    }

    @Test func everyDocumentedOperationIsServedAndEveryRouteIsDocumented() async throws {
        let server = try await TestServer.make { $0.requestsPerMinute = 1_000_000 }
        try await server.run { client in
            let document = try await client.call(.get, "/openapi.json", key: "").json
            let paths = try #require(document.objectValue?["paths"]?.objectValue)
            var documented: Set<String> = []
            for (path, operations) in paths.pairs {
                for (method, operation) in try #require(operations.objectValue).pairs {
                    let route = APIRoute(
                        try #require(HTTPRequest.Method(method.uppercased())), path, permission: .open, tag: "", summary: ""
                    ) { _ in Response(status: .ok) }
                    documented.insert(route.label)
                    #expect(operation.objectValue?["responses"]?.objectValue?.pairs.isEmpty == false, "\(route.label) has responses")
                    let answer = try await client.call(route.method, route.filled(), json: route.mutates ? .object([:]) : nil)
                    #expect(answer.errorCode != "no-route", "\(route.label) is documented but not served")
                    #expect(answer.status < 500, "\(route.label): \(answer.status) \(answer.text)")
                }
            }
            #expect(documented == Set(ServerApp.routes.map(\.label)))
            #expect(documented.count == ServerApp.routes.count, "no route is declared twice")
            // The check above can tell: a route that is not in the table is the router's own 404.
            #expect(try await client.call(.get, "/api/v1/not-a-route").errorCode == "no-route")
            #expect(try await client.call(.put, "/api/v1/keys").errorCode == "no-route")
        }
    }
}
