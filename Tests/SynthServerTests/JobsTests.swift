import Foundation
import HTTPTypes
import Synchronization
import SynthCore
import SynthStore
import Testing

@testable import SynthServer

@Suite(.timeLimit(.minutes(30))) struct JobsTests {
    @Test func aGenerationJobStreamsProgressCommitsAVersionAndSucceeds() async throws {
        let server = try await TestServer.make()
        try await server.runWithJobs { client in
            let id = try await client.generate("notes", count: 1000, shardSize: 100)
            let events = try await client.follow(id)
            let progress = events.filter { $0.name == "progress" }
            #expect(progress.count >= 1)
            #expect(progress.last?.data.objectValue?["target"] == .int(1000))
            let job = try #require(events.last?.data.objectValue)
            #expect(events.last?.name == "status")
            #expect(job["status"] == .string("succeeded"))
            #expect(job["written"] == .int(1000))
            #expect(job["mean_score"] == .null, "no record of a run without quality checks has a score")
            let version = try #require(job["version"]?.stringValue)
            let read = try await client.call(.get, "/api/v1/jobs/\(id)")
            #expect(read["status"] == .string("succeeded"))
            #expect(read["version"] == .string(version))
            #expect(read["finished_at"]?.doubleValue != nil)

            let feed = try await server.services.stores.with { store in
                try EventBus.feed(org: 1, before: nil, limit: 50, in: store.database)
            }
            let kinds = feed.map(\.kind)
            #expect(kinds.contains("job.queued") && kinds.contains("job.started") && kinds.contains("job.succeeded"))
            let published = try #require(feed.first { $0.kind == "dataset.version" })
            #expect(published.data.objectValue?["version"] == .string(version))
            #expect(published.data.objectValue?["records"] == .int(1000))
        }
        let ids = try await server.recordIDs("notes")
        #expect(ids.count == 1000)
        #expect(Set(ids).count == 1000)
        #expect(server.services.metrics.render().contains("synthforge_records_generated_total 1000"))
    }

    @Test func aJobsMeanScoreIsTheMeanOfItsRecordsScoresAndFeedsTheQualityAnalytics() async throws {
        let server = try await TestServer.make()
        try await server.runWithJobs { client in
            let id = try await client.generate("scored", count: 120, checks: ["quality-threshold": .double(0.2)])
            let job = try await client.finished(id)
            #expect(job["status"] == .string("succeeded"))
            let mean = try #require(job["mean_score"]?.doubleValue)

            let page = try await client.call(.get, "/api/v1/datasets/scored/records?limit=500")
            let scores = try #require(page["records"]?.arrayValue).compactMap { $0.objectValue?["score"]?.doubleValue }
            #expect(scores.count == 120)
            #expect(abs(mean - scores.reduce(0, +) / Double(scores.count)) < 1e-9)

            let quality = try await client.call(.get, "/api/v1/analytics/quality")
            #expect(quality["jobs_scored"] == .int(1))
            #expect(try abs(#require(quality["mean"]?.doubleValue) - mean) < 0.001)
        }
    }

    @Test func aHundredAndTwentyQueuedJobsAllSucceedWithinTheConcurrencyBound() async throws {
        let server = try await TestServer.make()
        try await server.runWithJobs { client in
            var jobs: [(id: String, count: Int)] = []
            for i in 0..<120 {
                let count = 3 + i % 5
                jobs.append((try await client.generate("batch-\(i)", count: count, seed: i), count))
            }
            for (id, count) in jobs {
                let job = try await client.finished(id)
                #expect(job["status"] == .string("succeeded"), "\(job)")
                #expect(job["written"] == .int(count))
                #expect(job["version"]?.stringValue != nil)
            }
            let succeeded = try await client.call(.get, "/api/v1/jobs?status=succeeded&limit=500")
            #expect(succeeded["jobs"]?.arrayValue?.count == 120)
        }
        for i in [0, 1, 59, 119] { #expect(try await server.recordIDs("batch-\(i)").count == 3 + i % 5) }
        // Never more jobs running at once than the configured bound: a job runs from its claim to its end.
        let spans = try await server.services.stores.with { store in
            try store.database.rows("SELECT started_at, finished_at FROM jobs").map { (Int64($0.int(0)), Int64($0.int(1))) }
        }
        var most = 0
        for (start, _) in spans { most = max(most, spans.filter { $0.0 <= start && start < $0.1 }.count) }
        #expect(most <= server.services.configuration.jobConcurrency)
    }

    @Test func aBadSpecIsRefusedUpFrontNamingTheField() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            func post(_ spec: Fields, dataset: Value = .string("d")) async throws -> TestServer.Client.Answer {
                try await client.call(.post, "/api/v1/generate", json: .object(["dataset": dataset, "spec": .object(spec)]))
            }
            let base: Fields = ["domain": .string("medical"), "task": .string("clinical-notes")]
            var spec = base
            spec["colour"] = .string("red")
            var answer = try await post(spec)
            #expect(answer.status == 400)
            #expect(answer.errorField == "spec.colour")
            spec = base
            spec["count"] = .int(-5)
            answer = try await post(spec)
            #expect(answer.status == 400)
            #expect(answer.errorField == "spec.count")
            spec = base
            spec["out"] = .string("/etc/passwd")
            answer = try await post(spec)
            #expect(answer.status == 400)
            #expect(answer.errorField == "spec.out")
            spec = base
            spec["domain"] = .string("astrology")
            answer = try await post(spec)
            #expect(answer.status == 422)
            #expect(answer.errorField == "spec.domain")
            spec = base
            spec["quality-threshold"] = .string("high")
            answer = try await post(spec)
            #expect(answer.status == 400)
            #expect(answer.errorField == "spec.quality-threshold")
            for name in ["../x", "team/x"] {
                answer = try await post(base, dataset: .string(name))
                #expect(answer.status == 400)
                #expect(answer.errorField == "dataset")
                #expect(answer.text.contains("is not a valid dataset name"))
            }
            answer = try await client.call(.post, "/api/v1/generate", json: .object(["dataset": .string("d")]))
            #expect(answer.errorField == "spec")
            answer = try await client.call(.post, "/api/v1/generate", json: .object(["dataset": .string("d"), "spec": .string("x")]))
            #expect(answer.status == 400)
            #expect(answer.errorField == "spec")
            let jobs = try await client.call(.get, "/api/v1/jobs")
            #expect(jobs["jobs"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test func cancellingAQueuedJobIsImmediateAndARunningOneKeepsWhatItMade() async throws {
        let server = try await TestServer.make { $0.jobConcurrency = 1 }
        let events = server.services.events.subscribe()
        try await server.runWithJobs { client in
            let big = try await client.generate("big", count: 100_000, shardSize: 50)
            let queued = try await client.generate("waiting", count: 10)
            let cancelled = try await client.call(.post, "/api/v1/jobs/\(queued)/cancel")
            #expect(cancelled.status == 200)
            #expect(cancelled["status"] == .string("cancelled"))
            #expect(try await client.call(.post, "/api/v1/jobs/\(queued)/cancel").status == 409)

            await server.services.firstProgress(of: big, from: events)
            #expect(try await client.call(.post, "/api/v1/jobs/\(big)/cancel").status == 200)
            let job = try await client.finished(big)
            #expect(job["status"] == .string("cancelled"))
            let written = try #require(job["written"]?.doubleValue.map { Int($0) })
            #expect(written > 0 && written < 100_000)
            #expect(job["message"]?.stringValue?.contains("partial") == true)
            #expect(job["version"]?.stringValue != nil)
            #expect(try await server.recordIDs("big").count == written)
            #expect(try await client.call(.get, "/api/v1/jobs/\(queued)")["version"] == .null)
        }
    }

    @Test func aRestartResumesARunningJobFromItsJournalLosingAndRepeatingNothing() async throws {
        let server = try await TestServer.make()
        let events = server.services.events.subscribe()
        let id = try await server.runWithJobs { client in
            let id = try await client.generate("resumed", count: 20_000, shardSize: 50)
            await server.services.firstProgress(of: id, from: events)
            return id
        }
        // The first runner stopped mid-job: the job is still running, with part of it in its journal.
        let cut = try await server.services.stores.with { store in try JobsTable.job(id, in: store.database) }
        #expect(cut?.status == .running)
        let again = try await ServerServices(configuration: server.services.configuration)
        try await TestServer.runWithJobs(services: again, key: server.ownerKey) { client in
            let job = try await client.finished(id)
            #expect(job["status"] == .string("succeeded"), "\(job)")
            #expect(job["written"] == .int(20_000))
            #expect(job["message"]?.stringValue?.contains("resumed") == true, "\(job)")
        }
        let ids = try await server.recordIDs("resumed")
        #expect(ids.count == 20_000)
        #expect(Set(ids).count == 20_000)
    }

    @Test func jobsAreListedNewestFirstByPageAndAnotherOrganizationsAreNotFound() async throws {
        let server = try await TestServer.make()
        let otherKey = (try await server.otherOrg().key, try await server.member(.viewer).key)
        try await server.runWithJobs { client in
            var ids: [String] = []
            for i in 0..<5 { ids.append(try await client.generate("paged", count: 2, seed: i)) }
            for id in ids { _ = try await client.finished(id) }
            let first = try await client.call(.get, "/api/v1/jobs?limit=2")
            #expect(first["jobs"]?.arrayValue?.compactMap { $0.objectValue?["id"]?.stringValue } == [ids[4], ids[3]])
            let cursor = try #require(first["next_cursor"]?.stringValue)
            let second = try await client.call(.get, "/api/v1/jobs?limit=2&cursor=\(cursor)")
            #expect(second["jobs"]?.arrayValue?.compactMap { $0.objectValue?["id"]?.stringValue } == [ids[2], ids[1]])
            let last = try await client.call(.get, "/api/v1/jobs?limit=2&cursor=\(try #require(second["next_cursor"]?.stringValue))")
            #expect(last["jobs"]?.arrayValue?.count == 1)
            #expect(last["next_cursor"] == .null)
            #expect(try await client.call(.get, "/api/v1/jobs?status=sleeping").errorField == "status")

            let theirs = try await client.call(.get, "/api/v1/jobs/\(ids[0])", key: otherKey.0)
            #expect(theirs.status == 404)
            #expect(try await client.call(.post, "/api/v1/jobs/\(ids[0])/cancel", key: otherKey.0).status == 404)
            #expect(try await client.call(.get, "/api/v1/jobs/\(ids[0])/events", key: otherKey.0).status == 404)
            #expect(try await client.call(.get, "/api/v1/jobs", key: otherKey.0)["jobs"]?.arrayValue?.isEmpty == true)
            #expect(try await client.call(.get, "/api/v1/jobs/\(ids[0])", key: otherKey.1).status == 200)
            let refused = try await client.call(
                .post, "/api/v1/generate",
                json: .object([
                    "dataset": .string("x"), "spec": .object(["domain": .string("medical"), "task": .string("clinical-notes")]),
                ]),
                key: otherKey.1)
            #expect(refused.status == 403)
        }
    }

    @Test func aValidationJobReportsOnTheDatasetsRecords() async throws {
        let server = try await TestServer.make()
        try await server.runWithJobs { client in
            _ = try await client.finished(try await client.generate("checked", count: 200))
            let missing = try await client.call(.post, "/api/v1/validate", json: .object(["dataset": .string("nowhere")]))
            #expect(missing.status == 404)
            #expect(missing.errorField == "dataset")
            let answer = try await client.call(.post, "/api/v1/validate", json: .object(["dataset": .string("checked")]))
            #expect(answer.status == 202)
            let job = try await client.finished(try #require(answer["id"]?.stringValue))
            #expect(job["status"] == .string("succeeded"), "\(job)")
            #expect(job["kind"] == .string("validate"))
            #expect(job["written"] == .int(200))
            let result = try #require(job["result"]?.objectValue)
            #expect(!result.isEmpty)
            let evaluate = try await client.call(
                .post, "/api/v1/evaluate", json: .object(["dataset": .string("checked"), "real": .string("nowhere")]))
            #expect(evaluate.status == 404)
            #expect(evaluate.errorField == "real")
        }
    }
}
