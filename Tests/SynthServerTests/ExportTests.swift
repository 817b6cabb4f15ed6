import Foundation
import HTTPTypes
import SynthCore
import SynthServer
import SynthTesting
import Testing

@Suite struct ExportTests {
    /// The ids of a JSONL body's lines; a line that is not a JSON object fails the test.
    static func ids(inJSONL text: String) -> [String] {
        text.split(separator: "\n").map { line in
            let object = (try? JSONParser.parse(Array(line.utf8)))?.objectValue
            #expect(object != nil, "not a JSON object: \(line)")
            return object?["id"]?.stringValue ?? ""
        }
    }

    @Test func theFormatsListNamesExtensionsAndMediaTypes() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            let answer = try await client.call(.get, "/api/v1/export/formats")
            let formats = (answer["formats"]?.arrayValue ?? []).compactMap { $0.objectValue }
            let byName = Dictionary(uniqueKeysWithValues: formats.map { ($0["name"]!.stringValue!, $0) })
            #expect(byName["jsonl"]?["media_type"]?.stringValue == "application/x-ndjson")
            #expect(byName["csv"]?["extension"]?.stringValue == "csv")
            #expect(byName["xlsx"] != nil && byName["openai-chat"] != nil && byName["parquet"] != nil)
            #expect(byName["hf"] == nil)
        }
    }

    @Test func jsonlAndCSVExportsAreAttachmentsThatTheirReadersParse() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            try await DatasetFixtures.dataset("tickets", records: DatasetFixtures.records(25), client: client)
            let jsonl = try await client.call(.get, "/api/v1/datasets/tickets/export/jsonl")
            #expect(jsonl.status == 200)
            #expect(jsonl.headers[.contentType] == "application/x-ndjson")
            #expect(jsonl.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"tickets-") == true)
            #expect(Self.ids(inJSONL: jsonl.text) == (0..<25).map { "r\($0)" })

            let csv = try await client.call(.get, "/api/v1/datasets/tickets/export/csv")
            #expect(csv.status == 200)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let file = server.folder + "/tickets.csv"
            try csv.text.write(toFile: file, atomically: true, encoding: .utf8)
            let read = try Processes.python(
                """
                import csv, sys
                rows = list(csv.DictReader(open(sys.argv[1], newline='')))
                print(len(rows), rows[4]['id'], rows[4]['label'])
                """, [file])
            #expect(read.trimmingCharacters(in: .whitespacesAndNewlines) == "25 r4 shipping")

            let old = try await client.call(.get, "/api/v1/datasets/tickets/versions")
            let hash = try #require(old["versions"]?.arrayValue?.first?.objectValue?["hash"]?.stringValue)
            try await client.call(
                .post, "/api/v1/datasets/tickets/versions", json: .object(["records": .array(DatasetFixtures.records(5, from: 25))]))
            #expect(Self.ids(inJSONL: try await client.call(.get, "/api/v1/datasets/tickets/export/jsonl").text).count == 30)
            let pinned = try await client.call(.get, "/api/v1/datasets/tickets/export/jsonl?version=\(hash.prefix(10))")
            #expect(Self.ids(inJSONL: pinned.text).count == 25)
        }
    }

    @Test func anUnknownFormatIsA404ListingTheFormatsAndAShapeMismatchIsA422() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            try await DatasetFixtures.dataset("tickets", records: DatasetFixtures.records(3), client: client)
            let unknown = try await client.call(.get, "/api/v1/datasets/tickets/export/pdf")
            #expect(unknown.status == 404)
            #expect(unknown.text.contains("jsonl") && unknown.text.contains("csv"))
            let mismatch = try await client.call(.get, "/api/v1/datasets/tickets/export/dpo")
            #expect(mismatch.status == 422)
            #expect(mismatch.text.contains("classification"))
            let badStatus = try await client.call(.get, "/api/v1/datasets/tickets/export/jsonl?status=done")
            #expect(badStatus.status == 400)
            #expect(badStatus.errorField == "status")
        }
    }
}
