import Foundation
import HTTPTypes
import SynthCore
import SynthServer
import Testing

/// Walks every route of the table with no key and with a key of each role: 401 without sign-in
/// where sign-in is needed, 403 exactly below the route's least role, and otherwise an answer
/// that is neither (path parameters name nothing, so 404 is fine; bodies are empty, so a 400 is
/// fine), never a 5xx.
@Suite struct RoleMatrixTests {
    @Test func everyRouteAnswersEachRoleAsItsPermissionSays() async throws {
        let server = try await TestServer.make { $0.requestsPerMinute = 1_000_000 }
        try await server.run { client in
            let keys = try await client.keysOfEveryRole()
            var checked = 0
            for route in ServerApp.routes {
                let path = route.filled()
                let body: Value? = route.mutates ? .object([:]) : nil
                let anonymous = try await client.call(route.method, path, json: body, key: "")
                if route.permission == .open {
                    #expect(![401, 403].contains(anonymous.status), "\(route.label) without a key: \(anonymous.status) \(anonymous.text)")
                } else {
                    #expect(anonymous.status == 401, "\(route.label) without a key: \(anonymous.status) \(anonymous.text)")
                }
                #expect(anonymous.status < 500, "\(route.label) without a key: \(anonymous.status) \(anonymous.text)")
                for role in Role.allCases {
                    let answer = try await client.call(route.method, path, json: body, key: keys[role])
                    if role.allows(route.permission) {
                        #expect(![401, 403].contains(answer.status), "\(route.label) as \(role.rawValue): \(answer.status) \(answer.text)")
                    } else {
                        #expect(answer.status == 403, "\(route.label) as \(role.rawValue): \(answer.status) \(answer.text)")
                        #expect(answer.errorCode == "forbidden", "\(route.label) as \(role.rawValue)")
                    }
                    #expect(answer.status < 500, "\(route.label) as \(role.rawValue): \(answer.status) \(answer.text)")
                    checked += 1
                }
            }
            #expect(checked == ServerApp.routes.count * Role.allCases.count)
            // The walk changed nothing: every key still signs in with its role.
            for (role, key) in keys { #expect(try await client.call(.get, "/api/v1/me", key: key)["role"]?.stringValue == role.rawValue) }
        }
    }

    /// The roles table in docs/server/README.md is the route table's: regenerate it with
    /// `SYNTHFORGE_UPDATE_DOCS=1 swift test --filter RoleMatrixTests` when routes change.
    @Test func theDocsRolesTableIsTheRouteTables() throws {
        let url = repositoryRoot.appendingPathComponent("docs/server/README.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let start = "<!-- roles table: generated from ServerApp.routes -->\n"
        let end = "<!-- end of roles table -->"
        let from = try #require(text.range(of: start), "docs/server/README.md has no '\(start)' marker")
        let to = try #require(text.range(of: end, range: from.upperBound..<text.endIndex), "no '\(end)' marker")
        let table = Self.rolesTable(ServerApp.routes)
        if ProcessInfo.processInfo.environment["SYNTHFORGE_UPDATE_DOCS"] == "1" {
            try (text[..<from.upperBound] + table + text[to.lowerBound...]).write(to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(
            String(text[from.upperBound..<to.lowerBound]) == table,
            "the roles table in docs/server/README.md is out of date: run SYNTHFORGE_UPDATE_DOCS=1 swift test --filter RoleMatrixTests")
    }

    /// The markdown table of every route and the least role that may call it.
    static func rolesTable(_ routes: [APIRoute]) -> String {
        var lines = ["| Method | Path | Least role | What it does |", "| --- | --- | --- | --- |"]
        for route in routes {
            let role = route.permission.minimumRole.map { "`\($0.rawValue)`" } ?? "anyone"
            lines.append(
                "| \(route.method.rawValue) | `\(route.path)` | \(role) | \(route.summary.replacingOccurrences(of: "|", with: "\\|")) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
