import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The web UI: server-rendered pages that need a signed-in session (else the browser is sent to
/// `/login`), and the style sheet and scripts under `/assets/`. The pages' scripts call the JSON API
/// with the session cookie; nothing is loaded from anywhere else.
enum WebRoutes {
    static let routes: [APIRoute] =
        [
            page("/", "The dashboard: analytics charts, recent jobs, activity.") { _ in WebPages.dashboard },
            page("/builder", "The dataset builder: a spec to a generation job, with live progress.") { _ in WebPages.builder },
            page("/datasets", "The datasets of the organization.") { _ in WebPages.datasets },
            page("/datasets/{dataset}", "A dataset: records, report, versions, exports, comments.") { call in
                WebPages.dataset(try call.parameter("dataset"))
            },
            page("/templates", "The template library.") { _ in WebPages.templates },
            page("/templates/{template}", "A template's editor, with a test pane.") { call in
                WebPages.template(try call.parameter("template"))
            },
            page("/review", "The review portal: which dataset to review.") { _ in WebPages.reviewChoice },
            page("/review/{dataset}", "The review portal for one dataset, driven by the keyboard.") { call in
                WebPages.review(try call.parameter("dataset"))
            },
            page("/jobs", "The jobs of the organization.") { _ in WebPages.jobs },
            page("/keys", "The organization's API keys.") { _ in WebPages.keys },
            APIRoute(
                .get, "/login", permission: .open, tag: "ui", summary: "The sign-in page.", responseType: "text/html", html: true
            ) { call in
                // Someone already signed in goes where they were heading.
                if call.principal != nil { return WebLayout.redirect(to: localPath(call.query("next"))) }
                return WebLayout.render(WebPages.login, for: nil)
            },
            APIRoute(
                .get, "/assets/{asset}", permission: .open, tag: "ui", summary: "The web UI's style sheet and scripts.",
                responseType: "text/plain", html: true
            ) { call in
                let name = try call.parameter("asset")
                guard let asset = WebAssets.all[name] else { throw APIError.notFound("asset '\(name)'") }
                if call.request.headers[.ifNoneMatch] == asset.etag {
                    return Response(status: .notModified, headers: [.eTag: asset.etag, .cacheControl: "no-cache"])
                }
                return Response(
                    status: .ok, headers: [.contentType: asset.type, .eTag: asset.etag, .cacheControl: "no-cache"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: asset.text)))
            },
        ]

    /// A page that needs a signed-in member (any role: what a role may not do, the API refuses
    /// and the page says so).
    static func page(_ path: String, _ summary: String, render: @escaping @Sendable (APICall) throws -> WebPage) -> APIRoute {
        APIRoute(.get, path, permission: .read, tag: "ui", summary: summary, responseType: "text/html", html: true) { call in
            WebLayout.render(try render(call), for: try call.caller)
        }
    }

    /// `next` when it is a path on this server, else the dashboard: the sign-in page never sends
    /// anyone to another site.
    static func localPath(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/" }
        return next
    }
}

/// A file under `/assets/`: its media type, text and entity tag.
struct WebAsset: Sendable {
    var type: String
    var text: String
    var etag: String

    init(type: String, text: String) {
        self.type = type
        self.text = text
        etag = "\"" + SHA256.hash(data: Data(text.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined() + "\""
    }
}

/// The style sheet and scripts, written by hand and kept in the binary.
enum WebAssets {
    static let all: [String: WebAsset] = [
        "app.css": WebAsset(type: "text/css; charset=utf-8", text: css),
        "common.js": script(common), "login.js": script(login), "dashboard.js": script(dashboard), "builder.js": script(builder),
        "datasets.js": script(datasets), "dataset.js": script(dataset), "templates.js": script(templates),
        "template.js": script(template), "review.js": script(review), "jobs.js": script(jobs), "keys.js": script(keys),
    ]

    static func script(_ text: String) -> WebAsset { WebAsset(type: "text/javascript; charset=utf-8", text: text) }
}
