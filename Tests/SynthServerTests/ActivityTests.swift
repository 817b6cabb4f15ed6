import Foundation
import HTTPTypes
import SynthCore
import SynthServer
import SynthStore
import Testing

@Suite struct ActivityTests {
    @Test func theFeedPagesBackwardsThroughTheOrganizationsEventsOnly() async throws {
        let server = try await TestServer.make()
        let other = try await server.otherOrg()
        try await server.services.stores.with { store in
            for n in 1...5 {
                try server.services.events.publish(
                    ServerEvent(
                        org: 1, actor: "admin@localhost", kind: "dataset.version", subject: "dataset/notes",
                        data: .object(["version": .string("v\(n)"), "records": .int(n)])), keptIn: store.database)
            }
            try server.services.events.publish(
                ServerEvent(org: other.org.id, actor: "someone@example.com", kind: "dataset.created", subject: "dataset/theirs"),
                keptIn: store.database)
        }
        try await server.run { client in
            var versions: [String] = []
            var path = "/api/v1/activity?limit=2"
            var pages = 0
            while true {
                let page = try await client.call(.get, path)
                #expect(page.status == 200)
                pages += 1
                versions += page["events"]?.arrayValue?.compactMap { $0.objectValue?["data"]?.objectValue?["version"]?.stringValue } ?? []
                guard let next = page["next_before"]?.doubleValue else { break }
                path = "/api/v1/activity?limit=2&before=\(Int(next))"
            }
            #expect(versions == ["v5", "v4", "v3", "v2", "v1"])
            #expect(pages == 3)

            let theirs = try await client.call(.get, "/api/v1/activity", key: other.key)
            #expect(theirs["events"]?.arrayValue?.compactMap { $0.objectValue?["subject"]?.stringValue } == ["dataset/theirs"])
            let event = try #require(theirs["events"]?.arrayValue?.first?.objectValue)
            #expect(event.keys == ["id", "at", "actor", "kind", "subject", "data"])

            #expect(try await client.call(.get, "/api/v1/activity?limit=0").errorField == "limit")
            #expect(try await client.call(.get, "/api/v1/activity?before=x").errorField == "before")
        }
    }
}
