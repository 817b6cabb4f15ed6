import Foundation
import HTTPTypes
import SynthCore
import SynthServer
import Testing

@Suite struct TemplateTests {
    static let itinerary = """
        id: itinerary
        version: 1
        description: A day-by-day itinerary for a trip.
        domain: travel
        task: document
        system: |
          You write practical travel itineraries. Answer with JSON only.
        user: |
          Write a {{days}}-day itinerary in {{destination}}.
        output:
          type: object
          properties:
            text: {type: string}
          required: [text]
        variables:
          days: {range: [2, 5]}
          destination: {list: [Lisbon, Kyoto, Hanoi]}
        """

    @Test func aTemplateIsCreatedVersionedForkedAndDeleted() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            let made = try await client.call(
                .post, "/api/v1/templates",
                json: .object(["name": .string("trips"), "body": .string(Self.itinerary), "message": .string("first")]))
            #expect(made.status == 201, "\(made.text)")
            #expect(made["version"]?.doubleValue == 1)
            #expect(
                try await client.call(
                    .post, "/api/v1/templates", json: .object(["name": .string("trips"), "body": .string(Self.itinerary)])
                ).status == 409)

            let edited = Self.itinerary.replacingOccurrences(of: "Hanoi", with: "Hanoi, Quito")
            let put = try await client.call(
                .put, "/api/v1/templates/trips", json: .object(["body": .string(edited), "message": .string("Quito")]))
            #expect(put.status == 200)
            #expect(put["version"]?.doubleValue == 2)
            let same = try await client.call(.put, "/api/v1/templates/trips", json: .object(["body": .string(edited)]))
            #expect(same["version"]?.doubleValue == 2)

            let versions = try await client.call(.get, "/api/v1/templates/trips/versions")
            #expect(versions["versions"]?.arrayValue?.compactMap { $0.objectValue?["message"]?.stringValue } == ["Quito", "first"])
            #expect(try await client.call(.get, "/api/v1/templates/trips?version=1")["body"]?.stringValue == Self.itinerary)

            let fork = try await client.call(
                .post, "/api/v1/templates/trips/fork", json: .object(["name": .string("trips-formal"), "version": .int(1)]))
            #expect(fork.status == 201)
            #expect(fork["forked_from"]?.stringValue == "trips@1")
            #expect(fork["body"]?.stringValue == Self.itinerary)

            let list = try await client.call(.get, "/api/v1/templates")
            #expect(list["templates"]?.arrayValue?.compactMap { $0.objectValue?["name"]?.stringValue } == ["trips", "trips-formal"])

            #expect(try await client.call(.delete, "/api/v1/templates/trips").status == 204)
            #expect(try await client.call(.get, "/api/v1/templates/trips").status == 404)
            #expect(try await client.call(.get, "/api/v1/templates/trips-formal").status == 200)
        }
    }

    @Test func anInvalidTemplateIsA422NamingTheLineAndField() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            let broken = Self.itinerary.replacingOccurrences(of: "{{destination}}", with: "{{city}}")
            let answer = try await client.call(
                .post, "/api/v1/templates", json: .object(["name": .string("trips"), "body": .string(broken)]))
            #expect(answer.status == 422)
            #expect(answer.errorField == "body.user")
            #expect(answer.text.contains("line 9"))
            #expect(answer.text.contains("city"))
            #expect(try await client.call(.get, "/api/v1/templates/trips").status == 404)
            let noBody = try await client.call(.post, "/api/v1/templates", json: .object(["name": .string("trips")]))
            #expect(noBody.errorField == "body")
        }
    }

    @Test func aTestRendersSamplesWithoutAProvider() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            try await client.call(.post, "/api/v1/templates", json: .object(["name": .string("trips"), "body": .string(Self.itinerary)]))
            let test = try await client.call(.post, "/api/v1/templates/trips/test", json: .object(["samples": .int(4), "seed": .int(7)]))
            #expect(test.status == 200, "\(test.text)")
            let samples = (test["samples"]?.arrayValue ?? []).compactMap { $0.objectValue }
            #expect(samples.count == 4)
            for sample in samples {
                let destination = try #require(sample["variables"]?.objectValue?["destination"]?.stringValue)
                let user = sample["messages"]?.arrayValue?.last?.objectValue?["content"]?.stringValue ?? ""
                #expect(user.contains("itinerary in \(destination)."))
            }
            let again = try await client.call(.post, "/api/v1/templates/trips/test", json: .object(["samples": .int(4), "seed": .int(7)]))
            #expect(again.text == test.text)
            let tooMany = try await client.call(.post, "/api/v1/templates/trips/test", json: .object(["samples": .int(500)]))
            #expect(tooMany.errorField == "samples")
        }
    }

    @Test func anotherOrganizationCannotSeeOrChangeATemplate() async throws {
        let server = try await TestServer.make()
        let other = try await server.otherOrg("acme").key
        try await server.run { client in
            try await client.call(.post, "/api/v1/templates", json: .object(["name": .string("trips"), "body": .string(Self.itinerary)]))
            #expect(try await client.call(.get, "/api/v1/templates/trips", key: other).status == 404)
            #expect(try await client.call(.get, "/api/v1/templates/trips/versions", key: other).status == 404)
            #expect(
                try await client.call(.put, "/api/v1/templates/trips", json: .object(["body": .string(Self.itinerary)]), key: other).status
                    == 404)
            #expect(
                try await client.call(.post, "/api/v1/templates/trips/fork", json: .object(["name": .string("mine")]), key: other).status
                    == 404)
            #expect(try await client.call(.post, "/api/v1/templates/trips/test", json: .object([:]), key: other).status == 404)
            #expect(try await client.call(.delete, "/api/v1/templates/trips", key: other).status == 404)
            #expect(try await client.call(.get, "/api/v1/templates", key: other)["templates"]?.arrayValue?.isEmpty == true)
        }
    }
}
