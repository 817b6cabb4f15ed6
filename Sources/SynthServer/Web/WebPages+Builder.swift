import SynthCore
import SynthRuntime

extension WebPages {
    /// The built-in domains and their tasks, as `synthforge domains` lists them (read once).
    static let domains: [DomainInfo] = (try? Domains.list()) ?? []

    /// The dataset builder: a spec (domain, task, source, template, count, checks) that becomes a
    /// generation job, whose progress the page follows live. The domains, tasks and check values
    /// come from the engine itself, so the form offers exactly what a spec accepts.
    static var builder: WebPage {
        let domainOptions = domains.map { domain in
            let tasks: Value = .array(
                domain.tasks.map {
                    .object(["name": .string($0.name), "shape": .string($0.shape.rawValue), "description": .string($0.description)])
                })
            return "<option value=\"\(domain.name.htmlEscaped)\" data-tasks=\"\(JSONWriter.string(tasks).htmlEscaped)\">"
                + "\(domain.name.htmlEscaped) — \(domain.description.htmlEscaped)</option>"
        }
        let taskOptions = (domains.first?.tasks ?? []).map { "<option>\($0.name.htmlEscaped)</option>" }
        func choices(_ id: String, _ label: String, _ values: [String]) -> String {
            "<label>\(label) <select id=\"\(id)\"><option value=\"\">default</option>"
                + values.map { "<option>\($0)</option>" }.joined() + "</select></label>"
        }
        return WebPage(
            "builder", title: "Dataset builder",
            body: """
                <form id="builder" class="card">
                <label>Dataset <span class="muted">(made if it does not exist; a new version otherwise)</span>
                <input id="dataset" required autocomplete="off"></label>
                <div class="columns">
                <label>Domain <select id="domain">\(domainOptions.joined())</select></label>
                <label>Task <select id="task">\(taskOptions.joined())</select></label>
                </div>
                <p id="task-description" class="muted"></p>
                <fieldset><legend>Source</legend>
                <label class="inline"><input type="radio" name="source" value="builtin" checked> Built-in engine (offline)</label>
                <label class="inline"><input type="radio" name="source" value="llm"> A language model with a template</label>
                <div id="llm" class="columns" hidden>
                <label>Provider <input id="provider" list="providers" placeholder="local, openai, anthropic"></label>
                <datalist id="providers"><option>local</option><option>openai</option><option>anthropic</option></datalist>
                <label>Model <input id="model"></label>
                <label>Base URL <input id="base-url" placeholder="the provider's default"></label>
                <label>Template <input id="template" list="template-names" placeholder="a shipped or saved template"></label>
                <datalist id="template-names"></datalist>
                </div></fieldset>
                <div class="columns">
                <label>Records <input id="count" type="number" min="1" value="200" required></label>
                <label>Seed <span class="muted">(optional)</span> <input id="seed" type="number" min="0"></label>
                </div>
                <fieldset><legend>Checks and thresholds</legend><div class="columns">
                <label>Quality threshold <span class="muted">(0 to 1)</span> <input id="quality-threshold" type="number" min="0" max="1" step="0.01"></label>
                \(choices("privacy-level", "Privacy level", PrivacyLevel.allCases.map(\.rawValue)))
                \(choices("pii", "Personal data", PIIAction.allCases.map(\.rawValue)))
                \(choices("toxicity", "Toxicity", CheckMode.allCases.map(\.rawValue)))
                \(choices("bias", "Bias", CheckMode.allCases.map(\.rawValue)))
                \(choices("dedup", "Exact dedup", ["true", "false"]))
                \(choices("near-dedup", "Near dedup", ["true", "false"]))
                </div></fieldset>
                <p><button type="submit" id="generate">Generate</button> <span id="builder-error" class="error" role="alert"></span></p>
                </form>
                <section class="card" id="job" hidden>
                <h2>Job <code id="job-id"></code></h2>
                <progress id="job-progress" max="1" value="0"></progress>
                <p><span id="job-counts"></span> · <strong id="job-status"></strong></p>
                <p id="job-message"></p>
                <p class="actions"><a class="button" id="job-dataset" href="/datasets">Open the dataset</a>
                <button type="button" id="job-cancel" class="danger">Cancel</button></p>
                </section>
                """)
    }
}
