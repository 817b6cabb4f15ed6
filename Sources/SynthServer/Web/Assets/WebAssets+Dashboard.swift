extension WebAssets {
    /// `/assets/dashboard.js`: the analytics overview as tiles, the timeline as column charts, the
    /// latest jobs and the activity feed; each part says so in place when its call fails.
    static let dashboard = #"""
        "use strict";
        /** Where an activity subject such as "dataset/x" or "job/7" is shown. */
        function subjectLink(subject) {
          const [kind, ...rest] = String(subject || "").split("/");
          const name = rest.join("/");
          if (!name) return subject || "";
          if (kind === "dataset") return SF.el("a", { href: "/datasets/" + SF.path(name), text: subject });
          if (kind === "template") return SF.el("a", { href: "/templates/" + SF.path(name), text: subject });
          if (kind === "job") return SF.el("a", { href: "/jobs", text: subject });
          return subject;
        }

        async function overview() {
          const node = SF.byId("overview");
          const answer = await SF.api("GET", "/api/v1/analytics/overview");
          if (!answer.ok) return SF.failed(node, "the overview", answer);
          const tiles = [];
          for (const [key, value] of Object.entries(answer.data || {})) {
            if (SF.isNumber(value)) tiles.push([SF.words(key), value]);
            else if (value && typeof value === "object" && !Array.isArray(value)) {
              for (const [inner, x] of Object.entries(value)) if (SF.isNumber(x)) tiles.push([SF.words(key) + " · " + SF.words(inner), x]);
            }
          }
          if (!tiles.length) return SF.show(node, SF.el("p", { class: "muted", text: "No figures yet." }));
          SF.show(node, tiles.map(([name, value]) =>
            SF.el("div", { class: "tile" }, SF.el("div", { class: "value", text: SF.fmt(value) }), SF.el("div", { class: "name", text: name }))));
        }

        async function timeline() {
          const node = SF.byId("timeline");
          const period = SF.byId("period").value;
          const answer = await SF.api("GET", "/api/v1/analytics/timeline?period=" + encodeURIComponent(period));
          if (!answer.ok) return SF.failed(node, "the timeline", answer);
          const points = SF.list(answer.data).filter((p) => p && typeof p === "object");
          if (!points.length) return SF.show(node, SF.el("p", { class: "muted", text: "Nothing happened in this period yet." }));
          const labelOf = (p) => p.period ?? p.date ?? p.start ?? p.bucket ?? Object.values(p).find((v) => typeof v === "string") ?? "";
          const series = Object.keys(points[0]).filter((key) => points.some((p) => SF.isNumber(p[key])));
          SF.show(node, series.slice(0, 6).map((key) =>
            SF.columns(points.map((p) => ({ label: String(labelOf(p)), value: SF.isNumber(p[key]) ? p[key] : 0 })), SF.words(key))));
        }

        async function jobs() {
          const node = SF.byId("recent-jobs");
          const answer = await SF.api("GET", "/api/v1/jobs?limit=8");
          if (!answer.ok) return SF.failed(node, "the jobs", answer);
          const rows = SF.list(answer.data);
          if (!rows.length) return SF.show(node, SF.el("p", { class: "muted" }, "No jobs yet. ", SF.el("a", { href: "/builder", text: "Build a dataset." })));
          SF.show(node, SF.table(rows, [
            ["Job", (j) => j.id], ["Kind", (j) => j.kind], ["Status", (j) => SF.badge(j.status)],
            ["Dataset", (j) => j.dataset ? SF.el("a", { href: "/datasets/" + SF.path(j.dataset), text: j.dataset }) : "—"],
            ["Records", (j) => SF.fmt(j.written) + " / " + SF.fmt(j.target), "num"], ["Created", (j) => SF.when(j.created_at)],
          ]));
        }

        async function activity() {
          const node = SF.byId("activity");
          const answer = await SF.api("GET", "/api/v1/activity?limit=15");
          if (!answer.ok) return SF.failed(node, "the activity", answer);
          const items = SF.list(answer.data);
          if (!items.length) return SF.show(node, SF.el("p", { class: "muted", text: "No activity yet." }));
          SF.show(node, SF.el("ul", { class: "feed" }, items.map((e) =>
            SF.el("li", {}, SF.el("span", { class: "muted", text: SF.when(e.created_at ?? e.at) + " · " + (e.actor || "server") + " · " }),
              String(e.kind || ""), " ", subjectLink(e.subject)))));
        }

        document.addEventListener("DOMContentLoaded", () => {
          SF.byId("period").addEventListener("change", timeline);
          overview(); timeline(); jobs(); activity();
        });
        """#
}
