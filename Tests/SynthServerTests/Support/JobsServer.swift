import Foundation
import HTTPTypes
import HummingbirdTesting
import SynthCore
import SynthServer
import SynthStore
import Testing

extension TestServer {
    /// Runs `body` with the job runner working in the background, as `synthforge serve` runs it;
    /// when `body` returns the runner stops as on a graceful shutdown.
    func runWithJobs<T: Sendable>(_ body: @Sendable (Client) async throws -> T) async throws -> T {
        try await Self.runWithJobs(services: services, key: ownerKey, body)
    }

    static func runWithJobs<T: Sendable>(services: ServerServices, key: String, _ body: @Sendable (Client) async throws -> T)
        async throws -> T
    {
        let app = ServerApp.application(services: services, background: [services.jobs])
        return try await app.test(.router) { client in try await body(Client(client: client, key: key)) }
    }

    /// The ids of the records of the head of the organization `default`'s dataset `name`.
    func recordIDs(_ name: String) async throws -> [String] {
        try await services.stores.with { store in
            let version = try store.resolve("default/" + name)
            var ids: [String] = []
            try VersionInput(store: store, version: version).readJSON { json in
                ids.append(((try? JSONParser.parse(Array(json.utf8)))?.objectValue?["id"]?.stringValue) ?? "")
                return true
            }
            return ids
        }
    }
}

extension TestServer.Client {
    /// Starts generating `count` medical notes into `dataset`; returns the job's id.
    /// `checks` adds spec keys, such as `quality-threshold`.
    func generate(
        _ dataset: String, count: Int, seed: Int = 7, shardSize: Int? = nil, checks: Fields = [:], key: String? = nil
    ) async throws -> String {
        var spec: Fields = ["domain": .string("medical"), "task": .string("clinical-notes"), "count": .int(count), "seed": .int(seed)]
        for (key, value) in checks { spec[key] = value }
        if let shardSize { spec["shard-size"] = .int(shardSize) }
        let answer = try await call(
            .post, "/api/v1/generate", json: .object(["dataset": .string(dataset), "spec": .object(spec)]), key: key)
        #expect(answer.status == 202, "\(answer.text)")
        return try #require(answer["id"]?.stringValue)
    }

    /// Follows job `id`'s event stream to its end: every event's name and data, in order.
    func follow(_ id: String) async throws -> [(name: String, data: Value)] {
        let answer = try await call(.get, "/api/v1/jobs/\(id)/events")
        #expect(answer.status == 200)
        #expect(answer.headers[.contentType]?.hasPrefix("text/event-stream") == true)
        var events: [(name: String, data: Value)] = []
        for frame in answer.text.components(separatedBy: "\n\n") where !frame.isEmpty {
            var name = ""
            var data = Value.null
            for line in frame.split(separator: "\n") {
                if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data = (try? JSONParser.parse(Array(line.dropFirst(6).utf8))) ?? .null }
            }
            events.append((name, data))
        }
        return events
    }

    /// Waits for job `id` to end (by its event stream) and returns it as the API shows it.
    func finished(_ id: String) async throws -> Fields {
        let events = try await follow(id)
        let last = try #require(events.last)
        #expect(last.name == "status")
        return try #require(last.data.objectValue)
    }
}

extension ServerServices {
    /// Waits until a `job.progress` event of job `id` arrives.
    func firstProgress(of id: String, from events: AsyncStream<ServerEvent>) async {
        for await event in events where event.subject == "job/\(id)" && event.kind == "job.progress" { return }
    }
}
