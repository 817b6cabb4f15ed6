extension WebAssets {
    /// `/assets/jobs.js`: the organization's jobs, filtered by status, refreshed while any is still
    /// queued or running, with a cancel button on those.
    static let jobs = #"""
        "use strict";
        document.addEventListener("DOMContentLoaded", () => {
          const $ = SF.byId;
          let rows = [], cursor = null, timer = null;

          async function load(reset) {
            clearTimeout(timer);
            const query = new URLSearchParams({ limit: "50" });
            if ($("job-status-filter").value) query.set("status", $("job-status-filter").value);
            if (!reset && cursor) query.set("cursor", cursor);
            const answer = await SF.api("GET", "/api/v1/jobs?" + query);
            if (!answer.ok) { $("more").hidden = true; return SF.failed($("jobs"), "the jobs", answer); }
            rows = reset ? SF.list(answer.data) : rows.concat(SF.list(answer.data));
            cursor = answer.data.next_cursor || null;
            $("more").hidden = !cursor;
            render();
            if (reset && rows.some((j) => !SF.terminal.includes(j.status))) timer = setTimeout(() => load(true), 3000);
          }

          async function cancel(job) {
            const answer = await SF.api("POST", "/api/v1/jobs/" + SF.path(job.id) + "/cancel");
            if (!answer.ok) return SF.flash("Could not cancel job " + job.id + ": " + answer.message, true);
            SF.flash("Cancelling job " + job.id + ".");
            load(true);
          }

          function render() {
            if (!rows.length) return SF.show($("jobs"), SF.el("p", { class: "muted", text: "No jobs." }));
            SF.show($("jobs"), SF.table(rows, [
              ["Job", (j) => j.id], ["Kind", (j) => j.kind], ["Status", (j) => SF.badge(j.status)],
              ["Dataset", (j) => (j.dataset ? SF.el("a", { href: "/datasets/" + SF.path(j.dataset), text: j.dataset }) : "—")],
              ["Progress", (j) => SF.el("progress", { max: Math.max(j.target || 0, 1), value: Math.min(j.written || 0, Math.max(j.target || 0, 1)),
                title: SF.fmt(j.written) + " of " + SF.fmt(j.target) })],
              ["Written", (j) => j.written, "num"], ["Model", (j) => j.model || j.provider], ["Cost", (j) => j.cost, "num"],
              ["Seconds", (j) => (SF.isNumber(j.elapsed_ms) ? j.elapsed_ms / 1000 : null), "num"], ["By", (j) => j.created_by],
              ["Created", (j) => SF.when(j.created_at)], ["Message", (j) => j.error || j.message],
              ["", (j) => (SF.terminal.includes(j.status) ? ""
                : SF.el("button", { type: "button", class: "small danger", text: "Cancel", onclick: () => cancel(j) }))],
            ]));
          }

          $("job-status-filter").addEventListener("change", () => load(true));
          $("more").addEventListener("click", () => load(false));
          load(true);
        });
        """#
}
