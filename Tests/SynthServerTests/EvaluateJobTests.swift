import Foundation
import HTTPTypes
import SynthCore
import SynthRuntime
import Testing

@testable import SynthServer

/// `POST /api/v1/evaluate` on tables committed through the API, checked against `synthforge
/// evaluate`'s own runtime on the same rows written as plain JSONL files.
@Suite(.timeLimit(.minutes(30))) struct EvaluateJobTests {
    /// `count` rows of a small table where income follows age and city is a weighted choice.
    static func rows(count: Int, seed: UInt64) -> [Value] {
        var random = SplitMix64(state: seed)
        let cities = ["Oslo", "Lima", "Pune", "Kobe"]
        return (0..<count).map { _ in
            let age = 18 + Int(random.next() % 63)
            let income = age * 900 + Int(random.next() % 20_000)
            let city = cities[Int(random.next() % 10) < 5 ? 0 : 1 + Int(random.next() % 3)]
            return .object(["age": .int(age), "income": .int(income), "city": .string(city)])
        }
    }

    static func writeJSONL(_ rows: [Value], to path: String) throws {
        try (rows.map(JSONWriter.string).joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func anEvaluationJobScoresStoredTablesAsTheCLIDoesAndFindsACopy() async throws {
        let server = try await TestServer.make()
        let real = Self.rows(count: 300, seed: 1)
        let twin = Self.rows(count: 300, seed: 2)
        try await server.runWithJobs { client in
            for (name, rows) in [("real", real), ("twin", twin), ("copy", real)] {
                #expect(try await client.call(.post, "/api/v1/datasets", json: .object(["name": .string(name)])).status == 201)
                let commit = try await client.call(
                    .post, "/api/v1/datasets/\(name)/versions", json: .object(["records": .array(rows), "message": .string("table")]))
                #expect(commit.status == 201, "\(commit.text)")
            }
            let page = try await client.call(.get, "/api/v1/datasets/real/records?limit=1")
            let first = try #require(page["records"]?.arrayValue?.first?.objectValue)
            // A row is stored as it was sent, with an id put first.
            #expect(first["id"] == .string("line-1"))
            #expect(first["fields"] == real[0])

            func evaluate(_ dataset: String) async throws -> Fields {
                let answer = try await client.call(
                    .post, "/api/v1/evaluate",
                    json: .object(["dataset": .string(dataset), "real": .string("real"), "target": .string("city")]))
                #expect(answer.status == 202, "\(answer.text)")
                let job = try await client.finished(try #require(answer["id"]?.stringValue))
                #expect(job["status"] == .string("succeeded"), "\(job)")
                #expect(job["kind"] == .string("evaluate"))
                #expect(job["written"] == .int(300))
                return try #require(job["result"]?.objectValue)
            }
            let twinReport = try await evaluate("twin")
            let copyReport = try await evaluate("copy")

            // The CLI's path on the same rows, without the ids the store gave them.
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evaluate-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try Self.writeJSONL(real, to: folder + "/real.jsonl")
            try Self.writeJSONL(twin, to: folder + "/twin.jsonl")
            _ = try Evaluation.run(
                Evaluation.Request(
                    real: folder + "/real.jsonl", synthetic: folder + "/twin.jsonl", target: "city", json: folder + "/cli.json"))
            let cli = try #require(
                try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/cli.json")))).objectValue)

            func figure(_ report: Fields, _ section: String, _ key: String) -> Double? {
                report[section]?.objectValue?[key]?.doubleValue
            }
            for (section, key) in [("quality", "score"), ("privacy", "dcr_median"), ("privacy", "exact_match_rate")] {
                let job = try #require(figure(twinReport, section, key), "\(section).\(key)")
                let direct = try #require(figure(cli, section, key), "\(section).\(key)")
                #expect(abs(job - direct) < 1e-9, "\(section).\(key): job \(job), CLI \(direct)")
            }
            #expect(twinReport["rows"] == cli["rows"])
            #expect(figure(twinReport, "privacy", "exact_match_rate") == 0)
            // A synthetic table that is the real one is caught: every row matches exactly.
            #expect(figure(copyReport, "privacy", "exact_match_rate") == 1)
            #expect(figure(copyReport, "privacy", "dcr_median") == 0)
            #expect(copyReport["utility"]?.objectValue?["target"] == .string("city"))
        }
    }
}
