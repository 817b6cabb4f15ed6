import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SynthCore
import SynthServer
import SynthTesting
import Testing

/// A server on a fresh SQLite store in a temporary folder, bootstrapped with an owner whose API
/// key tests use, and a client that speaks JSON to it through the real router.
struct TestServer {
    let services: ServerServices
    /// The first owner's API key.
    let ownerKey: String
    let folder: String

    static func make(configure: (inout ServerConfiguration) -> Void = { _ in }) async throws -> TestServer {
        let folder = try Processes.temporaryFolder()
        var configuration = ServerConfiguration(runsFolder: folder + "/runs")
        configuration.database = folder + "/store.db"
        configuration.adminPassword = "correct horse battery staple"
        configure(&configuration)
        let services = try await ServerServices(configuration: configuration)
        let key = try #require(try await ServerApp.bootstrap(services: services))
        return TestServer(services: services, ownerKey: key, folder: folder)
    }

    /// Runs `body` with a client of the router (no socket).
    func run<T: Sendable>(_ body: @Sendable (Client) async throws -> T) async throws -> T {
        let app = ServerApp.application(services: services)
        return try await app.test(.router) { client in try await body(Client(client: client, key: ownerKey)) }
    }

    /// A client that sends JSON and reads JSON answers.
    struct Client: Sendable {
        let client: any TestClientProtocol
        /// The key sent when a call names none.
        let key: String

        struct Answer: Sendable {
            let status: Int
            let headers: HTTPFields
            let text: String
            /// The body as JSON (null when it is not).
            var json: Value { (try? JSONParser.parse(Array(text.utf8))) ?? .null }
            /// A field of the top-level object.
            subscript(_ name: String) -> Value? { json.objectValue?[name] }
            /// The `error.field` of an error answer.
            var errorField: String? { json.objectValue?["error"]?.objectValue?["field"]?.stringValue }
            var errorCode: String? { json.objectValue?["error"]?.objectValue?["code"]?.stringValue }
        }

        /// Sends `method path` with `body` (a JSON value or raw text), signed in with `key` (the
        /// owner's when nil; no header when empty).
        @discardableResult
        func call(
            _ method: HTTPRequest.Method, _ path: String, json: Value? = nil, raw: String? = nil, key: String? = nil,
            headers: HTTPFields = [:]
        )
            async throws -> Answer
        {
            var headers = headers
            let key = key ?? self.key
            if !key.isEmpty { headers[.authorization] = "Bearer " + key }
            var body: ByteBuffer?
            if let json {
                body = ByteBuffer(string: JSONWriter.string(json))
                headers[.contentType] = "application/json"
            } else if let raw {
                body = ByteBuffer(string: raw)
                headers[.contentType] = "application/json"
            }
            return try await client.execute(uri: path, method: method, headers: headers, body: body) { response in
                Answer(status: Int(response.status.code), headers: response.headers, text: String(buffer: response.body))
            }
        }
    }
}
