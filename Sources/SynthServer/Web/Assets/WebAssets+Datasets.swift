extension WebAssets {
    /// `/assets/datasets.js`: the organization's datasets, each linking to its page.
    static let datasets = #"""
        "use strict";
        document.addEventListener("DOMContentLoaded", async () => {
          const node = SF.byId("datasets");
          const answer = await SF.api("GET", "/api/v1/datasets");
          if (!answer.ok) return SF.failed(node, "the datasets", answer);
          const rows = SF.list(answer.data);
          if (!rows.length) return SF.show(node, SF.el("p", { class: "muted", text: "No datasets yet." }));
          SF.show(node, SF.table(rows, [
            ["Name", (d) => SF.el("a", { href: "/datasets/" + SF.path(d.name), text: d.name })],
            ["Domain", (d) => d.domain], ["Shape", (d) => d.shape], ["Records", (d) => d.records, "num"],
            ["Version", (d) => (d.version ? String(d.version).slice(0, 12) : "—")],
            ["Review", (d) => (d.review_required ? "required" : "—")], ["Owner", (d) => d.owner], ["Created", (d) => SF.when(d.created_at)],
          ]));
        });
        """#
}
