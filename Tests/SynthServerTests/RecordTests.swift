import Foundation
import HTTPTypes
import SynthCore
import SynthServer
import Testing

@Suite struct RecordTests {
    @Test func pagingWalksEveryRecordOnceInOrderWithAndWithoutFilters() async throws {
        let server = try await TestServer.make()
        let count = 237
        try await server.run { client in
            try await DatasetFixtures.dataset("tickets", records: DatasetFixtures.records(count), client: client)

            let all = try await DatasetFixtures.walk("/api/v1/datasets/tickets/records", client: client, limit: 50)
            #expect(all.records.compactMap { $0["id"]?.stringValue } == (0..<count).map { "r\($0)" })
            #expect(all.totals == [count])
            #expect(all.pages == 5)
            let first = try #require(all.records.first)
            #expect(first["fields"]?.objectValue?["label"]?.stringValue == "billing")
            #expect(first["fields"]?.objectValue?["id"] == nil)
            #expect(first["provenance"]?.objectValue?["domain"]?.stringValue == "support")
            #expect(first["label"]?.stringValue == "billing")
            #expect(first["status"]?.stringValue == "pending")
            for record in all.records {
                let i = Int(record["id"]!.stringValue!.dropFirst())!
                #expect(record["score"]?.doubleValue == DatasetFixtures.score(i), "r\(i)")
            }

            let filters: [(String, (Int) -> Bool)] = [
                ("label=shipping", { $0 % 3 == 1 }),
                ("min_score=0.5", { DatasetFixtures.score($0) >= 0.5 }),
                ("min_score=0.2&max_score=0.4&label=returns", { (0.2...0.4).contains(DatasetFixtures.score($0)) && $0 % 3 == 2 }),
                ("status=pending", { _ in true }),
                ("status=approved", { _ in false }),
            ]
            for (query, keeps) in filters {
                let expected = (0..<count).filter(keeps).map { "r\($0)" }
                let walked = try await DatasetFixtures.walk("/api/v1/datasets/tickets/records?\(query)", client: client, limit: 17)
                #expect(walked.records.compactMap { $0["id"]?.stringValue } == expected, "\(query)")
                #expect(walked.totals == [expected.count], "\(query)")
            }
        }
    }

    @Test func aCursorKeepsWalkingItsVersionWhileANewOneIsCommitted() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            try await DatasetFixtures.dataset("tickets", records: DatasetFixtures.records(30), client: client)
            let page = try await client.call(.get, "/api/v1/datasets/tickets/records?limit=20")
            let cursor = try #require(page["next_cursor"]?.stringValue)
            let commit = try await client.call(
                .post, "/api/v1/datasets/tickets/versions", json: .object(["records": .array(DatasetFixtures.records(5, from: 30))]))
            #expect(commit.status == 201)
            let rest = try await client.call(.get, "/api/v1/datasets/tickets/records?limit=20&cursor=\(cursor)")
            #expect(rest["records"]?.arrayValue?.compactMap { $0.objectValue?["id"]?.stringValue } == (20..<30).map { "r\($0)" })
            #expect(rest["next_cursor"]?.isNull == true)
            #expect(try await client.call(.get, "/api/v1/datasets/tickets/records")["total"]?.doubleValue == 35)
        }
    }

    @Test func aRecordIsReadByIdAndBadQueriesAre400sNamingTheParameter() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            try await DatasetFixtures.dataset("tickets", records: DatasetFixtures.records(10), client: client)
            let one = try await client.call(.get, "/api/v1/datasets/tickets/records/r7")
            #expect(one.status == 200)
            #expect(one["id"]?.stringValue == "r7")
            #expect(one["score"]?.doubleValue == 0.9)
            #expect(try await client.call(.get, "/api/v1/datasets/tickets/records/nope").status == 404)

            for (query, field) in [
                ("cursor=not-a-cursor", "cursor"), ("status=maybe", "status"), ("min_score=high", "min_score"),
                ("max_score=nan", "max_score"), ("limit=0", "limit"), ("limit=501", "limit"),
            ] {
                let bad = try await client.call(.get, "/api/v1/datasets/tickets/records?\(query)")
                #expect(bad.status == 400, "\(query): \(bad.text)")
                #expect(bad.errorField == field, "\(query)")
            }
            let unknownVersion = try await client.call(.get, "/api/v1/datasets/tickets/records?version=nosuchbranch")
            #expect(unknownVersion.status == 404)
        }
    }

    @Test func aDatasetWithoutVersionsListsNoRecords() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            #expect(try await client.call(.post, "/api/v1/datasets", json: .object(["name": .string("empty")])).status == 201)
            let page = try await client.call(.get, "/api/v1/datasets/empty/records")
            #expect(page.status == 200)
            #expect(page["records"]?.arrayValue?.isEmpty == true)
            #expect(page["total"]?.doubleValue == 0)
            #expect(page["next_cursor"]?.isNull == true)
        }
    }
}
