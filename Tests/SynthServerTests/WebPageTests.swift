import Foundation
import HTTPTypes
import SynthCore
import SynthRuntime
import SynthServer
import Testing

@Suite struct WebPageTests {
    /// Every page of the UI, with a made-up name where the path takes one.
    static let pages: [String] = ServerApp.pages.filter { $0.permission != .open }.map { route in
        route.path.split(separator: "/", omittingEmptySubsequences: false).map { $0.hasPrefix("{") ? "demo" : String($0) }
            .joined(separator: "/")
    }

    /// The style sheets and scripts a page loads.
    static func assets(of html: String) -> [String] {
        let pattern = /(?:src|href)="(\/assets\/[^"]+)"/
        return html.matches(of: pattern).map { String($0.output.1) }
    }

    @Test func everyPageAnswersHTMLToASignedInSession() async throws {
        let server = try await TestServer.make()
        #expect(Self.pages.count >= 10)
        try await server.run { client in
            let cookie = try await client.sessionCookie()
            for page in Self.pages {
                let answer = try await client.browse(page, cookie: cookie)
                #expect(answer.status == 200, "\(page)")
                #expect(answer.headers[.contentType] == "text/html; charset=utf-8", "\(page)")
                #expect(answer.text.hasPrefix("<!doctype html>"), "\(page)")
                #expect(answer.text.contains("admin@localhost"), "\(page) shows who is signed in")
                #expect(answer.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true, "\(page)")
                #expect(Self.assets(of: answer.text).contains("/assets/common.js"), "\(page)")
            }
        }
    }

    @Test func withoutAValidSessionAPageSendsTheBrowserToSignInAndBack() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            for page in Self.pages {
                for cookie in [nil, "synthforge_session=expired.or.forged"] {
                    let answer = try await client.browse(page, cookie: cookie)
                    #expect(answer.status == 303, "\(page)")
                    let location = try #require(answer.headers[.location])
                    #expect(location.hasPrefix("/login?next="), "\(page)")
                    #expect(location.removingPercentEncoding == "/login?next=" + page, "\(page)")
                }
            }
            let queried = try await client.browse("/datasets/a%20b?x=1&y=2", cookie: nil)
            #expect(queried.headers[.location]?.removingPercentEncoding == "/login?next=/datasets/a%20b?x=1&y=2")
            // The JSON API still answers 401 JSON.
            let api = try await client.call(.get, "/api/v1/me", key: "")
            #expect(api.status == 401)
            #expect(api.errorCode == "unauthorized")
        }
    }

    @Test func theSignInPageIsOpenAndOnlySendsASignedInUserToAPathOfThisServer() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            for cookie in [nil, "synthforge_session=expired.or.forged"] {
                let page = try await client.browse("/login", cookie: cookie)
                #expect(page.status == 200)
                #expect(page.text.contains("id=\"login-form\""))
                #expect(!page.text.contains("id=\"sign-out\""))
            }
            let cookie = try await client.sessionCookie()
            #expect(try await client.browse("/login?next=%2Fjobs", cookie: cookie).headers[.location] == "/jobs")
            for elsewhere in ["%2F%2Fevil.example", "https%3A%2F%2Fevil.example", "%2F%5Cevil.example", "jobs"] {
                let answer = try await client.browse("/login?next=" + elsewhere, cookie: cookie)
                #expect(answer.status == 303)
                #expect(answer.headers[.location] == "/", "\(elsewhere)")
            }
        }
    }

    @Test func assetsHaveTheirTypesAndNothingComesFromAnotherSite() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            let cookie = try await client.sessionCookie()
            var texts: [(String, String)] = [("/login", try await client.browse("/login", cookie: nil).text)]
            var assets: Set<String> = Self.assets(of: texts[0].1).reduce(into: []) { $0.insert($1) }
            for page in Self.pages {
                let html = try await client.browse(page, cookie: cookie).text
                texts.append((page, html))
                assets.formUnion(Self.assets(of: html))
            }
            #expect(assets.contains("/assets/app.css"))
            #expect(assets.count >= 12)
            for asset in assets.sorted() {
                // Assets are open: the sign-in page needs them before anyone signs in, even with a stale cookie.
                let answer = try await client.browse(asset, cookie: "synthforge_session=expired.or.forged")
                #expect(answer.status == 200, "\(asset)")
                let expected = asset.hasSuffix(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8"
                #expect(answer.headers[.contentType] == expected, "\(asset)")
                #expect(answer.headers[.xContentTypeOptions] == "nosniff", "\(asset)")
                let etag = try #require(answer.headers[.eTag])
                let again = try await client.call(.get, asset, key: "", headers: [.ifNoneMatch: etag])
                #expect(again.status == 304, "\(asset)")
                texts.append((asset, answer.text))
            }
            for (path, text) in texts {
                #expect(!text.contains("http://") && !text.contains("https://"), "\(path) names another site")
                #expect(!text.contains("innerHTML") && !text.contains("outerHTML"), "\(path) parses text as HTML")
            }
            let missing = try await client.browse("/assets/nothing.js", cookie: nil)
            #expect(missing.status == 404)
        }
    }

    @Test func namesFromTheAddressAreEscaped() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            let cookie = try await client.sessionCookie()
            let hostile = "%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%27"
            for page in ["/datasets/", "/templates/", "/review/"] {
                let answer = try await client.browse(page + hostile, cookie: cookie)
                #expect(answer.status == 200)
                #expect(!answer.text.contains("<script>alert"), "\(page)")
                #expect(answer.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;"), "\(page)")
            }
        }
    }

    @Test func theBuilderOffersEveryBuiltInDomainAndItsTasks() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            let html = try await client.browse("/builder", cookie: try await client.sessionCookie()).text
            let domains = try Domains.list()
            #expect(!domains.isEmpty)
            for domain in domains {
                #expect(html.contains("<option value=\"\(domain.name)\""), "\(domain.name)")
                for task in domain.tasks {
                    #expect(html.contains("&quot;name&quot;:&quot;\(task.name)&quot;"), "\(domain.name)/\(task.name)")
                }
            }
        }
    }

    @Test func theOpenAPIDocumentLeavesOutPagesAndAssets() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            let document = try await client.call(.get, "/openapi.json", key: "")
            let paths = try #require(document["paths"]?.objectValue)
            #expect(paths["/api/v1/auth/login"] != nil)
            for route in ServerApp.pages { #expect(paths[route.path] == nil, "\(route.path)") }
        }
    }
}
