import Foundation
import HTTPTypes
import SynthCore
import SynthServer
import SynthStore
import SynthTesting
import Testing

/// Records, organizations and walks through pages, for the dataset, record, review, export and
/// template tests.
enum DatasetFixtures {
    /// Labels dealt to fixture records in turn.
    static let labels = ["billing", "shipping", "returns"]

    /// `count` classification records `r0`, `r1`, …: record i has label `labels[i % 3]` and
    /// quality score `(i % 10) / 10`; every seventh has a judge score of 9 instead.
    static func records(_ count: Int, from start: Int = 0, text: String = "Where is my order") -> [Value] {
        (start..<(start + count)).map { i in
            var provenance: Fields = ["source": .string("test"), "domain": .string("support"), "shape": .string("classification")]
            if i % 7 == 0 {
                provenance["judge_score"] = .int(9)
            } else {
                provenance["quality"] = .double(Double(i % 10) / 10)
            }
            return .object([
                "id": .string("r\(i)"), "text": .string("\(text) number \(i)?"), "label": .string(labels[i % 3]),
                "provenance": .object(provenance),
            ])
        }
    }

    /// The score the API should give fixture record i.
    static func score(_ i: Int) -> Double { i % 7 == 0 ? 0.9 : Double(i % 10) / 10 }

    /// Creates dataset `name` and commits `records` to it, through the API.
    static func dataset(_ name: String, records: [Value], client: TestServer.Client, key: String? = nil) async throws {
        let made = try await client.call(.post, "/api/v1/datasets", json: .object(["name": .string(name)]), key: key)
        #expect(made.status == 201, "\(made.text)")
        let commit = try await client.call(
            .post, "/api/v1/datasets/\(name)/versions", json: .object(["message": .string("first"), "records": .array(records)]), key: key)
        #expect(commit.status == 201, "\(commit.text)")
    }

    /// Every record a listing returns, following `next_cursor` page by page from `path` (which
    /// carries its filters), with the `total` each page reported.
    static func walk(_ path: String, client: TestServer.Client, limit: Int) async throws -> (
        records: [Fields], totals: Set<Int>, pages: Int
    ) {
        var records: [Fields] = []
        var totals = Set<Int>()
        var cursor: String?
        var pages = 0
        let joiner = path.contains("?") ? "&" : "?"
        repeat {
            let page = try await client.call(
                .get, path + joiner + "limit=\(limit)" + (cursor.map { "&cursor=\($0)" } ?? ""))
            #expect(page.status == 200, "\(page.text)")
            pages += 1
            records += (page["records"]?.arrayValue ?? []).compactMap(\.objectValue)
            totals.insert(page["total"]?.doubleValue.map { Int($0) } ?? -1)
            cursor = page["next_cursor"]?.stringValue
            if pages > 1000 { break }
        } while cursor != nil
        return (records, totals, pages)
    }
}
