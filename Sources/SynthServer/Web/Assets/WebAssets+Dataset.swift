extension WebAssets {
    /// `/assets/dataset.js`: one dataset — its facts and review switch, export links, the records
    /// table with filters, the quality and privacy report of its latest validation, versions and
    /// their differences, and comments.
    static let dataset = #"""
        "use strict";
        document.addEventListener("DOMContentLoaded", () => {
          const $ = SF.byId;
          const name = document.body.dataset.dataset;
          const base = "/api/v1/datasets/" + SF.path(name);
          const versionOf = (v) => v.version ?? v.hash ?? v.id;

          async function summary() {
            const answer = await SF.api("GET", base);
            if (!answer.ok) return SF.failed($("summary"), "the dataset", answer);
            const d = answer.data;
            const facts = [["Description", d.description], ["Domain", d.domain], ["Shape", d.shape], ["Records", d.records],
              ["Version", d.version], ["Branch", d.current_branch], ["Owner", d.owner], ["Created", SF.when(d.created_at)]];
            SF.show($("summary"), facts.flatMap(([k, v]) => [SF.el("dt", { text: k }), SF.el("dd", { text: SF.fmt(v) })]));
            $("review-required").checked = !!d.review_required;
          }

          $("review-required").addEventListener("change", async (event) => {
            const wanted = event.target.checked;
            const answer = await SF.api("PATCH", base, { review_required: wanted });
            if (!answer.ok) { event.target.checked = !wanted; return SF.flash("Could not change the review setting: " + answer.message, true); }
            SF.flash(wanted ? "Records now need review before export." : "Review is no longer required.");
          });

          let formats = [];
          function exportLinks() {
            const query = $("approved-only").checked ? "?status=approved" : "";
            if (!formats.length) return SF.show($("exports"), SF.el("p", { class: "muted", text: "The server offers no export formats." }));
            SF.show($("exports"), formats.map((f) => SF.el("a", {
              class: "button", id: "export-" + f.name, download: true,
              href: base + "/export/" + SF.path(f.name) + query, title: f.media_type, text: f.name + " (." + f.extension + ")",
            })));
          }
          async function exports() {
            const answer = await SF.api("GET", "/api/v1/export/formats");
            if (!answer.ok) return SF.failed($("exports"), "the export formats", answer);
            formats = SF.list(answer.data);
            exportLinks();
          }
          $("approved-only").addEventListener("change", exportLinks);

          let cursor = null;
          function preview(fields) {
            return Object.entries(fields || {}).map(([k, v]) => k + ": " + (typeof v === "string" ? v : JSON.stringify(v))).join("  ·  ");
          }
          async function records(reset) {
            const query = new URLSearchParams({ limit: "50" });
            const filters = { min_score: $("min-score").value, max_score: $("max-score").value, label: $("label").value.trim(),
              status: $("status").value, version: $("version").value.trim() };
            for (const [k, v] of Object.entries(filters)) if (v !== "") query.set(k, v);
            if (!reset && cursor) query.set("cursor", cursor);
            const answer = await SF.api("GET", base + "/records?" + query);
            if (!answer.ok) { $("more").hidden = true; return SF.failed($("records"), "the records", answer); }
            const rows = SF.list(answer.data);
            cursor = answer.data.next_cursor || null;
            $("more").hidden = !cursor;
            $("records-total").textContent = SF.fmt(answer.data.total) + " records match.";
            const table = SF.table(rows, [
              ["Id", (r) => SF.el("code", { text: r.id })], ["Fields", (r) => preview(r.fields), "text"], ["Score", (r) => r.score, "num"],
              ["Label", (r) => r.label], ["Status", (r) => SF.badge(r.status)],
            ], (r) => ({ title: r.review_reason ? "reason: " + r.review_reason : undefined,
              onclick: (event) => event.currentTarget.classList.toggle("open") }));
            const body = $("records").querySelector("tbody");
            if (reset || !body) SF.show($("records"), rows.length ? table : SF.el("p", { class: "muted", text: "No records match." }));
            else body.append(...table.querySelector("tbody").children);
          }
          $("filters").addEventListener("submit", (event) => { event.preventDefault(); records(true); });
          $("more").addEventListener("click", () => records(false));

          /** The report of a validation: one chart per group of figures. */
          function report(result) {
            const sections = result.metrics && typeof result.metrics === "object" ? result.metrics : result;
            const parts = [];
            for (const [section, figures] of Object.entries(sections)) {
              if (!figures || typeof figures !== "object" || Array.isArray(figures)) continue;
              const flat = SF.numbers(figures);
              if (flat.length) parts.push(SF.bars(flat, SF.words(section)));
              for (const [key, inner] of Object.entries(figures)) {
                const nested = inner && typeof inner === "object" && !Array.isArray(inner) ? SF.numbers(inner) : [];
                if (nested.length) parts.push(SF.bars(nested, SF.words(section) + " · " + SF.words(key)));
              }
            }
            return parts.length ? SF.el("div", { class: "charts" }, parts) : SF.el("pre", { text: JSON.stringify(result, null, 2) });
          }
          async function latestReport() {
            const answer = await SF.api("GET", "/api/v1/jobs?status=succeeded&limit=100");
            if (!answer.ok) return SF.failed($("report"), "the validation jobs", answer);
            const job = SF.list(answer.data).find((j) => j.kind === "validate" && j.dataset === name && j.result);
            if (!job) return SF.show($("report"), SF.el("p", { class: "muted", text: "No checks have run on this dataset yet." }));
            SF.show($("report"), SF.el("p", { class: "muted", text: "From job " + job.id + ", " + SF.when(job.finished_at) + "." }), report(job.result));
          }
          $("validate").addEventListener("click", async () => {
            const answer = await SF.api("POST", "/api/v1/validate", { dataset: name });
            if (!answer.ok) return SF.flash("Could not start the checks: " + answer.message, true);
            SF.show($("report"), SF.el("p", { class: "muted", text: "Checks running (job " + answer.data.id + ")…" }));
            SF.follow(answer.data.id, ({ job, error, done }) => {
              if (error) return SF.flash("Lost the checks' progress: " + error, true);
              if (done && job && job.status !== "succeeded") return SF.flash("The checks " + job.status + ": " + (job.error || job.message || ""), true);
              if (done) latestReport();
            });
          });

          async function versions() {
            const answer = await SF.api("GET", base + "/versions");
            if (!answer.ok) return SF.failed($("versions"), "the versions", answer);
            const rows = SF.list(answer.data);
            const options = () => rows.map((v) => SF.el("option", { value: versionOf(v), text: String(versionOf(v)).slice(0, 12) + " " + (v.message || "") }));
            SF.show($("diff-a"), options());
            SF.show($("diff-b"), options());
            if (rows.length > 1) $("diff-a").selectedIndex = 1;
            if (!rows.length) return SF.show($("versions"), SF.el("p", { class: "muted", text: "No versions yet." }));
            SF.show($("versions"), SF.table(rows, [
              ["Version", (v) => SF.el("code", { text: String(versionOf(v)).slice(0, 12) })], ["Message", (v) => v.message],
              ["Author", (v) => v.author], ["Records", (v) => v.records, "num"],
              ["Changes", (v) => (SF.isNumber(v.added) ? "+" + v.added + " −" + (v.removed ?? 0) + " ~" + (v.changed ?? 0) : null)],
              ["Created", (v) => SF.when(v.created_at)],
              ["", (v) => SF.el("span", { class: "actions" },
                SF.el("button", { type: "button", class: "small", text: "Restore", onclick: () => restore(versionOf(v)) }),
                SF.el("button", { type: "button", class: "small", text: "Tag", onclick: () => tag(versionOf(v)) }))],
            ]));
          }
          async function restore(version) {
            if (!confirm("Restore version " + version + "? The current records are kept as a version.")) return;
            const answer = await SF.api("POST", base + "/versions/" + SF.path(version) + "/restore");
            if (!answer.ok) return SF.flash("Could not restore: " + answer.message, true);
            SF.flash("Restored " + version + ".");
            summary(); versions(); records(true);
          }
          async function tag(version) {
            const name = prompt("Tag for version " + version + ":");
            if (!name) return;
            const answer = await SF.api("POST", base + "/versions/" + SF.path(version) + "/tag", { tag: name });
            if (!answer.ok) return SF.flash("Could not tag: " + answer.message, true);
            versions();
          }
          $("diff-form").addEventListener("submit", async (event) => {
            event.preventDefault();
            const a = $("diff-a").value, b = $("diff-b").value;
            if (!a || !b) return;
            const answer = await SF.api("GET", base + "/diff/" + SF.path(a) + "/" + SF.path(b));
            if (!answer.ok) return SF.failed($("diff"), "the difference", answer);
            const parts = [];
            for (const [key, value] of Object.entries(answer.data || {})) {
              if (Array.isArray(value)) {
                parts.push(SF.el("h3", { text: SF.words(key) + " (" + value.length + ")" }));
                if (value.length) parts.push(SF.el("pre", { text: value.slice(0, 20).map((x) => JSON.stringify(x)).join("\n") + (value.length > 20 ? "\n…" : "") }));
              } else if (value && typeof value === "object") {
                parts.push(SF.el("p", {}, SF.el("strong", { text: SF.words(key) + ": " }),
                  Object.entries(value).map(([k, v]) => SF.words(k) + " " + SF.fmt(v)).join(", ")));
              } else {
                parts.push(SF.el("p", {}, SF.el("strong", { text: SF.words(key) + ": " }), SF.fmt(value)));
              }
            }
            SF.show($("diff"), parts);
          });

          async function comments() {
            const answer = await SF.api("GET", base + "/comments");
            if (!answer.ok) return SF.failed($("comments"), "the comments", answer);
            const items = SF.list(answer.data);
            if (!items.length) return SF.show($("comments"), SF.el("p", { class: "muted", text: "No comments yet." }));
            SF.show($("comments"), SF.el("ul", { class: "feed" }, items.map((c) => SF.el("li", {},
              SF.el("div", { class: "muted", text: (c.author || "") + " · " + SF.when(c.created_at) + (c.record ? " · record " + c.record : "") }),
              SF.el("div", { class: "comment", text: c.body }),
              SF.el("button", { type: "button", class: "small danger", text: "Delete", onclick: async () => {
                const gone = await SF.api("DELETE", "/api/v1/comments/" + SF.path(c.id));
                if (!gone.ok) return SF.flash("Could not delete the comment: " + gone.message, true);
                comments();
              } })))));
          }
          $("comment-form").addEventListener("submit", async (event) => {
            event.preventDefault();
            const body = { body: $("comment-body").value.trim() };
            if ($("comment-record").value.trim()) body.record = $("comment-record").value.trim();
            const answer = await SF.api("POST", base + "/comments", body);
            if (!answer.ok) return SF.flash("Could not comment: " + answer.message, true);
            $("comment-body").value = "";
            comments();
          });

          $("delete").addEventListener("click", async () => {
            if (!confirm("Delete the dataset " + name + " and all its versions?")) return;
            const answer = await SF.api("DELETE", base);
            if (!answer.ok) return SF.flash("Could not delete: " + answer.message, true);
            location.assign("/datasets");
          });

          summary(); exports(); records(true); latestReport(); versions(); comments();
        });
        """#
}
