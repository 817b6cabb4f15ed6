extension WebAssets {
    /// `/assets/builder.js`: turns the form into `POST /api/v1/generate` with a spec in the CLI's
    /// keys, then follows the job live with a progress bar until it ends.
    static let builder = #"""
        "use strict";
        document.addEventListener("DOMContentLoaded", () => {
          const $ = SF.byId;
          const domain = $("domain"), task = $("task");

          function tasksOf(option) {
            try { return JSON.parse(option.dataset.tasks || "[]"); } catch (error) { return []; }
          }
          function describe() {
            const found = tasksOf(domain.selectedOptions[0] || domain).find((t) => t.name === task.value);
            $("task-description").textContent = found ? found.shape + ": " + found.description : "";
          }
          domain.addEventListener("change", () => {
            SF.show(task, tasksOf(domain.selectedOptions[0]).map((t) => SF.el("option", { value: t.name, text: t.name })));
            describe();
          });
          task.addEventListener("change", describe);
          describe();

          for (const radio of document.querySelectorAll("input[name=source]")) {
            radio.addEventListener("change", () => { $("llm").hidden = document.querySelector("input[name=source]:checked").value !== "llm"; });
          }
          SF.api("GET", "/api/v1/templates").then((answer) => {
            if (answer.ok) SF.show($("template-names"), SF.list(answer.data).map((t) => SF.el("option", { value: t.name })));
          });

          /** The spec, in the keys of the CLI's spec files; only what the form sets. */
          function spec() {
            const spec = { domain: domain.value, task: task.value, count: Number($("count").value) };
            if ($("seed").value !== "") spec.seed = Number($("seed").value);
            if (document.querySelector("input[name=source]:checked").value === "llm") {
              for (const key of ["provider", "model", "base-url", "template"]) if ($(key).value.trim()) spec[key] = $(key).value.trim();
            }
            if ($("quality-threshold").value !== "") spec["quality-threshold"] = Number($("quality-threshold").value);
            for (const key of ["privacy-level", "pii", "toxicity", "bias"]) if ($(key).value) spec[key] = $(key).value;
            for (const key of ["dedup", "near-dedup"]) if ($(key).value) spec[key] = $(key).value === "true";
            return spec;
          }

          let job = null;
          function render(progress, current) {
            const target = (progress && progress.target) || (current && current.target) || 0;
            const written = (progress && progress.written) ?? (current && current.written) ?? 0;
            $("job-progress").max = Math.max(target, 1);
            $("job-progress").value = Math.min(written, Math.max(target, 1));
            $("job-counts").textContent = SF.fmt(written) + " of " + SF.fmt(target) + " records written"
              + (progress && SF.isNumber(progress.generated) ? " (" + SF.fmt(progress.generated) + " generated)" : "");
            if (current) {
              $("job-status").textContent = current.status;
              $("job-status").className = "badge " + current.status;
              $("job-message").textContent = current.error || current.message || "";
            }
          }

          $("builder").addEventListener("submit", async (event) => {
            event.preventDefault();
            $("builder-error").textContent = "";
            $("generate").disabled = true;
            const answer = await SF.api("POST", "/api/v1/generate", { dataset: $("dataset").value.trim(), spec: spec() });
            $("generate").disabled = false;
            if (!answer.ok) {
              $("builder-error").textContent = answer.message + (answer.field ? " (" + answer.field + ")" : "");
              return;
            }
            job = answer.data;
            $("job").hidden = false;
            $("job-id").textContent = job.id;
            $("job-dataset").setAttribute("href", "/datasets/" + SF.path(job.dataset));
            $("job-cancel").hidden = false;
            render(null, job);
            SF.follow(job.id, ({ progress, job: current, error, done }) => {
              if (error) { $("job-message").textContent = "Lost the job's progress: " + error; return; }
              render(progress, current);
              if (done) $("job-cancel").hidden = true;
            });
          });

          $("job-cancel").addEventListener("click", async () => {
            if (!job) return;
            const answer = await SF.api("POST", "/api/v1/jobs/" + SF.path(job.id) + "/cancel");
            if (!answer.ok) SF.flash("Could not cancel: " + answer.message, true);
          });
        });
        """#
}
