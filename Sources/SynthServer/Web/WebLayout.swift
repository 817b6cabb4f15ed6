import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SynthQuality

/// One page of the web UI before it is framed: what the layout needs to wrap it.
struct WebPage {
    /// The page's script, `/assets/<script>.js`, and the name `<body data-page>` carries (empty: none).
    var script: String
    /// The navigation tab it belongs to (a dataset's page belongs to "datasets").
    var tab: String
    var title: String
    /// Values its script reads from `<body data-…>` (already plain text; the layout escapes them).
    var data: [(String, String)] = []
    /// Its own markup, with every value from outside already escaped.
    var body: String

    init(_ script: String, tab: String? = nil, title: String, data: [(String, String)] = [], body: String) {
        self.script = script
        self.tab = tab ?? script
        self.title = title
        self.data = data
        self.body = body
    }
}

/// The frame every page shares (header, navigation, who is signed in, the shared script and
/// style sheet), and the answers a page gives where the API would answer JSON.
enum WebLayout {
    /// The navigation: tab, path, label.
    static let tabs: [(String, String, String)] = [
        ("dashboard", "/", "Dashboard"), ("builder", "/builder", "Builder"), ("datasets", "/datasets", "Datasets"),
        ("templates", "/templates", "Templates"), ("review", "/review", "Review"), ("jobs", "/jobs", "Jobs"),
        ("keys", "/keys", "API keys"),
    ]

    /// The logo, inline; scripts also read the SVG namespace from it.
    static let logo =
        #"<svg class="logo" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true"><rect x="2" y="2" width="20" height="20" rx="5"/><path d="M7 15l3-6 3 4 2-3 2 5"/></svg>"#

    /// `page` framed for `principal` (nil: the sign-in page, without navigation).
    static func render(_ page: WebPage, for principal: Principal?, status: HTTPResponse.Status = .ok) -> Response {
        let data = ([("page", page.script)] + page.data).map { " data-\($0.0)=\"\($0.1.htmlEscaped)\"" }.joined()
        var header = "<a class=\"brand\" href=\"/\">\(logo)<span>SynthForge</span></a>"
        if let principal {
            let links = tabs.map { tab, path, label in
                "<a href=\"\(path)\"\(tab == page.tab ? " class=\"current\" aria-current=\"page\"" : "")>\(label)</a>"
            }
            header +=
                "<nav>\(links.joined())</nav><div class=\"who\"><span id=\"who\">\(principal.email.htmlEscaped)</span>"
                + " <span class=\"badge\">\(principal.role.rawValue)</span> <span class=\"muted\">\(principal.org.name.htmlEscaped)</span>"
                + " <button type=\"button\" id=\"sign-out\" class=\"link\">Sign out</button></div>"
        }
        let html = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(page.title.htmlEscaped) · SynthForge</title>
            <link rel="icon" href="data:,">
            <link rel="stylesheet" href="/assets/app.css">
            <script src="/assets/common.js" defer></script>
            \(page.script.isEmpty ? "" : "<script src=\"/assets/\(page.script).js\" defer></script>")
            </head>
            <body\(data)>
            <header class="top">\(header)</header>
            <main>
            <h1>\(page.title.htmlEscaped)</h1>
            <p id="flash" role="status" hidden></p>
            \(page.body)
            </main>
            </body>
            </html>

            """
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// A 303 to `location` (a path on this server).
    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// What a page answers instead of an API error: the sign-in page when the session is missing
    /// or stale (coming back here afterwards), else a short page that says what went wrong.
    static func failure(_ error: APIError, request: Request) -> Response {
        if error.status == .unauthorized {
            return redirect(to: "/login?next=" + queryEncoded(request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")))
        }
        let body = "<p class=\"error\">\(error.message.htmlEscaped)</p><p><a href=\"/\">Back to the dashboard</a></p>"
        return render(
            WebPage("", tab: "", title: "\(error.status.code) \(error.status.reasonPhrase)", body: body), for: nil, status: error.status)
    }

    /// `text` made safe as one path segment.
    static func pathEncoded(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/;")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// `text` made safe as one query value.
    static func queryEncoded(_ text: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=?+#")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

extension String {
    /// The text made safe to put in HTML, between tags or inside a quoted attribute.
    var htmlEscaped: String { HTMLReport.escape(self) }
}
