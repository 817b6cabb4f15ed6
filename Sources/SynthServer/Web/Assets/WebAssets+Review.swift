extension WebAssets {
    /// `/assets/review.js`: the review portal. Shows a dataset's pending records one at a time;
    /// `a` approves, `r` rejects with a reason, `j` and `k` move to the next and previous record.
    static let review = #"""
        "use strict";
        document.addEventListener("DOMContentLoaded", async () => {
          const $ = SF.byId;
          const name = document.body.dataset.dataset;
          if (!name) {
            const answer = await SF.api("GET", "/api/v1/datasets");
            if (!answer.ok) return SF.failed($("choices"), "the datasets", answer);
            const rows = SF.list(answer.data);
            if (!rows.length) return SF.show($("choices"), SF.el("p", { class: "muted", text: "No datasets yet." }));
            return SF.show($("choices"), SF.el("ul", { class: "feed" }, rows.map((d) => SF.el("li", {},
              SF.el("a", { href: "/review/" + SF.path(d.name), text: d.name }),
              SF.el("span", { class: "muted", text: " · " + SF.fmt(d.records) + " records" + (d.review_required ? " · review required" : "") })))));
          }
          const base = "/api/v1/datasets/" + SF.path(name);
          let items = [], index = 0, cursor = null, total = null, busy = false;
          const tally = { approved: 0, rejected: 0, pending: 0 };

          async function more() {
            const query = new URLSearchParams({ status: "pending", limit: "100" });
            if (cursor) query.set("cursor", cursor);
            const answer = await SF.api("GET", base + "/records?" + query);
            if (!answer.ok) { SF.show($("review-position"), "Could not load the pending records: " + answer.message); return false; }
            items.push(...SF.list(answer.data));
            cursor = answer.data.next_cursor || null;
            total = answer.data.total ?? total;
            return true;
          }

          function render() {
            const record = items[index];
            const done = "Reviewed this session: " + tally.approved + " approved, " + tally.rejected + " rejected.";
            if (!record) {
              $("review-position").textContent = "No pending records. " + done;
              for (const id of ["record-id", "record-status", "record-meta"]) $(id).textContent = "";
              SF.show($("record-fields"));
              return;
            }
            $("review-position").textContent = "Record " + (index + 1) + " of " + items.length + (cursor ? "+" : "")
              + (total !== null ? " (" + SF.fmt(total) + " pending when loaded)" : "") + ". " + done;
            $("record-id").textContent = record.id;
            $("record-status").textContent = record.status;
            $("record-status").className = "badge " + record.status;
            const provenance = record.provenance || {};
            $("record-meta").textContent = ["score " + SF.fmt(record.score), "label " + SF.fmt(record.label),
              provenance.source ? "source " + provenance.source : null, provenance.model ? "model " + provenance.model : null,
              record.review_reason ? "reason: " + record.review_reason : null].filter(Boolean).join(" · ");
            SF.show($("record-fields"), Object.entries(record.fields || {}).flatMap(([key, value]) => [
              SF.el("dt", { text: key }), SF.el("dd", { text: typeof value === "string" ? value : JSON.stringify(value, null, 2) })]));
          }

          async function move(step) {
            if (step > 0 && index + 1 >= items.length && cursor) await more();
            index = Math.min(Math.max(index + step, 0), Math.max(items.length - 1, 0));
            render();
          }

          async function decide(status) {
            const record = items[index];
            if (!record || busy) return;
            const body = { status };
            if (status === "rejected") {
              const reason = prompt("Why is record " + record.id + " rejected?");
              if (reason === null) return;
              if (reason.trim()) body.reason = reason.trim();
            }
            busy = true;
            const answer = await SF.api("POST", base + "/records/" + SF.path(record.id) + "/review", body);
            busy = false;
            if (!answer.ok) return SF.flash("Could not review record " + record.id + ": " + answer.message, true);
            items[index] = Object.assign({}, record, answer.data || { status });
            tally[status] += 1;
            SF.flash((status === "approved" ? "Approved" : "Rejected") + " record " + record.id + ".");
            if (index + 1 < items.length || cursor) await move(1); else render();
          }

          $("approve").addEventListener("click", () => decide("approved"));
          $("reject").addEventListener("click", () => decide("rejected"));
          $("next").addEventListener("click", () => move(1));
          $("prev").addEventListener("click", () => move(-1));
          document.addEventListener("keydown", (event) => {
            if (event.ctrlKey || event.metaKey || event.altKey) return;
            if (event.target.closest && event.target.closest("input, textarea, select")) return;
            const action = { a: () => decide("approved"), r: () => decide("rejected"), j: () => move(1), k: () => move(-1) }[event.key];
            if (action) { event.preventDefault(); action(); }
          });

          if (await more()) render();
        });
        """#
}
