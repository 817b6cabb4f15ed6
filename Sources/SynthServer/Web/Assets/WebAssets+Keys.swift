extension WebAssets {
    /// `/assets/keys.js`: the organization's API keys; a new or rotated key is shown once.
    static let keys = #"""
        "use strict";
        document.addEventListener("DOMContentLoaded", () => {
          const $ = SF.byId;

          function reveal(key) {
            $("new-key-value").textContent = key;
            $("new-key").hidden = false;
          }

          async function load() {
            const answer = await SF.api("GET", "/api/v1/keys");
            if (!answer.ok) return SF.failed($("keys"), "the API keys", answer);
            const rows = SF.list(answer.data);
            if (!rows.length) return SF.show($("keys"), SF.el("p", { class: "muted", text: "No API keys." }));
            SF.show($("keys"), SF.table(rows, [
              ["Name", (k) => k.name], ["Key", (k) => SF.el("code", { text: (k.prefix || "") + "…" })], ["Role", (k) => k.role],
              ["Created", (k) => SF.when(k.created_at)], ["Expires", (k) => SF.when(k.expires_at)], ["Last used", (k) => SF.when(k.last_used_at)],
              ["Status", (k) => SF.badge(k.revoked_at ? "revoked" : "active")],
              ["", (k) => (k.revoked_at ? "" : SF.el("span", { class: "actions" },
                SF.el("button", { type: "button", class: "small", text: "Rotate", onclick: () => rotate(k) }),
                SF.el("button", { type: "button", class: "small danger", text: "Revoke", onclick: () => revoke(k) })))],
            ]));
          }

          async function revoke(key) {
            if (!confirm("Revoke the key " + key.name + "? Programs using it stop working at once.")) return;
            const answer = await SF.api("DELETE", "/api/v1/keys/" + SF.path(key.id));
            if (!answer.ok) return SF.flash("Could not revoke: " + answer.message, true);
            SF.flash("Revoked " + key.name + ".");
            load();
          }

          async function rotate(key) {
            const answer = await SF.api("POST", "/api/v1/keys/" + SF.path(key.id) + "/rotate", {});
            if (!answer.ok) return SF.flash("Could not rotate: " + answer.message, true);
            reveal(answer.data.key);
            SF.flash("Rotated " + key.name + ": the old key keeps working for the overlap only.");
            load();
          }

          $("key-form").addEventListener("submit", async (event) => {
            event.preventDefault();
            const body = { name: $("key-name").value.trim() };
            if ($("key-role").value) body.role = $("key-role").value;
            if ($("key-days").value) body.expires_in_days = Number($("key-days").value);
            const answer = await SF.api("POST", "/api/v1/keys", body);
            if (!answer.ok) return SF.flash("Could not create the key: " + answer.message, true);
            reveal(answer.data.key);
            $("key-form").reset();
            load();
          });

          load();
        });
        """#
}
