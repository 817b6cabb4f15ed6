extension WebAssets {
    /// `/assets/templates.js`: the template library and the form that creates one.
    static let templates = #"""
        "use strict";
        document.addEventListener("DOMContentLoaded", async () => {
          const $ = SF.byId;
          $("new-template").addEventListener("submit", async (event) => {
            event.preventDefault();
            const body = { name: $("new-name").value.trim(), body: $("new-body").value };
            if ($("new-message").value.trim()) body.message = $("new-message").value.trim();
            const answer = await SF.api("POST", "/api/v1/templates", body);
            if (!answer.ok) return SF.flash("Could not create the template: " + answer.message, true);
            location.assign("/templates/" + SF.path(answer.data.name || body.name));
          });
          const answer = await SF.api("GET", "/api/v1/templates");
          if (!answer.ok) return SF.failed($("templates"), "the templates", answer);
          const rows = SF.list(answer.data);
          if (!rows.length) return SF.show($("templates"), SF.el("p", { class: "muted", text: "No templates yet." }));
          SF.show($("templates"), SF.table(rows, [
            ["Name", (t) => SF.el("a", { href: "/templates/" + SF.path(t.name), text: t.name })], ["Version", (t) => t.version, "num"],
            ["Description", (t) => t.description], ["Author", (t) => t.author ?? t.created_by],
            ["Updated", (t) => SF.when(t.updated_at ?? t.created_at)],
          ]));
        });
        """#

    /// `/assets/template.js`: a template's editor (save a new version, fork, delete), its versions,
    /// and the test pane that renders it, or runs it on a provider.
    static let template = #"""
        "use strict";
        document.addEventListener("DOMContentLoaded", () => {
          const $ = SF.byId;
          const name = document.body.dataset.template;
          const base = "/api/v1/templates/" + SF.path(name);

          async function load() {
            const answer = await SF.api("GET", base);
            if (!answer.ok) return SF.flash("Could not load the template: " + answer.message, true);
            $("body").value = answer.data.body || "";
          }

          async function versions() {
            const answer = await SF.api("GET", base + "/versions");
            if (!answer.ok) return SF.failed($("versions"), "the versions", answer);
            const rows = SF.list(answer.data);
            if (!rows.length) return SF.show($("versions"), SF.el("p", { class: "muted", text: "No versions yet." }));
            SF.show($("versions"), SF.table(rows, [
              ["Version", (v) => v.version, "num"], ["Message", (v) => v.message], ["Author", (v) => v.author ?? v.created_by],
              ["Saved", (v) => SF.when(v.created_at)],
              ["", (v) => (typeof v.body === "string"
                ? SF.el("button", { type: "button", class: "small", text: "Load", onclick: () => { $("body").value = v.body; } }) : "")],
            ]));
          }

          $("editor").addEventListener("submit", async (event) => {
            event.preventDefault();
            const body = { body: $("body").value };
            if ($("message").value.trim()) body.message = $("message").value.trim();
            const answer = await SF.api("PUT", base, body);
            if (!answer.ok) return SF.flash("Could not save: " + answer.message, true);
            SF.flash("Saved" + (answer.data && answer.data.version ? " as version " + answer.data.version : "") + ".");
            $("message").value = "";
            versions();
          });

          $("fork").addEventListener("click", async () => {
            const fork = prompt("Name of the copy:");
            if (!fork) return;
            const answer = await SF.api("POST", base + "/fork", { name: fork });
            if (!answer.ok) return SF.flash("Could not fork: " + answer.message, true);
            location.assign("/templates/" + SF.path(answer.data.name || fork));
          });

          $("delete").addEventListener("click", async () => {
            if (!confirm("Delete the template " + name + " and its versions?")) return;
            const answer = await SF.api("DELETE", base);
            if (!answer.ok) return SF.flash("Could not delete: " + answer.message, true);
            location.assign("/templates");
          });

          /** One test sample: each of its parts under a heading. */
          function sample(item, i) {
            if (typeof item !== "object" || item === null) return SF.el("pre", { text: String(item) });
            return SF.el("div", { class: "card" }, SF.el("h3", { text: "Sample " + (i + 1) }),
              Object.entries(item).flatMap(([key, value]) => [SF.el("h4", { text: SF.words(key) }),
                SF.el("pre", { text: typeof value === "string" ? value : JSON.stringify(value, null, 2) })]));
          }

          $("test-form").addEventListener("submit", async (event) => {
            event.preventDefault();
            const body = { samples: Number($("samples").value) || 1 };
            for (const [id, key] of [["provider", "provider"], ["model", "model"], ["base-url", "base_url"]]) {
              if ($(id).value.trim()) body[key] = $(id).value.trim();
            }
            SF.show($("test-results"), SF.el("p", { class: "muted", text: "Running…" }));
            const answer = await SF.api("POST", base + "/test", body);
            if (!answer.ok) return SF.failed($("test-results"), "the test", answer);
            const facts = Object.entries(answer.data || {}).filter(([, v]) => !Array.isArray(v) && (typeof v !== "object" || v === null));
            SF.show($("test-results"),
              facts.map(([k, v]) => SF.el("p", {}, SF.el("strong", { text: SF.words(k) + ": " }), SF.fmt(v))),
              SF.list(answer.data).map(sample));
          });

          load(); versions();
        });
        """#
}
