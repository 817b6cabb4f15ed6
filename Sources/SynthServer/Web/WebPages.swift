import Foundation
import SynthCore
import SynthRuntime

/// The pages' own markup. The server renders the frame and the forms; each page's script fills in
/// what comes from the API, and says so in place when a call fails.
enum WebPages {
    static let login = WebPage(
        "login", title: "Sign in",
        body: """
            <form id="login-form" class="card narrow">
            <label>Email <input id="email" name="email" type="email" autocomplete="username" required></label>
            <label>Password <input id="password" name="password" type="password" autocomplete="current-password" required></label>
            <label>Organization <span class="muted">(optional: its short name, when you belong to several)</span>
            <input id="org" name="org" autocomplete="organization"></label>
            <button type="submit" id="sign-in">Sign in</button>
            <p id="login-error" class="error" role="alert"></p>
            </form>
            """)

    static let dashboard = WebPage(
        "dashboard", title: "Dashboard",
        body: """
            <section class="card"><h2>Overview</h2><div id="overview" class="tiles"><p class="muted">Loading…</p></div></section>
            <section class="card"><h2>Timeline</h2>
            <label class="inline">Period <select id="period"><option>daily</option><option>weekly</option><option>monthly</option></select></label>
            <div id="timeline" class="charts"><p class="muted">Loading…</p></div></section>
            <div class="columns">
            <section class="card"><h2>Recent jobs</h2><div id="recent-jobs"><p class="muted">Loading…</p></div></section>
            <section class="card"><h2>Activity</h2><div id="activity"><p class="muted">Loading…</p></div></section>
            </div>
            """)

    static let datasets = WebPage(
        "datasets", title: "Datasets",
        body: """
            <p><a class="button" href="/builder">Build a dataset</a></p>
            <section class="card"><div id="datasets"><p class="muted">Loading…</p></div></section>
            """)

    static func dataset(_ name: String) -> WebPage {
        let review = ("/review/" + WebLayout.pathEncoded(name)).htmlEscaped
        return WebPage(
            "dataset", tab: "datasets", title: "Dataset \(name)", data: [("dataset", name)],
            body: """
                <section class="card"><dl id="summary" class="facts"><dt>Loading…</dt></dl>
                <p class="actions">
                <label class="inline"><input type="checkbox" id="review-required"> Require review before export</label>
                <a class="button" id="review-link" href="\(review)">Review pending records</a>
                <button type="button" id="validate">Run quality and privacy checks</button>
                <button type="button" id="delete" class="danger">Delete the dataset</button>
                </p></section>
                <section class="card"><h2>Export</h2>
                <label class="inline"><input type="checkbox" id="approved-only"> Approved records only</label>
                <div id="exports" class="actions"><p class="muted">Loading…</p></div></section>
                <section class="card"><h2>Records</h2>
                <form id="filters" class="inline-form">
                <label>Min score <input id="min-score" type="number" step="any"></label>
                <label>Max score <input id="max-score" type="number" step="any"></label>
                <label>Label <input id="label"></label>
                <label>Status <select id="status"><option value="">any</option><option>pending</option><option>approved</option><option>rejected</option></select></label>
                <label>Version <input id="version" placeholder="current"></label>
                <button type="submit">Filter</button>
                </form>
                <p id="records-total" class="muted"></p>
                <div id="records"></div>
                <button type="button" id="more" hidden>More</button></section>
                <section class="card"><h2>Quality and privacy report</h2><div id="report"><p class="muted">Loading…</p></div></section>
                <section class="card"><h2>Versions</h2><div id="versions"><p class="muted">Loading…</p></div>
                <form id="diff-form" class="inline-form">
                <label>From <select id="diff-a"></select></label> <label>To <select id="diff-b"></select></label>
                <button type="submit">Show the difference</button></form>
                <div id="diff"></div></section>
                <section class="card"><h2>Comments</h2><div id="comments"><p class="muted">Loading…</p></div>
                <form id="comment-form">
                <label>Comment <textarea id="comment-body" rows="3" required></textarea></label>
                <label>On record <span class="muted">(optional: its id)</span> <input id="comment-record"></label>
                <button type="submit">Comment</button></form></section>
                """)
    }

    static let templates = WebPage(
        "templates", title: "Templates",
        body: """
            <section class="card"><div id="templates"><p class="muted">Loading…</p></div></section>
            <section class="card"><h2>New template</h2>
            <form id="new-template">
            <label>Name <input id="new-name" required></label>
            <label>Body <span class="muted">(YAML: system, user, variables, output…)</span>
            <textarea id="new-body" rows="12" class="code" required></textarea></label>
            <label>Message <input id="new-message" placeholder="first version"></label>
            <button type="submit">Create</button>
            </form></section>
            """)

    static func template(_ name: String) -> WebPage {
        WebPage(
            "template", tab: "templates", title: "Template \(name)", data: [("template", name)],
            body: """
                <div class="columns">
                <section class="card"><h2>Editor</h2>
                <form id="editor">
                <textarea id="body" rows="24" class="code" spellcheck="false"></textarea>
                <label>Message <input id="message" placeholder="what changed"></label>
                <p class="actions"><button type="submit">Save a new version</button>
                <button type="button" id="fork">Fork</button>
                <button type="button" id="delete" class="danger">Delete</button></p>
                </form>
                <h2>Versions</h2><div id="versions"><p class="muted">Loading…</p></div></section>
                <section class="card"><h2>Test</h2>
                <form id="test-form">
                <label>Samples <input id="samples" type="number" min="1" max="20" value="3"></label>
                <label>Provider <span class="muted">(empty: render the prompts only)</span> <input id="provider"></label>
                <label>Model <input id="model"></label>
                <label>Base URL <input id="base-url"></label>
                <button type="submit">Run the test</button>
                </form>
                <div id="test-results"></div></section>
                </div>
                """)
    }

    static let reviewChoice = WebPage(
        "review", title: "Review", body: "<section class=\"card\"><p>Choose a dataset to review.</p><div id=\"choices\"></div></section>")

    static func review(_ name: String) -> WebPage {
        WebPage(
            "review", title: "Review \(name)", data: [("dataset", name)],
            body: """
                <p class="muted">Keys: <kbd>a</kbd> approve · <kbd>r</kbd> reject (asks for a reason) · <kbd>j</kbd> next · <kbd>k</kbd> previous</p>
                <section class="card" id="review-card">
                <p id="review-position" class="muted">Loading…</p>
                <h2>Record <code id="record-id"></code> <span id="record-status" class="badge"></span></h2>
                <p id="record-meta" class="muted"></p>
                <dl id="record-fields" class="fields"></dl>
                <p class="actions">
                <button type="button" id="approve">Approve (a)</button>
                <button type="button" id="reject" class="danger">Reject (r)</button>
                <button type="button" id="prev">Previous (k)</button>
                <button type="button" id="next">Next (j)</button>
                </p></section>
                """)
    }

    static let jobs = WebPage(
        "jobs", title: "Jobs",
        body: """
            <form id="job-filter" class="inline-form"><label>Status <select id="job-status-filter">
            <option value="">any</option><option>queued</option><option>running</option><option>succeeded</option>
            <option>failed</option><option>cancelled</option></select></label></form>
            <section class="card"><div id="jobs"><p class="muted">Loading…</p></div>
            <button type="button" id="more" hidden>More</button></section>
            """)

    static let keys = WebPage(
        "keys", title: "API keys",
        body: """
            <section class="card notice" id="new-key" hidden><p>The new key, shown this once: copy it now.</p>
            <p><code id="new-key-value"></code></p></section>
            <section class="card"><h2>Create a key</h2>
            <form id="key-form" class="inline-form">
            <label>Name <input id="key-name" required></label>
            <label>Role <select id="key-role"><option value="">mine</option>\(Role.allCases.map { "<option>\($0.rawValue)</option>" }.joined())</select></label>
            <label>Expires in days <input id="key-days" type="number" min="1"></label>
            <button type="submit">Create</button>
            </form></section>
            <section class="card"><div id="keys"><p class="muted">Loading…</p></div></section>
            """)
}
