extension WebAssets {
    /// `/assets/common.js`: what every page's script uses — calling the API, building elements,
    /// formatting, charts, following a job. Data from the API only ever goes in as text
    /// (`textContent`, attribute values): nothing is parsed as HTML.
    static let common = #"""
        "use strict";
        const SF = (() => {
          const refreshKey = "synthforge.refresh";
          const terminal = ["succeeded", "failed", "cancelled"];

          /** Calls the JSON API and never throws: {ok, status, data, message}. A stale session is
           *  renewed once with the refresh token; failing that, the browser goes to sign in. */
          async function api(method, path, body, renewed) {
            const init = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
            if (body !== undefined) {
              init.headers["Content-Type"] = "application/json";
              init.body = JSON.stringify(body);
            }
            let response;
            try {
              response = await fetch(path, init);
            } catch (error) {
              return { ok: false, status: 0, data: null, message: "the server did not answer (" + error.message + ")" };
            }
            if (response.status === 401 && !path.startsWith("/api/v1/auth/")) {
              if (!renewed && (await refresh())) return api(method, path, body, true);
              signIn();
            }
            const text = await response.text();
            let data = null;
            try { data = text ? JSON.parse(text) : null; } catch (error) { data = null; }
            const error = data && data.error ? data.error : null;
            const message = response.ok ? "" : (error && error.message) || response.status + " " + response.statusText;
            return { ok: response.ok, status: response.status, data, message, field: error && error.field };
          }

          /** Trades the refresh token this tab keeps for a new session; true when it worked. */
          async function refresh() {
            const token = sessionStorage.getItem(refreshKey);
            if (!token) return false;
            const answer = await api("POST", "/api/v1/auth/refresh", { refresh_token: token });
            if (!answer.ok) { sessionStorage.removeItem(refreshKey); return false; }
            sessionStorage.setItem(refreshKey, answer.data.refresh_token);
            return true;
          }

          function signIn() {
            location.assign("/login?next=" + encodeURIComponent(location.pathname + location.search));
          }

          /** A path on this server, or "#": links built from data never lead elsewhere. */
          function local(href) {
            const text = String(href);
            return text.startsWith("/") && !text.startsWith("//") && !text.includes("\\") ? text : "#";
          }

          /** An element: `text` sets its text, `on<event>` a listener, `href` a local link, the rest attributes. */
          function el(tag, attributes, ...children) {
            return build(document.createElement(tag), attributes, children);
          }

          // The SVG namespace, read from the logo every page carries.
          function svg(tag, attributes, ...children) {
            return build(document.createElementNS(document.querySelector("svg.logo").namespaceURI, tag), attributes, children);
          }

          function build(node, attributes, children) {
            for (const [name, value] of Object.entries(attributes || {})) {
              if (value === undefined || value === null || value === false) continue;
              if (name === "text") node.textContent = String(value);
              else if (name === "href") node.setAttribute("href", local(value));
              else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
              else node.setAttribute(name, value === true ? "" : String(value));
            }
            for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
            return node;
          }

          const byId = (id) => document.getElementById(id);
          const path = (segment) => encodeURIComponent(String(segment));

          /** Replaces what `node` shows. */
          function show(node, ...children) {
            node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined));
          }

          /** Shows in `node` that loading `what` failed, and why. */
          function failed(node, what, answer) {
            show(node, el("p", { class: "error", text: "Could not load " + what + ": " + answer.message }));
          }

          /** A message at the top of the page. */
          function flash(message, isError) {
            const node = byId("flash");
            node.textContent = message;
            node.className = isError ? "error" : "";
            node.hidden = !message;
          }

          const isNumber = (x) => typeof x === "number" && Number.isFinite(x);

          function fmt(x) {
            if (x === null || x === undefined || x === "") return "—";
            if (isNumber(x)) {
              if (Number.isInteger(x)) return x.toLocaleString("en-US");
              return Math.abs(x) >= 100 ? x.toFixed(1) : Number(x.toPrecision(3)).toString();
            }
            if (typeof x === "boolean") return x ? "yes" : "no";
            if (typeof x === "object") return JSON.stringify(x);
            return String(x);
          }

          /** A timestamp (seconds, milliseconds or ISO text) as "2026-11-22 14:03 UTC". */
          function when(x) {
            if (x === null || x === undefined || x === "") return "—";
            const date = new Date(isNumber(x) ? (x < 1e11 ? x * 1000 : x) : x);
            if (Number.isNaN(date.getTime())) return String(x);
            return date.toISOString().slice(0, 16).replace("T", " ") + " UTC";
          }

          const words = (key) => String(key).replace(/[_-]+/g, " ");

          function badge(status) {
            return el("span", { class: "badge " + String(status || ""), text: status || "—" });
          }

          /** A table: columns are [heading, (row) => cell content, "num"?]. */
          function table(rows, columns, rowAttributes) {
            const head = el("tr", {}, columns.map(([title, , kind]) => el("th", { class: kind, text: title })));
            const body = rows.map((row) =>
              el("tr", rowAttributes ? rowAttributes(row) : {}, columns.map(([, cell, kind]) => {
                const value = cell(row);
                return el("td", { class: kind }, value instanceof Node ? value : fmt(value));
              }))
            );
            return el("table", {}, el("thead", {}, head), el("tbody", {}, body));
          }

          /** A horizontal bar chart of [{label, value}]. */
          function bars(items, caption) {
            const rowHeight = 22, labelWidth = 170, width = 520, barSpace = width - labelWidth - 70;
            const max = Math.max(...items.map((i) => Math.abs(i.value)), 0) || 1;
            const chart = svg("svg", { class: "chart", viewBox: "0 0 " + width + " " + (items.length * rowHeight + 6), role: "img", "aria-label": caption });
            items.forEach((item, i) => {
              const y = i * rowHeight + 4, length = Math.max(1, (Math.abs(item.value) / max) * barSpace);
              chart.append(
                svg("text", { x: labelWidth - 6, y: y + 13, "text-anchor": "end", text: truncate(item.label, 26) }),
                svg("rect", { class: "bar", x: labelWidth, y, width: length, height: rowHeight - 6, rx: 2 },
                  svg("title", { text: item.label + ": " + fmt(item.value) })),
                svg("text", { class: "value", x: labelWidth + length + 5, y: y + 13, text: fmt(item.value) })
              );
            });
            return el("figure", {}, el("figcaption", { text: caption }), chart);
          }

          /** A column chart of [{label, value}] in order, such as a timeline. */
          function columns(points, caption) {
            const width = 520, height = 180, left = 44, bottom = 22, top = 10;
            const max = Math.max(...points.map((p) => p.value), 0) || 1;
            const step = (width - left - 6) / Math.max(points.length, 1);
            const chart = svg("svg", { class: "chart", viewBox: "0 0 " + width + " " + height, role: "img", "aria-label": caption },
              svg("line", { class: "axis", x1: left, y1: height - bottom, x2: width, y2: height - bottom }),
              svg("text", { x: left - 4, y: top + 4, "text-anchor": "end", text: fmt(max) }),
              svg("text", { x: left - 4, y: height - bottom, "text-anchor": "end", text: "0" }));
            points.forEach((point, i) => {
              const h = (Math.max(point.value, 0) / max) * (height - bottom - top);
              const x = left + i * step + step * 0.15;
              chart.append(svg("rect", { class: "bar", x, y: height - bottom - h, width: Math.max(step * 0.7, 1), height: Math.max(h, 0.5) },
                svg("title", { text: point.label + ": " + fmt(point.value) })));
              if (points.length <= 8 || i === 0 || i === points.length - 1 || i % Math.ceil(points.length / 6) === 0) {
                chart.append(svg("text", { x: x + step * 0.35, y: height - 6, "text-anchor": "middle", text: truncate(point.label, 10) }));
              }
            });
            return el("figure", {}, el("figcaption", { text: caption }), chart);
          }

          const truncate = (text, n) => { const s = String(text); return s.length > n ? s.slice(0, n - 1) + "…" : s; };

          /** The list in an answer such as {"datasets": [...]}: its first array, wherever the API puts it. */
          function list(data) {
            if (Array.isArray(data)) return data;
            for (const value of Object.values(data || {})) if (Array.isArray(value)) return value;
            return [];
          }

          /** Numbers of a flat object as chart items, such as {"email": 3, "phone": 1}. */
          function numbers(object) {
            return Object.entries(object || {}).filter(([, v]) => isNumber(v)).map(([k, v]) => ({ label: words(k), value: v }));
          }

          /** Follows a job: `update({progress, job, error})` on each tick, until it ends. Uses the
           *  event stream, and polls the job instead when the stream cannot be read. */
          function follow(id, update) {
            let done = false;
            const end = (job) => { if (!done) { done = true; stream.close(); update({ job, done: true }); } };
            const stream = new EventSource("/api/v1/jobs/" + path(id) + "/events");
            const parse = (event) => { try { return JSON.parse(event.data); } catch (error) { return null; } };
            stream.addEventListener("progress", (event) => { const p = parse(event); if (p && !done) update({ progress: p }); });
            stream.addEventListener("status", (event) => {
              const job = parse(event);
              if (!job) return;
              if (terminal.includes(job.status)) end(job); else update({ job });
            });
            stream.onerror = () => { if (!done) { stream.close(); poll(); } };
            async function poll() {
              while (!done) {
                const answer = await api("GET", "/api/v1/jobs/" + path(id));
                if (!answer.ok) { done = true; update({ error: answer.message, done: true }); return; }
                if (terminal.includes(answer.data.status)) { end(answer.data); return; }
                update({ job: answer.data });
                await new Promise((resolve) => setTimeout(resolve, 1000));
              }
            }
          }

          /** Every page: the sign-out button. */
          document.addEventListener("DOMContentLoaded", () => {
            const out = byId("sign-out");
            if (out) out.addEventListener("click", async () => {
              await api("POST", "/api/v1/auth/logout");
              sessionStorage.removeItem(refreshKey);
              location.assign("/login");
            });
          });

          return { api, el, svg, byId, path, show, failed, flash, fmt, when, words, badge, table, bars, columns, numbers, list, follow,
            local, isNumber, terminal, refreshKey };
        })();
        """#
}
