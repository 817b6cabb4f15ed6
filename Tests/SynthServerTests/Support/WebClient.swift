import Foundation
import HTTPTypes
import SynthCore
import Testing

extension TestServer.Client {
    /// Signs in as the first admin with the password, as the sign-in page does, and returns the
    /// session cookie the API set (`synthforge_session=…`).
    func sessionCookie() async throws -> String {
        let login = try await call(
            .post, "/api/v1/auth/login",
            json: .object(["email": .string("admin@localhost"), "password": .string("correct horse battery staple")]), key: "")
        #expect(login.status == 200)
        let header = try #require(login.headers[.setCookie])
        return try #require(header.split(separator: ";").first.map(String.init))
    }

    /// GETs `path` as a browser does: with `cookie` (none when nil) and no API key.
    func browse(_ path: String, cookie: String?) async throws -> Answer {
        var headers: HTTPFields = [.accept: "text/html"]
        if let cookie { headers[.cookie] = cookie }
        return try await call(.get, path, key: "", headers: headers)
    }
}
