import HTTPTypes
import SynthCore

/// The organization's activity feed: the events the event bus kept, newest first.
enum ActivityRoutes {
    static let eventSchema = Schema.object([
        "id": Schema.integer, "at": Schema.integer, "actor": Schema.string, "kind": Schema.string, "subject": Schema.string,
        "data": Schema.any,
    ])

    static let routes: [APIRoute] = [
        APIRoute(
            .get, "/api/v1/activity", permission: .read, tag: "collaboration",
            summary: "What happened in the organization, newest first: jobs, versions, reviews, comments, templates.",
            response: Schema.object(["events": Schema.array(eventSchema), "next_before": Schema.nullable(Schema.integer)]),
            query: [
                .init("limit", Schema.integer(in: 1...500), "At most this many (1-500, default 50)."),
                .init("before", Schema.integer(in: 1...Int.max), "Only events before this id (the previous page's next_before)."),
            ]
        ) { call in
            let caller = try call.caller
            let limit = try call.query("limit", in: 1...500, default: 50)
            var before: Int64?
            if call.query("before") != nil { before = Int64(try call.query("before", in: 1...Int.max, default: 1)) }
            let events = try await call.store { access in
                try EventBus.feed(org: caller.org.id, before: before, limit: limit, in: access.db)
            }
            let next: Value = events.count == limit ? events.last.map { .int(Int($0.id)) } ?? .null : .null
            return JSONBody.response(.object(["events": .array(events.map(\.json)), "next_before": next]))
        }
    ]
}
