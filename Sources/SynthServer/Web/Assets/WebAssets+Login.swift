extension WebAssets {
    /// `/assets/login.js`: signs in with the password (the API sets the HTTP-only session cookie),
    /// keeps the refresh token for this tab, and goes back where the user was heading.
    static let login = #"""
        "use strict";
        document.addEventListener("DOMContentLoaded", async () => {
          const next = SF.local(new URLSearchParams(location.search).get("next") || "/");
          const go = () => location.assign(next === "#" || next.startsWith("/login") ? "/" : next);
          // A stale session with a refresh token still kept in this tab: renew it without asking.
          if (sessionStorage.getItem(SF.refreshKey)) {
            const renewed = await SF.api("POST", "/api/v1/auth/refresh", { refresh_token: sessionStorage.getItem(SF.refreshKey) });
            if (renewed.ok) { sessionStorage.setItem(SF.refreshKey, renewed.data.refresh_token); go(); return; }
            sessionStorage.removeItem(SF.refreshKey);
          }
          const form = SF.byId("login-form"), error = SF.byId("login-error"), button = SF.byId("sign-in");
          form.addEventListener("submit", async (event) => {
            event.preventDefault();
            error.textContent = "";
            button.disabled = true;
            const body = { email: SF.byId("email").value.trim(), password: SF.byId("password").value };
            const org = SF.byId("org").value.trim();
            if (org) body.org = org;
            const answer = await SF.api("POST", "/api/v1/auth/login", body);
            button.disabled = false;
            if (!answer.ok) { error.textContent = answer.message; return; }
            sessionStorage.setItem(SF.refreshKey, answer.data.refresh_token);
            go();
          });
          SF.byId("email").focus();
        });
        """#
}
