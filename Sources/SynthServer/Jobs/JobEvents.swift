import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SynthCore
import SynthStore

/// A job followed live, as Server-Sent Events: `event: status` with the job when it starts and at
/// each change of state, `event: progress` with `{written, target, generated}` after every shard;
/// the stream ends after the final status. A job already finished gets its final status alone.
enum JobEvents {
    static func stream(_ call: APICall) async throws -> Response {
        let first = try await JobRoutes.job(call)
        let services = call.services
        // Listening starts before the job is read again, so no change falls between the two.
        let events = services.events.subscribe()
        guard let job = try await services.stores.with({ store in try JobsTable.job(first.id, in: store.database) }) else {
            throw APIError.notFound("job '\(first.id)'")
        }
        let subject = "job/\(job.id)"
        let body = ResponseBody { writer in
            try await writer.write(frame("status", job.json))
            if !job.status.isFinal {
                for await event in events where event.subject == subject {
                    if event.kind == "job.progress" {
                        try await writer.write(frame("progress", event.data))
                        continue
                    }
                    guard event.kind.hasPrefix("job."),
                        let now = try await services.stores.with({ store in try JobsTable.job(job.id, in: store.database) })
                    else { continue }
                    try await writer.write(frame("status", now.json))
                    if now.status.isFinal { break }
                }
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"], body: body)
    }

    /// One event: its name and its data as one line of JSON.
    static func frame(_ name: String, _ data: Value) -> ByteBuffer {
        ByteBuffer(string: "event: \(name)\ndata: \(JSONWriter.string(data))\n\n")
    }
}
