import Foundation
import Hummingbird
import SynthCore
import SynthStore

/// Organizations, members and their roles, API keys, and the audit log.
enum AccountRoutes {
    static let routes: [APIRoute] = orgRoutes + memberRoutes + keyRoutes + auditRoutes

    static let auditEntrySchema = Schema.object([
        "id": Schema.integer, "at": Schema.integer, "actor": Schema.string, "method": Schema.string, "path": Schema.string,
        "status": Schema.integer, "detail": Schema.string,
    ])

    static let auditRoutes: [APIRoute] = [
        APIRoute(
            .get, "/api/v1/audit", permission: .manage, tag: "accounts",
            summary: "The organization's audit log, newest first: every change made through the API, and every refused one.",
            response: Schema.object(["entries": Schema.array(auditEntrySchema), "next_before": Schema.nullable(Schema.integer)]),
            query: [
                .init("limit", Schema.integer(in: 1...500), "How many entries, 1 to 500 (50)."),
                .init("before", Schema.integer(in: 1...Int.max), "Only entries older than this id: the previous page's next_before."),
            ]
        ) { call in
            let caller = try call.caller
            let limit = try call.query("limit", in: 1...500, default: 50)
            let before = try call.query("before", in: 1...Int.max, default: Int.max)
            let entries = try await call.store { access in
                try Accounts.auditEntries(org: caller.org.id, before: Int64(before), limit: limit, in: access.db)
            }
            let json: [Value] = entries.map { entry in
                .object([
                    "id": .int(Int(entry.id)), "at": .int(Int(entry.at)), "actor": .string(entry.actor), "method": .string(entry.method),
                    "path": .string(entry.path), "status": .int(entry.status), "detail": .string(entry.detail),
                ])
            }
            let next: Value = entries.count == limit ? entries.last.map { .int(Int($0.id)) } ?? .null : .null
            return JSONBody.response(.object(["entries": .array(json), "next_before": next]))
        }
    ]

    /// A role from `field` of `body`: nil when absent, a 400 listing the roles when not one.
    static func parseRole(_ body: JSONBody, _ field: String) throws(APIError) -> Role? {
        guard let text = try body.string(field) else { return nil }
        guard let role = Role(rawValue: text) else {
            throw APIError.invalid(
                field, "'\(text)' is not a role: use one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return role
    }

    /// Refuses to give `role` when it is above the caller's own.
    static func checkGrant(_ role: Role, by caller: Principal, field: String) throws(APIError) {
        guard role <= caller.role else {
            throw APIError(
                .forbidden, "forbidden", "your role '\(caller.role.rawValue)' cannot give the role '\(role.rawValue)'", field: field)
        }
    }

    /// The numeric id in path parameter `name`; a 404 naming `what` when it is not one.
    static func objectID(_ call: APICall, _ name: String, _ what: String) throws(APIError) -> Int64 {
        let text = try call.parameter(name)
        guard let id = Int64(text), id > 0 else { throw APIError.notFound("\(what) '\(text)'") }
        return id
    }

    /// A name of up to 200 characters, not only spaces.
    static let nameSchema = Schema.string(length: 1...200, pattern: "\\S")
    static let roleSchema = Schema.enumeration(Role.allCases.map(\.rawValue))

    static func time(_ ms: Int64?) -> Value { ms.map { .int(Int($0)) } ?? .null }
}
